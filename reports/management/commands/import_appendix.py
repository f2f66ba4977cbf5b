"""python manage.py import_appendix FILE.xlsx|FILE.docx --user TÊN --layout term [--committee "..." --congress 20 --term 2020-2025]

Committee, congress, term (and, for the annual layout, year) default to what the table's title
states ("ĐẢNG BỘ TỈNH THÁI BÌNH LẦN THỨ XX, NHIỆM KỲ 2020 - 2025"). ``--user`` names who imports:
an active account allowed to import for that committee (``resolutions.access``, as on the upload
page); the import log and the history record it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.admin import IMPORT_PERMISSION
from reports.appendix_import import run_import
from reports.excel.layouts import Layout
from reports.excel.ratings import LAYOUT as RATINGS
from reports.excel.ratings import import_ratings
from reports.excel.safety import max_file_size
from reports.excel.shapes import ImportRequest, parse_term
from reports.file_titles import stated_title
from resolutions import access
from resolutions.lookup import LookupError_, find_committee
from resolutions.models import Committee


def importing_user(username: str) -> AbstractBaseUser:
    """The active account named by ``--user`` that may import appendices (CommandError otherwise)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"Không có tài khoản đang hoạt động tên '{username}' (--user).")
    if not user.has_perm(IMPORT_PERMISSION):
        raise CommandError(f"Tài khoản '{username}' không có quyền nhập phụ lục.")
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
    help = ("Nhập một bảng phụ lục (.xlsx, hoặc bảng trong báo cáo Word .docx) vào nghị quyết của một đảng bộ, "
            "ghi nhận người nhập (--user); lỗi ở bất kỳ ô nào thì không ghi gì. Đảng bộ, đại hội, nhiệm kỳ "
            "không ghi thì lấy theo tiêu đề bảng.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .docx")
        parser.add_argument("--user", required=True,
                            help="Tên đăng nhập của người nhập (cần quyền nhập phụ lục cho đảng bộ này)")
        parser.add_argument("--layout", required=True, choices=[x.value for x in Layout] + [RATINGS])
        parser.add_argument("--committee", default=None,
                            help='Tên đảng bộ, ví dụ "Đảng bộ tỉnh Thái Bình" (mặc định: theo tiêu đề bảng)')
        parser.add_argument("--congress", type=int, default=None,
                            help="Đại hội lần thứ (số): 20 cho XX, 1 cho I (mặc định: theo tiêu đề bảng)")
        parser.add_argument("--term", default=None, help="Nhiệm kỳ, ví dụ 2020-2025 (mặc định: theo tiêu đề bảng)")
        parser.add_argument("--year", type=int, default=None, help="Năm (mẫu annual; mặc định: theo tiêu đề bảng; mẫu ratings: năm xếp loại)")
        parser.add_argument("--sheet", default=None,
                            help="Tên trang Excel hoặc bảng Word ('Phụ lục 1B', 'Bảng 3'), khi tệp có nhiều bảng cùng mẫu")
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: báo sẽ tạo/sửa gì, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        """Exits non-zero (CommandError) on any error; the ImportLog keeps the errors and the user."""
        user = importing_user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        if path.stat().st_size > max_file_size():
            raise CommandError(f"Tệp '{path.name}' quá lớn (giới hạn {max_file_size() // (1024 * 1024)} MB).")
        if options["congress"] is not None and options["congress"] < 1:
            raise CommandError("--congress phải là số từ 1 trở lên (20 cho đại hội lần thứ XX).")
        if options["layout"] == RATINGS:
            self._ratings(path, options, user)
            return
        term = None
        if options["term"]:
            try:
                term = parse_term(options["term"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        data = path.read_bytes()
        layout = Layout(options["layout"])
        stated = stated_title(data, path.name, layout, options["sheet"], options["committee"] or "")
        committee_name = options["committee"] or stated.committee_name
        ordinal = options["congress"] or stated.ordinal
        term = term or stated.term
        year = options["year"] or (stated.year if layout == Layout.ANNUAL else None)
        missing = [flag for flag, value in (("--committee", committee_name), ("--congress", ordinal),
                                            ("--term", term)) if not value]
        if missing:
            raise CommandError(f"Tiêu đề bảng trong tệp không ghi đủ; hãy cho {', '.join(missing)}.")
        taken = [w for w, given in (("đảng bộ", options["committee"]), ("đại hội", options["congress"]),
                                    ("nhiệm kỳ", options["term"])) if not given]
        if taken:
            self.stdout.write(f"Lấy theo tiêu đề bảng ({', '.join(taken)}): {stated.describe()}")
        committee = committee_for(user, committee_name, ordinal)  # type: ignore[arg-type]
        request = ImportRequest(
            layout=layout, committee_name=committee_name, ordinal=ordinal,  # type: ignore[arg-type]
            term_start=term[0], term_end=term[1], year=year, sheet=options["sheet"],  # type: ignore[index]
            file_name=path.name,
        )
        outcome = run_import(data, request, committee=committee, user=user, dry_run=options["dry_run"])
        if not outcome.succeeded:
            raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
        self.stdout.write(outcome.report())

    def _ratings(self, path: Path, options: dict[str, Any], user: AbstractBaseUser) -> None:
        """Phụ lục 3: counts of --committee and the committees directly below it for --year."""
        if options["year"] is None or not options["committee"] or options["congress"] is None:
            raise CommandError("Mẫu ratings cần --committee, --congress và --year (năm xếp loại).")
        try:
            committee = find_committee(options["committee"], options["congress"])
        except LookupError_ as exc:
            raise CommandError(str(exc)) from exc
        if committee is None:
            raise CommandError(f"Không có đảng bộ tên '{options['committee']}'.")
        outcome = import_ratings(path.read_bytes(), committee, options["year"], user=user, file_name=path.name,
                                 dry_run=options["dry_run"])
        if not outcome.succeeded:
            raise CommandError("Không nhập được tệp; không có gì được ghi:\n" + "\n".join(outcome.errors))
        self.stdout.write(outcome.log.summary)
