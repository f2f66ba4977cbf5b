"""What the verdict audits on unseen tables share: importing a workbook, and comparing the verdicts
worked out by hand with the ones the scoreboard shows (rows keyed by their STT and name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indicators.statuses import Status
from reports.appendix_import import run_import
from reports.excel.shapes import ImportRequest
from reports.headline import headline_for
from resolutions.models import Resolution
from resolutions.verdicts import default_period, rows_for

Row = tuple[Any, ...]


def imported(data: bytes, request: ImportRequest) -> Resolution:
    outcome = run_import(data, request)
    assert outcome.succeeded, outcome.errors
    return Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)


def key(number: str, name: str) -> str:
    return f"{number}|{name}"


def expected(rows: Sequence[Row]) -> dict[str, Status]:
    """Each row's verdict worked out by hand (its last item; None: not judged, e.g. a section)."""
    return {key(str(row[0]), row[1]): row[-1] for row in rows if row[-1] is not None}


def got(resolution: Resolution, period: str | None = None, year: int | None = None) -> dict[str, Status]:
    """The verdicts the scoreboard shows for a period (the resolution's default one when not given)."""
    if period is None:
        period, year = default_period(resolution)
    return {key(r.target.number, r.target.name): r.status for r in rows_for(resolution, period, year)}


def mismatches(want: dict[str, Status], have: dict[str, Status]) -> list[str]:
    return [f"{k}: expected {want[k].label}, product {have.get(k) and Status(have[k]).label}"
            for k in want if have.get(k) != want[k]]


def headline_counts(resolution: Resolution) -> tuple[int, int, int, int, int, str, str]:
    """The headline of the default period as counts (total, met, exceeded, behind, to check) and the
    numbers it names behind and to check."""
    period, year = default_period(resolution)
    headline = headline_for(rows_for(resolution, period, year))
    behind = headline.sentence.split("chưa đạt (chỉ tiêu số ")[1].split(")")[0]
    check = headline.sentence.split("cần kiểm tra số liệu (chỉ tiêu số ")[1].split(")")[0]
    return headline.total, headline.met, headline.exceeded, headline.behind, headline.check, behind, check
