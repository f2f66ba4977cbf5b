"""Adjusted targets in the appendix tables: the header says so and a note under the table names each original.

Hooks called by ``reports.excel.table.build_rows`` (the target column shows the target in force,
``Row.target_text``; its header gains "(đã điều chỉnh)" when any row is adjusted) and by the Excel and
Word writers (a "Ghi chú" block under the table gives, per adjusted target, its original text and the
decision that adjusted it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reports.excel.layouts import Column, Kind
from resolutions.in_force import original_note
from resolutions.verdicts import Row

ADJUSTED = " (đã điều chỉnh)"
ADJUSTED_NOTE = "Ghi chú: mục tiêu đã điều chỉnh"


def mark_adjusted(columns: Sequence[Column], rows: Sequence[Row]) -> list[Column]:
    """The columns, the target column's header ending in "(đã điều chỉnh)" when any row is adjusted."""
    if not any(row.adjustment is not None for row in rows):
        return list(columns)
    return [replace(c, header=c.header + ADJUSTED) if c.kind == Kind.TARGET else c for c in columns]


def adjustment_notes(rows: Sequence[Row]) -> list[str]:
    """One line per adjusted target: "Chỉ tiêu 4 (Thu ngân sách...): Mục tiêu ban đầu: ...; điều chỉnh thành ..."."""
    notes = []
    for row in rows:
        if row.adjustment is None:
            continue
        label = f"Chỉ tiêu {row.target.number}" if row.target.is_numbered else "Chỉ tiêu"
        notes.append(f"{label} ({row.target.name[:80]}): {original_note(row.target, row.adjustment)}")
    return notes

