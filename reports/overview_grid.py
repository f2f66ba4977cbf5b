"""The overview's grid: committees × catalogue indicators, each cell a committee's first target on the
indicator with its stored status (``stored_cells`` reads them in one query; ``overview_grid`` lays them out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from indicators.models import Indicator
from indicators.statuses import MET, NOT_MET, Status
from reports.committee_tree import CommitteeNode
from resolutions.models import Resolution, Target, VerdictCells


@dataclass
class GridColumn:
    """A catalogue indicator shown as a column, with how many committees have a target on it."""

    indicator: Indicator
    count: int


@dataclass
class GridLine:
    """A committee's line in the overview: its resolution, tally and one row (or None) per column.

    ``subtree`` sums the tallies of every committee the line stands for (itself and all below it),
    ``members`` is how many committees that is.
    """

    node: CommitteeNode
    resolution: Resolution | None
    cells: list[GridCell | None]
    counts: dict[Status, int]
    subtree: Mapping[Status, int] = field(default_factory=dict)
    members: int = 1

    @property
    def subtree_met(self) -> int:
        return sum(self.subtree.get(s, 0) for s in MET)

    @property
    def subtree_behind(self) -> int:
        return sum(self.subtree.get(s, 0) for s in (*NOT_MET, Status.UNLIKELY))

    @property
    def subtree_total(self) -> int:
        return sum(self.subtree.values())

    @property
    def behind(self) -> int:
        # The grid also counts forecasts "Khó đạt" as behind: a leader looks for who needs help.
        return sum(self.counts.get(s, 0) for s in (*NOT_MET, Status.UNLIKELY))

    @property
    def met(self) -> int:
        return sum(self.counts.get(s, 0) for s in MET)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class CellTarget:
    """What a matrix cell shows of its target (its page's address, name and target text)."""

    pk: int
    name: str
    target_text: str


@dataclass(frozen=True)
class GridCell:
    """A matrix cell: a catalogued target with its stored status and figure (``VerdictCells``)."""

    target: CellTarget
    indicator: Indicator
    status: Status
    figure_text: str


def stored_cells(
    resolutions: Sequence[Resolution], period: str, year: int | None
) -> dict[int, list[GridCell]]:
    """Each resolution's catalogued targets with their stored status and figure for the period, in
    document order: two queries, no judging (``resolutions.tallies`` stored them)."""
    ids = [r.pk for r in resolutions]
    stored = dict(
        VerdictCells.objects.filter(resolution_id__in=ids, period=period, year=year).values_list("resolution_id", "cells")
    )
    wanted = {cell[0] for cells in stored.values() for cell in cells}
    targets: dict[int, tuple[CellTarget, Indicator]] = {}
    indicators: dict[int, Indicator] = {}
    # By resolution (34 ids at the national level), not by the 1.360 target ids: a short query to plan.
    for pk, name, text, indicator_id, indicator_name in Target.objects.filter(
        resolution_id__in=list(stored), indicator__isnull=False
    ).values_list("pk", "name", "target_text", "indicator_id", "indicator__name"):
        if pk not in wanted:
            continue
        indicator = indicators.setdefault(indicator_id, Indicator(pk=indicator_id, name=indicator_name))
        targets[pk] = (CellTarget(pk, name, text), indicator)
    out: dict[int, list[GridCell]] = {}
    for resolution_id, cells in stored.items():
        out[resolution_id] = [
            GridCell(targets[pk][0], targets[pk][1], Status(status), figure)
            for pk, status, figure in cells if pk in targets
        ]
    return out


def overview_grid(
    nodes: Sequence[CommitteeNode], resolutions: Sequence[Resolution], cells_by_resolution: Mapping[int, list[GridCell]],
    counts_by_resolution: Mapping[int, Mapping[Status, int]],
) -> tuple[list[GridColumn], list[GridLine]]:
    """Committees × catalogue indicators; columns ordered by how many committees share them, then name.

    A committee's cell for an indicator is its first target on it, in document order.
    """
    by_committee = {r.congress.committee_id: r for r in resolutions}
    first_cell: dict[int, dict[int, GridCell]] = {}
    indicators: dict[int, Indicator] = {}
    counts: dict[int, int] = defaultdict(int)
    for r in resolutions:
        cells: dict[int, GridCell] = {}
        for cell in cells_by_resolution.get(r.pk, []):
            if cell.indicator.pk not in cells:
                cells[cell.indicator.pk] = cell
                indicators[cell.indicator.pk] = cell.indicator
                counts[cell.indicator.pk] += 1
        first_cell[r.pk] = cells
    columns = sorted(
        (GridColumn(indicators[pk], n) for pk, n in counts.items()),
        key=lambda c: (-c.count, c.indicator.name),
    )
    lines = []
    for node in nodes:
        res = by_committee.get(node.committee.pk)
        cells_by_ind = first_cell.get(res.pk, {}) if res else {}
        lines.append(
            GridLine(
                node,
                res,
                [cells_by_ind.get(col.indicator.pk) for col in columns],
                dict(counts_by_resolution.get(res.pk, {})) if res else {},
            )
        )
    return columns, lines
