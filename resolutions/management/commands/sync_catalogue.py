"""Merge the shipped indicator catalogue (indicators/catalogue.yaml) into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.catalogue import CATALOGUE_FILE, CatalogueError, read_catalogue
from resolutions.services import sync_catalogue


class Command(BaseCommand):
    help = ("Đồng bộ danh mục chỉ số chung (indicators/catalogue.yaml) vào cơ sở dữ liệu; giữ nguyên những gì "
            "đơn vị đã sửa. Chạy lại an toàn.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ cho biết sẽ thay đổi gì, không ghi.")
        parser.add_argument("--file", type=Path, default=CATALOGUE_FILE, help="Tệp danh mục (mặc định: tệp kèm phần mềm).")

    def handle(self, *args: Any, dry_run: bool, file: Path, **options: Any) -> None:
        try:
            entries = read_catalogue(file)
        except (CatalogueError, OSError) as exc:
            messages = exc.messages if isinstance(exc, CatalogueError) else [str(exc)]
            raise CommandError("\n".join(messages)) from exc
        self.stdout.write(sync_catalogue(entries, dry_run=dry_run).as_text())
