"""Timings of the Word appendix and results section on a generated table (printed, not asserted).

``python manage.py bench_word --rows 5000`` writes a generated resolution (the same one as
``bench_appendix``) inside a transaction that is rolled back, then prints, as the other benchmarks
do, ``<name>: trung vị N ms`` for: the Word export of the term table, the import of that .docx into
a new committee, and the results section (text and .docx with its appendix).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from reports.appendix_import import run_import
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from reports.management.commands.bench_appendix import generated_doc
from reports.narrative import build_narrative
from reports.word.export import export_docx_bytes
from reports.word.report import narrative_document_bytes
from resolutions.models import Committee, Resolution, Result
from resolutions.services import apply_document
from resolutions.verdicts import rows_for


class _Rollback(Exception):
    pass


def _median_ms(repeat: int, run: Callable[[], Any]) -> int:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000)


class Command(BaseCommand):
    help = "Đo thời gian xuất, nhập phụ lục Word và viết phần kết quả thực hiện trên một bảng sinh tự động."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        rows, repeat = max(1, options["rows"]), max(1, options["repeat"])
        lines: list[str] = []
        try:
            with transaction.atomic():
                committee = Committee.objects.create(key="bench-word-tmp", name="Đảng bộ thử đo Word",
                                                     level=Committee.Level.PROVINCE)
                summary = apply_document(generated_doc(rows, committee.name), committee)
                resolution = Resolution.objects.with_context().get(pk=summary.resolution_id)
                data: dict[str, bytes] = {}

                def export() -> None:
                    data["docx"] = export_docx_bytes(resolution, Layout.TERM)

                lines.append(f"Xuất phụ lục Word ({rows} dòng, {{kb}} KB): trung vị {_median_ms(repeat, export)} ms")
                lines[-1] = lines[-1].replace("{kb}", str(len(data["docx"]) // 1024))

                def import_new() -> None:
                    with transaction.atomic():
                        request = ImportRequest(Layout.TERM, "Đảng bộ thử nhập Word", 1, 2020, 2025,
                                                file_name="bench.docx")
                        outcome = run_import(data["docx"], request)
                        if not outcome.succeeded:
                            raise RuntimeError("\n".join(outcome.errors[:10]))
                        transaction.set_rollback(True)

                lines.append(f"Nhập phụ lục Word vào đảng bộ mới ({rows} dòng): trung vị "
                             f"{_median_ms(repeat, import_new)} ms")

                def section_text() -> None:
                    build_narrative(rows_for(resolution, Result.Period.TERM, None), period_label="", term=True)

                def section_docx() -> None:
                    narrative = build_narrative(rows_for(resolution, Result.Period.TERM, None), period_label="",
                                                term=True)
                    narrative_document_bytes(resolution, narrative, Result.Period.TERM)

                lines.append(f"Phần kết quả thực hiện, văn bản ({rows} dòng): trung vị {_median_ms(repeat, section_text)} ms")
                lines.append(f"Phần kết quả thực hiện kèm phụ lục, Word ({rows} dòng): trung vị "
                             f"{_median_ms(repeat, section_docx)} ms")
                raise _Rollback
        except _Rollback:
            pass
        for line in lines:
            self.stdout.write(line)
