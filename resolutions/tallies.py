"""Verdict tallies stored per resolution and period, kept current inside every write's transaction.

``refresh_tallies(resolution_ids)`` recomputes the tallies of the given resolutions from
``resolutions.verdicts`` (the one judging path: ``evaluate_targets`` then ``tally``,
``numbers_by_status`` and ``forecast_years``) and replaces the stored ``VerdictTally`` rows, and with
them the ``VerdictCells`` (each catalogued target's status and figure, for the overview's matrix).
Every service that can change a verdict calls it at its end, inside its own transaction: entry
(``record_result(s)``), imports and seeds (``apply_document``), overrides (``set_override``),
figures to check (``confirm_figure``, ``correct_figure``), a resolution's rule settings and targets
edited by hand (``save_resolution``, ``save_target``, deletions), directions (``confirm_direction``,
``set_indicator_direction``), a congress's term (``save_congress``). A new write path that can change
a verdict calls it the same way; the property test in ``tests/resolutions/test_tallies.py`` checks
the stored counts against the evaluation after random writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from indicators.statuses import Status
from resolutions.models import Resolution, Result, Target, VerdictCells, VerdictTally
from resolutions.verdicts import (
    NOT_JUDGED,
    evaluate_targets,
    forecast_years,
    load_targets,
    numbers_by_status,
    prepare,
    rules_for,
    tally,
)

# Resolutions recomputed per round of queries: bounds the memory of a national refresh (~40 targets
# and ~250 results each) while keeping the query count low.
CHUNK = 200

Period = tuple[str, int | None]


def computed_tallies(resolution: Resolution, targets: list[Target]) -> tuple[list[VerdictTally], list[VerdictCells]]:
    """Unsaved tally and cell rows of one resolution for each of its periods (each year, then the term).

    ``targets`` are the resolution's targets with their results (``verdicts.load_targets``).
    """
    tallies, cells = [], []
    rules = rules_for(resolution)
    prepared = prepare(targets)  # each target read once for every period (the rows are the same)
    for period, year in resolution.periods():
        rows = evaluate_targets(targets, period, year, rules, prepared=prepared)
        numbers = numbers_by_status(rows)
        as_of = forecast_years(rows)  # forecast_as_of(rows, status) of every status, in one pass
        for status, count in tally(rows).items():
            tallies.append(VerdictTally(
                resolution=resolution, period=period, year=year, status=Status(status).value,
                count=count, numbers=numbers.get(status, []), as_of=as_of.get(status),
            ))
        catalogued = [[r.target.pk, r.status.value, r.figure_text] for r in rows if r.target.indicator_id]
        if catalogued:
            cells.append(VerdictCells(resolution=resolution, period=period, year=year, cells=catalogued))
    return tallies, cells


@transaction.atomic
def refresh_tallies(resolution_ids: Iterable[int | None]) -> int:
    """Recompute and store the verdict tallies (and cells) of these resolutions; returns how many tally rows
    were written.

    Call it at the end of a write, inside the write's transaction. The resolutions are locked first
    (in id order), so two writes to one resolution refresh one after the other and the second one
    counts the first one's figures too.
    """
    ids = sorted({int(pk) for pk in resolution_ids if pk is not None})
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        resolutions = list(
            Resolution.objects.select_for_update(of=("self",)).filter(pk__in=chunk)
            .select_related("congress").order_by("pk")
        )
        grouped: dict[int, list[Target]] = defaultdict(list)
        targets = Target.objects.filter(resolution_id__in=chunk).select_related("indicator").order_by("order")
        for target in load_targets(targets, Result.objects.defer(*NOT_JUDGED)):
            grouped[target.resolution_id].append(target)
        tallies: list[VerdictTally] = []
        cells: list[VerdictCells] = []
        for r in resolutions:
            more_tallies, more_cells = computed_tallies(r, grouped.get(r.pk, []))
            tallies.extend(more_tallies)
            cells.extend(more_cells)
        VerdictTally.objects.filter(resolution_id__in=chunk).delete()
        VerdictCells.objects.filter(resolution_id__in=chunk).delete()
        VerdictTally.objects.bulk_create(tallies, batch_size=1000)
        VerdictCells.objects.bulk_create(cells, batch_size=500)
        written += len(tallies)
    return written


def stored_tallies(resolution_id: int) -> dict[Period, dict[Status, tuple[int, list[str], int | None]]]:
    """The stored tallies of one resolution: period → status → (count, numbers, forecasts' year). For tests."""
    out: dict[Period, dict[Status, tuple[int, list[str], int | None]]] = defaultdict(dict)
    for t in VerdictTally.objects.filter(resolution_id=resolution_id):
        out[(t.period, t.year)][Status(t.status)] = (t.count, list(t.numbers), t.as_of)
    return dict(out)


def stored_cells(resolution_id: int) -> dict[Period, list[list[Any]]]:
    """The stored cells of one resolution: period → [[target id, status value, figure], ...]. For tests."""
    return {(c.period, c.year): c.cells for c in VerdictCells.objects.filter(resolution_id=resolution_id)}


__all__ = ["computed_tallies", "refresh_tallies", "stored_cells", "stored_tallies"]
