"""Load the seed documents' targets and results (fixtures/*.yaml)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.seeds import load_seeds
from resolutions.services import DocumentError


class Command(BaseCommand):
    help = "Nạp dữ liệu các văn bản mẫu (fixtures/*.yaml); chạy lại không tạo trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ cho biết sẽ thay đổi gì.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        try:
            results = load_seeds(dry_run=dry_run)
        except DocumentError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for name, summary in results:
            self.stdout.write(f"{name}: {summary.as_text()}")
        if dry_run:
            self.stdout.write("Chạy thử: không ghi gì vào cơ sở dữ liệu.")
