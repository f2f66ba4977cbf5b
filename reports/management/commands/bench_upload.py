"""Refusing the issue's zip bomb: time and memory (printed, not asserted).

``python manage.py bench_upload`` builds the 1,3 MB workbook whose one cell inflates to 1,26 GB
(``benchtools.zip_bomb_xlsx``) and times its refusal by ``check_upload`` and by the whole import path
(``run_import``, as the upload page and ``import_appendix`` call it), with the memory it took. The
import log written by the refusals is rolled back.
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from reports.appendix_import import run_import
from reports.archive import megabytes
from reports.benchtools import vn, zip_bomb_xlsx
from reports.excel.layouts import Layout
from reports.excel.safety import WorkbookError, check_upload
from reports.excel.shapes import ImportRequest


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Đo thời gian và bộ nhớ khi từ chối tệp nén độc hại (zip bomb) 1,3 MB → 1,26 GB."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inflated-mb", type=int, default=1260)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        bomb = zip_bomb_xlsx(options["inflated_mb"])
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB (Linux: KB)
        shape = f"{megabytes(len(bomb))} MB → {vn(options['inflated_mb'], 0)} MB"
        timings, peaks = [], []
        for _ in range(options["repeat"]):
            tracemalloc.start()
            started = time.perf_counter()
            try:
                check_upload(bomb, "bom.xlsx")
                raise RuntimeError("the bomb was not refused")
            except WorkbookError:
                timings.append(time.perf_counter() - started)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        self.stdout.write(f"Từ chối tệp nén độc hại ({shape}), check_upload: trung vị "
                          f"{vn(statistics.median(timings) * 1000, 1)} ms, bộ nhớ cấp thêm tối đa "
                          f"{vn(max(peaks) / 1024, 0)} KB")
        request = ImportRequest(Layout.TERM, "Đảng bộ tỉnh Thử", 1, 2020, 2025, file_name="bom.xlsx")
        timings = []
        try:
            with transaction.atomic():
                for _ in range(options["repeat"]):
                    started = time.perf_counter()
                    outcome = run_import(bomb, request, dry_run=True)
                    timings.append(time.perf_counter() - started)
                    if outcome.succeeded:
                        raise RuntimeError("the bomb was imported")
                raise _Rollback
        except _Rollback:
            pass
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Từ chối tệp nén độc hại qua run_import (trang nhập phụ lục, import_appendix): trung vị "
                          f"{vn(statistics.median(timings) * 1000, 1)} ms; bộ nhớ tiến trình tối đa "
                          f"{vn(rss_after, 0)} MB (trước khi thử: {vn(rss_before, 0)} MB)")
