"""python manage.py import_appendix FILE.xlsx|FILE.docx --layout term [--committee "..." --congress 20 --term 2020-2025]

Committee, congress, term (and, for the annual layout, year) default to what the table's title
states ("ĐẢNG BỘ TỈNH THÁI BÌNH LẦN THỨ XX, NHIỆM KỲ 2020 - 2025").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.excel.importer import ImportRequest, parse_term, run_import
from reports.excel.layouts import Layout
from reports.excel.safety import max_file_size
from reports.file_titles import stated_title


class Command(BaseCommand):
    help = ("Nhập một bảng phụ lục (.xlsx, hoặc bảng trong báo cáo Word .docx) vào nghị quyết của một đảng bộ; "
            "lỗi ở bất kỳ ô nào thì không ghi gì. Đảng bộ, đại hội, nhiệm kỳ không ghi thì lấy theo tiêu đề bảng.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .docx")
        parser.add_argument("--layout", required=True, choices=[x.value for x in Layout])
        parser.add_argument("--committee", default=None,
                            help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Thái Bình" (mặc định: theo tiêu đề bảng)')
        parser.add_argument("--congress", type=int, default=None,
                            help="Đại hội lần thứ (số): 20 cho XX, 1 cho I (mặc định: theo tiêu đề bảng)")
        parser.add_argument("--term", default=None, help="Nhiệm kỳ, ví dụ 2020-2025 (mặc định: theo tiêu đề bảng)")
        parser.add_argument("--year", type=int, default=None, help="Năm (mẫu annual; mặc định: theo tiêu đề bảng)")
        parser.add_argument("--sheet", default=None,
                            help="Tên trang Excel hoặc bảng Word ('Phụ lục 1B', 'Bảng 3'), khi tệp có nhiều bảng cùng mẫu")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: báo sẽ tạo/sửa gì, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        """Exits non-zero (CommandError) on any error; the ImportLog keeps the errors."""
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        if path.stat().st_size > max_file_size():
            raise CommandError(f"Tệp '{path.name}' quá lớn (giới hạn {max_file_size() // (1024 * 1024)} MB).")
        if options["congress"] is not None and options["congress"] < 1:
            raise CommandError("--congress phải là số từ 1 trở lên (20 cho đại hội lần thứ XX).")
        term = None
        if options["term"]:
            try:
                term = parse_term(options["term"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        data = path.read_bytes()
        layout = Layout(options["layout"])
        stated = stated_title(data, path.name, layout, options["sheet"], options["committee"] or "")
        committee = options["committee"] or stated.committee_name
        ordinal = options["congress"] or stated.ordinal
        term = term or stated.term
        year = options["year"] or (stated.year if layout == Layout.ANNUAL else None)
        missing = [flag for flag, value in (("--committee", committee), ("--congress", ordinal), ("--term", term))
                   if not value]
        if missing:
            raise CommandError(f"Tiêu đề bảng trong tệp không ghi đủ; hãy cho {', '.join(missing)}.")
        taken = [w for w, given in (("đảng bộ", options["committee"]), ("đại hội", options["congress"]),
                                    ("nhiệm kỳ", options["term"])) if not given]
        if taken:
            self.stdout.write(f"Lấy theo tiêu đề bảng ({', '.join(taken)}): {stated.describe()}")
        request = ImportRequest(
            layout=layout, committee_name=committee, ordinal=ordinal,  # type: ignore[arg-type]
            term_start=term[0], term_end=term[1], year=year, sheet=options["sheet"],  # type: ignore[index]
            file_name=path.name,
        )
        outcome = run_import(data, request, dry_run=options["dry_run"])
        if not outcome.succeeded:
            raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
        self.stdout.write(outcome.report())
