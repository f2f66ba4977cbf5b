"""python manage.py import_appendix FILE.xlsx --user TÊN --layout term --committee "..." --congress 20 --term 2020-2025"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.admin import IMPORT_PERMISSION
from reports.excel.importer import ImportRequest, parse_term, run_import
from reports.excel.layouts import Layout
from reports.excel.safety import max_file_size
from resolutions import access
from resolutions.lookup import LookupError_, find_committee
from resolutions.models import Committee


def importing_user(username: str) -> AbstractBaseUser:
    """The active account named by ``--user`` that may import appendices (CommandError otherwise)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"Không có tài khoản đang hoạt động tên '{username}' (--user).")
    if not user.has_perm(IMPORT_PERMISSION):
        raise CommandError(f"Tài khoản '{username}' không có quyền nhập phụ lục từ Excel.")
    return user


def committee_for(user: AbstractBaseUser, name: str, ordinal: int) -> Committee | None:
    """The committee named, if ``user`` may import for it (``resolutions.access``, as on the upload page).

    None means a new committee, which only an administrator may create by importing.
    """
    try:
        committee = find_committee(name, ordinal)
    except LookupError_ as exc:
        raise CommandError(str(exc)) from exc
    if committee is None:
        if not access.is_admin(user):
            raise CommandError(f"Chưa có '{name}'; chỉ quản trị mới tạo được đảng bộ mới khi nhập phụ lục.")
        return None
    if not access.can(user, "edit", committee):
        raise CommandError(f"Tài khoản '{user.get_username()}' không có quyền nhập số liệu cho {committee.name}.")
    return committee


class Command(BaseCommand):
    help = ("Nhập một bảng phụ lục (.xlsx) vào nghị quyết của một đảng bộ, ghi nhận người nhập (--user); "
            "lỗi ở bất kỳ ô nào thì không ghi gì.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--user", required=True,
                            help="Tên đăng nhập của người nhập (cần quyền nhập phụ lục cho đảng bộ này)")
        parser.add_argument("--layout", required=True, choices=[x.value for x in Layout])
        parser.add_argument("--committee", required=True, help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Thái Bình"')
        parser.add_argument("--congress", required=True, type=int, help="Đại hội lần thứ (số): 20 cho XX, 1 cho I")
        parser.add_argument("--term", required=True, help="Nhiệm kỳ, ví dụ 2020-2025")
        parser.add_argument("--year", type=int, default=None, help="Năm (mẫu annual)")
        parser.add_argument("--sheet", default=None, help="Tên trang, khi tệp có nhiều trang cùng mẫu")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: báo sẽ tạo/sửa gì, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        """Exits non-zero (CommandError) on any error; the ImportLog keeps the errors and the user."""
        user = importing_user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        if path.stat().st_size > max_file_size():
            raise CommandError(f"Tệp '{path.name}' quá lớn (giới hạn {max_file_size() // (1024 * 1024)} MB).")
        if options["congress"] < 1:
            raise CommandError("--congress phải là số từ 1 trở lên (20 cho đại hội lần thứ XX).")
        try:
            term_start, term_end = parse_term(options["term"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        committee = committee_for(user, options["committee"], options["congress"])
        request = ImportRequest(
            layout=Layout(options["layout"]), committee_name=options["committee"], ordinal=options["congress"],
            term_start=term_start, term_end=term_end, year=options["year"], sheet=options["sheet"],
            file_name=path.name,
        )
        outcome = run_import(path.read_bytes(), request, committee=committee, user=user, dry_run=options["dry_run"])
        if not outcome.succeeded:
            raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
        self.stdout.write(outcome.report())
