"""A resolution's stored verdict tally for a period (resolutions.tallies) and the headline it gives:
what home cards, overviews and the scoreboard's summary show without judging a target again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from indicators.statuses import STATUS_ORDER, Status
from reports.headline import Headline, build_headline
from resolutions.models import Resolution, VerdictTally


def ordered_counts(counts: Mapping[Status, int]) -> list[tuple[Status, int]]:
    """(status, count) from best to worst, statuses with no target left out (legends, tables)."""
    return [(s, counts[s]) for s in reversed(STATUS_ORDER) if counts.get(s)]


@dataclass
class ResolutionSummary:
    """A resolution with the stored tally of its default period (resolutions.tallies)."""

    resolution: Resolution
    period: str
    year: int | None
    tally: dict[Status, int] = field(default_factory=dict)
    numbers: dict[Status, list[str]] = field(default_factory=dict)
    as_of: int | None = None  # the last year the forecasts cover, when some statuses are forecasts

    @property
    def counts(self) -> list[tuple[Status, int]]:
        """(status, count) best first, statuses with no target left out."""
        return ordered_counts(self.tally)

    @property
    def headline(self) -> Headline:
        return build_headline(self.tally, self.numbers, as_of=self.as_of)


def stored_summaries(
    resolutions: Sequence[Resolution], period_of: Mapping[int, tuple[str, int | None]]
) -> dict[int, ResolutionSummary]:
    """Each resolution's stored tally for its period (``period_of[pk]``): one query for any number."""
    by_period: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for r in resolutions:
        by_period[period_of[r.pk]].append(r.pk)
    out = {r.pk: ResolutionSummary(r, *period_of[r.pk]) for r in resolutions}
    if not by_period:
        return out
    wanted = Q()
    for (period, year), ids in by_period.items():
        wanted |= Q(resolution_id__in=ids, period=period, year=year)
    for resolution_id, status, count, numbers, as_of in VerdictTally.objects.filter(wanted).values_list(
        "resolution_id", "status", "count", "numbers", "as_of"
    ):
        summary = out[resolution_id]
        summary.tally[Status(status)] = count
        summary.numbers[Status(status)] = list(numbers)
        if as_of is not None:
            summary.as_of = max(as_of, summary.as_of or as_of)
    return out
