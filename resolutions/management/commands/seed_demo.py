"""Set up a demo database: seed documents' data, role groups and demo users. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resolutions.demo import ensure_demo_users
from resolutions.seeds import load_seeds
from resolutions.services import DocumentError


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu, tạo nhóm quyền và người dùng thử; chạy lại an toàn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ cho biết sẽ thay đổi gì.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        try:
            with transaction.atomic():
                results = load_seeds()
                users = ensure_demo_users()
                if dry_run:
                    transaction.set_rollback(True)
        except DocumentError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for name, summary in results:
            self.stdout.write(f"{name}: {summary.as_text()}")
        self.stdout.write("Người dùng thử (tên đăng nhập / mật khẩu):")
        for user in users:
            self.stdout.write(f"  {user.username} / {user.password}  — {user.full_name}")
        if dry_run:
            self.stdout.write("Chạy thử: không ghi gì vào cơ sở dữ liệu.")
