"""python manage.py import_appendix FILE.xlsx --layout term --committee "..." --congress 20 --term 2020-2025"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.excel.importer import ImportRequest, parse_term, run_import
from reports.excel.layouts import Layout
from reports.excel.ratings import LAYOUT as RATINGS
from reports.excel.ratings import import_ratings
from reports.excel.safety import max_file_size
from resolutions.lookup import LookupError_, find_committee


class Command(BaseCommand):
    help = "Nhập một bảng phụ lục (.xlsx) vào nghị quyết của một đảng bộ; lỗi ở bất kỳ ô nào thì không ghi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--layout", required=True, choices=[x.value for x in Layout] + [RATINGS])
        parser.add_argument("--committee", required=True, help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Thái Bình"')
        parser.add_argument("--congress", required=True, type=int, help="Đại hội lần thứ (số): 20 cho XX, 1 cho I")
        parser.add_argument("--term", default=None, help="Nhiệm kỳ, ví dụ 2020-2025 (mọi mẫu trừ ratings)")
        parser.add_argument("--year", type=int, default=None, help="Năm (mẫu annual; mẫu ratings: năm xếp loại)")
        parser.add_argument("--sheet", default=None, help="Tên trang, khi tệp có nhiều trang cùng mẫu")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: báo sẽ tạo/sửa gì, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        """Exits non-zero (CommandError) on any error; the ImportLog keeps the errors."""
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        if path.stat().st_size > max_file_size():
            raise CommandError(f"Tệp '{path.name}' quá lớn (giới hạn {max_file_size() // (1024 * 1024)} MB).")
        if options["congress"] < 1:
            raise CommandError("--congress phải là số từ 1 trở lên (20 cho đại hội lần thứ XX).")
        if options["layout"] == RATINGS:
            self._ratings(path, options)
            return
        if not options["term"]:
            raise CommandError("Cần --term, ví dụ 2020-2025.")
        try:
            term_start, term_end = parse_term(options["term"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        request = ImportRequest(
            layout=Layout(options["layout"]), committee_name=options["committee"], ordinal=options["congress"],
            term_start=term_start, term_end=term_end, year=options["year"], sheet=options["sheet"],
            file_name=path.name,
        )
        outcome = run_import(path.read_bytes(), request, dry_run=options["dry_run"])
        if not outcome.succeeded:
            raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
        self.stdout.write(outcome.report())

    def _ratings(self, path: Path, options: dict[str, Any]) -> None:
        """Phụ lục 3: counts of --committee and the committees directly below it for --year."""
        if options["year"] is None:
            raise CommandError("Mẫu ratings cần --year (năm xếp loại).")
        try:
            committee = find_committee(options["committee"], options["congress"])
        except LookupError_ as exc:
            raise CommandError(str(exc)) from exc
        if committee is None:
            raise CommandError(f"Không có đảng bộ tên '{options['committee']}'.")
        outcome = import_ratings(path.read_bytes(), committee, options["year"], file_name=path.name,
                                 dry_run=options["dry_run"])
        if not outcome.succeeded:
            raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
        self.stdout.write(outcome.log.summary)
