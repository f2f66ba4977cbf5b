"""Timings of appendix export and import on a generated table (printed, not asserted).

``python manage.py bench_appendix --rows 5000`` writes a generated resolution of that many rows
through ``apply_document`` into a throwaway committee, then times (median of ``--repeat`` runs;
the floor and the export, a second or so each, ``--export-repeat`` runs, which steadies their ratio):

- the floor: openpyxl's write-only writer writing the very cells of the exported file (every
  sheet, values only: no styles, heights, merges or print setup), read back from the export;
- the export itself (queries, verdicts, styles, row heights, the hidden round-trip sheet) and its
  ratio to the floor (at most ``EXPORT_LIMIT``). Floor and export run in turns, so that a busy spell
  of a shared machine weighs on both, and the ratio is the median of each pair's;
- importing the exported file into a new committee (every row new, with its history entry), and
  importing it again into its own resolution (nothing changes);
- importing the same table as a person types it (no hidden sheet) into a new committee: every row
  is linked to the catalogue by its wording and its direction guessed when nothing matches.

Everything happens inside a transaction that is rolled back, so the database is left as it was.
Lines read ``<name>: trung vị N ms``; the first line says which database they were taken on.
"""

from __future__ import annotations

import gc
import io
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from openpyxl import Workbook, load_workbook

from indicators.numbers import format_number
from reports.appendix_import import run_import
from reports.benchtools import database_label, vn
from reports.excel import roundtrip
from reports.excel.export import export_bytes
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from resolutions.documents import ResolutionDoc, ResultRow, SectionRow, TargetRow, resolve_ditto_units
from resolutions.models import Committee, Resolution, Result, Target
from resolutions.services import apply_document

_SHAPES = [("trên 9,5", "9,8"), ("7,5-8", "7,6"), ("< 1", "0,9"), ("1.600", "1.720"), ("95", "94,2"),
           ("Hoàn thành", ""), ("250.000", "328.096"), ("2 - 2,5", "74 (19,6)")]
_VERDICTS = ["Vượt", "Đạt", "Đạt", "Vượt", "Chưa đạt", "", "Vượt", "Đạt"]
_SECTIONS = [("I", "KINH TẾ"), ("II", "VĂN HOÁ - XÃ HỘI"), ("III", "MÔI TRƯỜNG"), ("IV", "XÂY DỰNG ĐẢNG")]
EXPORT_LIMIT = 3  # the export may take at most this many times the floor (issue 11)


class _Rollback(Exception):
    pass


def generated_doc(rows: int, committee_name: str) -> ResolutionDoc:
    """A term-results table of ``rows`` rows: sections, numbered targets, sub-rows, term results."""
    sections = [SectionRow(code=code, title=title) for code, title in _SECTIONS]
    made = number = 0
    while made < rows:
        number += 1
        shape, result = _SHAPES[number % len(_SHAPES)]
        target = TargetRow(number=str(number), name=f"Chỉ tiêu sinh tự động số {number}", unit="%", target=shape)
        if result:
            target.results.append(ResultRow("term", None, result, reported=_VERDICTS[number % len(_VERDICTS)]))
        made += 1
        for part in range(2 if number % 5 == 0 else 0):
            if made >= rows:
                break
            value = format_number(Decimal(number % 97) + Decimal(part) / 10)
            child = TargetRow(number="-", name=f"Phần {part + 1} của chỉ tiêu {number}", unit='"', target="")
            child.results.append(ResultRow("term", None, value))
            target.children.append(child)
            made += 1
        sections[(number * len(sections)) // (rows + 1)].targets.append(target)
    doc = ResolutionDoc(
        committee_key="", committee_name=committee_name, ordinal=1, term_start=2020, term_end=2025,
        kind="congress", year=None, title=f"Nghị quyết thử {rows} dòng", sections=[s for s in sections if s.targets],
    )
    resolve_ditto_units(doc)  # as every reader does: '"' means the unit of the row above
    return doc


def sheet_values(data: bytes) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of a workbook as rows of plain values (what the floor writes)."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    finally:
        wb.close()


def without_hidden_sheet(data: bytes) -> bytes:
    """The exported workbook as a person types it: the printed table only (no round-trip sheet)."""
    wb = load_workbook(io.BytesIO(data))
    del wb[roundtrip.SHEET_TITLE]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_floor(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    """The floor: openpyxl's write-only writer, the same cells, no styles or sheet setup."""
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class _Timing:
    """Medians of the wall-clock time and of this process's CPU time (seconds)."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        # The machine may be shared: the CPU time says what the work costs whatever else runs; with
        # PostgreSQL it leaves out the database server's own work.
        return f"trung vị {vn(self.wall * 1000, 0)} ms (CPU của tiến trình {vn(self.cpu * 1000, 0)} ms)"


def _timed(run: Callable[[], Any]) -> _Timing:
    """One run's times; a ``run`` that returns a ``_Timing`` has timed its own core."""
    # Collected first, untimed: a run does not pay for the garbage of the one before (the export
    # pauses the collector, so the run after it would find its leftovers due).
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    own = run()
    if isinstance(own, _Timing):
        return own
    return _Timing(time.perf_counter() - start, time.process_time() - cpu)


def _medians(timings: list[_Timing]) -> _Timing:
    return _Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def _median(repeat: int, run: Callable[[], Any]) -> _Timing:
    """Medians over ``repeat`` runs."""
    return _medians([_timed(run) for _ in range(repeat)])


def _paired(repeat: int, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[_Timing, _Timing, _Timing]:
    """Medians of two runs taken in turns, and the median of each pair's ratio (second / first).

    In turns, whatever else the machine is doing weighs on both alike (timed one after the other, a
    busy spell could fall on either); each pair's ratio compares two runs made in the same moment.
    """
    pairs = [(_timed(first), _timed(second)) for _ in range(repeat)]
    ratios = _medians([_Timing(b.wall / a.wall, b.cpu / a.cpu) for a, b in pairs])
    return _medians([a for a, _b in pairs]), _medians([b for _a, b in pairs]), ratios


class Command(BaseCommand):
    help = "Đo thời gian xuất và nhập phụ lục Excel trên một bảng sinh tự động (không ghi lại gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--export-repeat", type=int, default=9)

    def handle(self, *args: Any, **options: Any) -> None:
        rows, repeat = max(1, options["rows"]), max(1, options["repeat"])
        size = format_number(Decimal(rows))
        lines: list[str] = [f"Cơ sở dữ liệu: {database_label()}"]
        try:
            with transaction.atomic():
                committee = Committee.objects.create(key="bench-appendix-tmp", name="Đảng bộ thử đo thời gian",
                                                     level=Committee.Level.PROVINCE)
                start = time.perf_counter()
                summary = apply_document(generated_doc(rows, committee.name), committee)
                lines.append(f"Tạo dữ liệu ({size} dòng qua apply_document): {vn(time.perf_counter() - start, 2)} s")
                resolution = Resolution.objects.with_context().get(pk=summary.resolution_id)
                data: dict[str, bytes] = {"xlsx": export_bytes(resolution, Layout.TERM)}
                sheets = sheet_values(data["xlsx"])
                cells = sum(1 for _t, rs in sheets for r in rs for v in r if v is not None)

                def export() -> None:
                    data["xlsx"] = export_bytes(resolution, Layout.TERM)

                floor, exported, ratios = _paired(max(1, options["export_repeat"]), lambda: write_floor(sheets), export)
                lines.append(f"Sàn: openpyxl write-only ghi cùng {format_number(Decimal(cells))} ô, không định dạng: "
                             f"{floor}")
                lines.append(f"Xuất Excel ({size} dòng, {len(data['xlsx']) // 1024} KB): {exported}")
                ratio = Decimal(str(ratios.wall)).quantize(Decimal("0.1"))
                cpu_ratio = Decimal(str(ratios.cpu)).quantize(Decimal("0.1"))
                verdict = "đạt" if ratios.wall <= EXPORT_LIMIT else "CHƯA ĐẠT"
                lines.append(f"Xuất Excel so với sàn: {format_number(ratio, 1)} lần (trung vị của từng cặp chạy liền "
                             f"nhau; CPU: {format_number(cpu_ratio, 1)} lần; yêu cầu ≤ {EXPORT_LIMIT} lần: {verdict})")

                counted: dict[str, int] = {}

                def import_new(kind: str = "xlsx") -> _Timing:
                    with transaction.atomic():
                        request = ImportRequest(Layout.TERM, "Đảng bộ thử nhập mới", 1, 2020, 2025,
                                                file_name="bench.xlsx")
                        start, cpu = time.perf_counter(), time.process_time()
                        outcome = run_import(data[kind], request)
                        elapsed = _Timing(time.perf_counter() - start, time.process_time() - cpu)
                        if not outcome.succeeded:
                            raise RuntimeError("\n".join(outcome.errors[:10]))
                        new = Resolution.objects.get(pk=outcome.summary.resolution_id)
                        counted["targets"] = Target.objects.filter(resolution=new).count()
                        counted["history"] = (Target.history.filter(resolution_id=new.pk).count()
                                              + Result.history.filter(target__resolution=new).count())
                        transaction.set_rollback(True)
                    return elapsed

                def import_same() -> None:
                    with transaction.atomic():
                        request = ImportRequest(Layout.TERM, committee.name, 1, 2020, 2025, file_name="bench.xlsx")
                        outcome = run_import(data["xlsx"], request, committee=committee)
                        if not outcome.succeeded or not outcome.summary.changes_nothing:
                            raise RuntimeError("\n".join(outcome.errors[:10]) or outcome.log.summary[:500])
                        transaction.set_rollback(True)

                new_time = _median(repeat, import_new)
                lines.append(f"Nhập Excel vào đảng bộ mới ({format_number(Decimal(counted['targets']))} chỉ tiêu, "
                             f"{format_number(Decimal(counted['history']))} dòng lịch sử): {new_time}")
                lines.append(f"Nhập lại cùng tệp (không đổi gì): {_median(repeat, import_same)}")
                data["typed"] = without_hidden_sheet(data["xlsx"])
                typed_time = _median(repeat, lambda: import_new("typed"))
                lines.append(f"Nhập bảng gõ tay vào đảng bộ mới (không có trang ẩn; gắn danh mục theo tên, "
                             f"{format_number(Decimal(counted['targets']))} chỉ tiêu): {typed_time}")
                raise _Rollback
        except _Rollback:
            pass
        for line in lines:
            self.stdout.write(line)
