"""python manage.py restore /var/backups/chitieu/chitieu-2025-07-01.jsonl.gz [--force]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.backup import BackupError, read_header, restore
from resolutions.backup_summary import described


class Command(BaseCommand):
    help = ("Khôi phục dữ liệu từ tệp sao lưu vào cơ sở dữ liệu trống (tạo bảng nếu chưa có); "
            "từ chối cơ sở dữ liệu đang có dữ liệu, trừ khi có --force.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp sao lưu (do lệnh backup tạo)")
        parser.add_argument("--force", action="store_true",
                            help="XÓA toàn bộ dữ liệu hiện có rồi khôi phục (trong một giao dịch)")

    def handle(self, *args: Any, file: str, force: bool, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            header = read_header(path)
            # An empty database gets its tables first (the backup holds rows, not tables).
            call_command("migrate", interactive=False, verbosity=0)
            summary = restore(path, force=force)
        except BackupError as exc:
            raise CommandError(f"Không khôi phục được; không có gì thay đổi. {exc}") from exc
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {header['created'][:19].replace('T', ' ')} "
            f"({header['engine']}): {described(summary.counts)}. Mọi người cần đăng nhập lại."
        )
