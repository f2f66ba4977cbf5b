"""Recount the stored verdict tallies (and matrix cells) of resolutions, e.g. after migrating an existing
database or loading rows in bulk outside the services. Writes go through ``resolutions.tallies``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef

from resolutions.models import Resolution, VerdictCells, VerdictTally
from resolutions.tallies import refresh_tallies

BATCH = 1000


class Command(BaseCommand):
    help = "Đếm lại số chỉ tiêu theo đánh giá (lưu sẵn cho các trang tổng hợp) của các nghị quyết."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing", action="store_true",
            help="chỉ các nghị quyết chưa có số đếm hoặc chưa có đánh giá từng chỉ tiêu (sau khi nâng cấp)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        resolutions = Resolution.objects.order_by("pk")
        if options["missing"]:
            has_tallies = Exists(VerdictTally.objects.filter(resolution=OuterRef("pk")))
            has_cells = Exists(VerdictCells.objects.filter(resolution=OuterRef("pk")))
            resolutions = resolutions.exclude(has_tallies & has_cells)
        ids = list(resolutions.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            refresh_tallies(ids[start:start + BATCH])
            if len(ids) > BATCH:
                self.stdout.write(f"  … {min(start + BATCH, len(ids))}/{len(ids)}")
        self.stdout.write(f"Đã đếm lại đánh giá của {len(ids)} nghị quyết.")
