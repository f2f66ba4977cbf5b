"""Which target is in force for a period: the original, or the adjustment that governs it.

A mid-term conference may adjust a target ("điều chỉnh chỉ tiêu": budget revenue from 21.500 to
30.000 tỷ đồng, by a named resolution, from a date). The original and every adjustment are kept;
a period is judged against the target in force *at its end*: the adjustment with the latest
effective date on or before the last day of the period. A figure for 2023 is judged at 31/12/2023,
so an adjustment effective from 01/07/2023 governs 2023 and the years after, not 2022. The whole
term is judged at its end: the latest adjustment governs it.

Plain functions, no Django, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from indicators.expressions import Expression

__all__ = ["Adjustment", "in_force", "period_end"]


@dataclass(frozen=True)
class Adjustment:
    """An adjusted target: its text's meaning, the decision that adjusted it and from when."""

    effective_from: dt.date
    expression: Expression
    decision: str = ""
    key: int | None = None  # the stored row's id, so callers can find it again


def period_end(period: str, year: int | None) -> dt.date | None:
    """The last day of a period: 31/12 of a year, 30/06 of a first half; None for the whole term.

    ``period`` is "year", "half" or "term" (``Result.Period`` values).
    """
    if period == "term" or year is None:
        return None
    if period == "half":
        return dt.date(year, 6, 30)
    return dt.date(year, 12, 31)


def in_force(adjustments: Sequence[Adjustment], end: dt.date | None) -> Adjustment | None:
    """The adjustment governing a period that ends on ``end`` (None: the whole term); None = the original.

    The latest effective date on or before ``end`` wins; for the term, the latest of all. Two
    adjustments on the same date cannot both be stored (a database constraint), so there is never a tie.
    """
    candidates = [a for a in adjustments if end is None or a.effective_from <= end]
    if not candidates:
        return None
    return max(candidates, key=lambda a: a.effective_from)
