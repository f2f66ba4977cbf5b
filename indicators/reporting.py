"""When a year's figures are due: the rule that picks the period pages open on.

Plain functions, no Django. Committees report a year's results at their year-end meeting (the
annual resolutions in the seeds are dated mid-December: "Nghị quyết số 09-NQ/HU, ngày
16/12/2024"), with estimates for the last weeks; so a year's figures are due from 1 December of
that year. Before then the latest due year is the previous one. A future year is never due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

__all__ = ["DUE_FROM", "latest_due_year", "nearest_due_year"]

DUE_FROM = (12, 1)  # (month, day) from which the current year's figures are due


def latest_due_year(today: dt.date) -> int:
    """The latest year whose figures are due on ``today``: 2026 from 01/12/2026, else 2025."""
    return today.year if (today.month, today.day) >= DUE_FROM else today.year - 1


def nearest_due_year(years: Iterable[int], today: dt.date) -> int | None:
    """Among ``years``, the latest one that is due on ``today``; the earliest if none is due yet.

    None when ``years`` is empty.
    """
    available = sorted(set(years))
    if not available:
        return None
    due = latest_due_year(today)
    past = [y for y in available if y <= due]
    return past[-1] if past else available[0]
