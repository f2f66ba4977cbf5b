"""python manage.py backup --output /var/backups/chitieu/chitieu-2025-07-01.jsonl.gz"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.backup import BackupError, backup
from resolutions.backup_summary import described


class Command(BaseCommand):
    help = ("Sao lưu toàn bộ dữ liệu (tài khoản, đảng bộ, nghị quyết, chỉ tiêu, kết quả, lịch sử thay đổi, "
            "nhật ký) ra một tệp; dùng được cho SQLite và PostgreSQL.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="Tệp sao lưu sẽ ghi (ví dụ chitieu-2025-07-01.jsonl.gz)")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục '{path.parent}'.")
        try:
            summary = backup(path)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Không sao lưu được: {exc}") from exc
        size = path.stat().st_size / 1024
        shown = f"{described(size / 1024)} MB" if size >= 1024 else f"{described(size)} KB"
        self.stdout.write(f"Đã sao lưu vào {path} ({shown}): {described(summary.counts)}.")
