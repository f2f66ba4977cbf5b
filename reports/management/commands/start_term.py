"""python manage.py start_term PHU-LUC-2.xlsx --user canbo.hungyen --committee "Đảng bộ tỉnh Hưng Yên" --congress 1
--term 2025-2030"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reports.appendix_import import run_import
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest, parse_term
from reports.management.commands.import_appendix import committee_for, importing_user
from resolutions.models import Resolution
from resolutions.next_term import carry_over


class Command(BaseCommand):
    help = ("Tạo nghị quyết đại hội nhiệm kỳ mới từ bảng mục tiêu (Phụ lục 2) và nối các chỉ tiêu với nhiệm kỳ "
            "trước (giữ liên kết danh mục, năm gốc là số liệu năm cuối nhiệm kỳ trước).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx mẫu 'targets' (STT, Chỉ tiêu, Mục tiêu 2025 - 2030)")
        parser.add_argument("--user", required=True,
                            help="Tên đăng nhập của người nhập (cần quyền nhập phụ lục cho đảng bộ này)")
        parser.add_argument("--committee", required=True, help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Hưng Yên"')
        parser.add_argument("--congress", required=True, type=int, help="Đại hội lần thứ (số): 1 cho I")
        parser.add_argument("--term", required=True, help="Nhiệm kỳ mới, ví dụ 2025-2030")
        parser.add_argument("--sheet", default=None, help="Tên trang, khi tệp có nhiều trang cùng mẫu")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: báo sẽ tạo/nối gì, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        user = importing_user(options["user"])  # the same checks as import_appendix
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            term_start, term_end = parse_term(options["term"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        request = ImportRequest(
            layout=Layout.TARGETS, committee_name=options["committee"], ordinal=options["congress"],
            term_start=term_start, term_end=term_end, sheet=options["sheet"], file_name=path.name,
        )
        committee = committee_for(user, options["committee"], options["congress"])
        # One transaction: the new resolution and its links to the previous term, or nothing.
        with transaction.atomic():
            outcome = run_import(path.read_bytes(), request, committee=committee, user=user)
            if not outcome.succeeded or outcome.summary is None:
                raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
            resolution = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
            carried = carry_over(resolution, user)
            if options["dry_run"]:
                transaction.set_rollback(True)
        self.stdout.write(outcome.report())
        self.stdout.write(("Chạy thử: " if options["dry_run"] else "") + carried.as_text())
