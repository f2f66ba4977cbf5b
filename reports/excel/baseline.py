"""The new term's targets table (Phụ lục 2) with the previous term's last-year figures: a "Năm gốc 2025" column.

A hook of ``reports.excel.export``: the column goes right after the target column when any target of
the resolution continues a previous term's target (``resolutions.next_term.baselines``). The importer
knows the column (``layouts.Kind.BASELINE``) and never reads it back: a baseline is derived.
"""

from __future__ import annotations

from collections.abc import Sequence

from reports.excel.layouts import Column, Kind
from resolutions.models import Resolution
from resolutions.next_term import baselines


def add_baseline(columns: Sequence[Column], resolution: Resolution) -> tuple[list[Column], dict[int, str]]:
    """The columns with "Năm gốc <year>" after the target column, and each target's baseline text (one or
    two queries). Unchanged columns and no texts when no target continues one."""
    found = baselines(resolution)
    if not found:
        return list(columns), {}
    year = resolution.congress.term_start
    out: list[Column] = []
    for column in columns:
        out.append(column)
        if column.kind == Kind.TARGET:
            out.append(Column(Kind.BASELINE, f"Năm gốc {year}", year=year, width=22))
    return out, {target_id: b.text for target_id, b in found.items()}
