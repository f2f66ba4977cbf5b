"""python manage.py unlock_login TÊN_ĐĂNG_NHẬP — mở khóa một tài khoản bị khóa vì đăng nhập sai nhiều lần."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from resolutions.sign_in import is_locked, unlock


class Command(BaseCommand):
    help = "Mở khóa đăng nhập cho tài khoản bị khóa vì nhập sai mật khẩu nhiều lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="+", help="Tên đăng nhập cần mở khóa")

    def handle(self, *args: Any, username: list[str], **options: Any) -> None:
        for name in username:
            was_locked = is_locked(name)
            count = unlock(name, by="lệnh unlock_login")
            state = "đang bị khóa" if was_locked else "không bị khóa"
            self.stdout.write(f"{name}: {state}; đã xóa {count} bản ghi đăng nhập sai, có thể đăng nhập ngay.")
