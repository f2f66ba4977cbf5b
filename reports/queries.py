"""Named reads for the dashboards: every page loads a fixed number of queries, whatever the data size.

Permissions come only from ``resolutions.access``; verdicts only from ``resolutions.verdicts``.
Functions here fetch (a constant number of queries each) and group; they never judge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from indicators.evaluation import MET, NOT_MET, STATUS_ORDER, Status
from indicators.models import Indicator
from reports.headline import Headline, headline_for
from resolutions import access
from resolutions.models import Committee, Congress, Resolution, Result, Section, Target
from resolutions.verdicts import Row, evaluate_targets, rules_for, tally

User = access.User


# --------------------------------------------------------------------------- committees


@dataclass
class CommitteeNode:
    """A committee in the tree a user may see, with its depth and whether it has committees below."""

    committee: Committee
    depth: int
    has_below: bool = False
    level: int = 0  # parent links from the root; a merged predecessor keeps its successor's level
    resolutions: list[ResolutionSummary] = field(default_factory=list)
    earlier: list[Resolution] = field(default_factory=list)


def visible_committee_list(user: User) -> list[Committee]:
    """The committees ``user`` may see (resolutions.access), one query after the scoping ones."""
    return list(access.visible_committees(user).order_by("name", "active_from", "pk"))


def committee_tree(committees: Sequence[Committee], root: Committee | None = None) -> list[CommitteeNode]:
    """Depth-first order of ``committees``: below each one its predecessors (merged history), then its children.

    With ``root``, only ``root`` and what lies below it. Works on an already scoped list, so it can
    never reveal a committee the user may not see.
    """
    by_pk = {c.pk: c for c in committees}
    below: dict[int, list[tuple[Committee, int]]] = defaultdict(list)
    for c in committees:
        # Predecessors before children: the merged province's history first, then its districts.
        if c.successor_id in by_pk:
            below[c.successor_id].append((c, 0))
    for c in committees:
        if c.parent_id in by_pk and c.successor_id not in by_pk:
            below[c.parent_id].append((c, 1))
    if root is not None:
        roots = [root]
    else:
        roots = [c for c in committees if c.parent_id not in by_pk and c.successor_id not in by_pk]
    out: list[CommitteeNode] = []
    seen: set[int] = set()

    def visit(c: Committee, depth: int, level: int) -> None:
        if c.pk in seen:
            return
        seen.add(c.pk)
        out.append(CommitteeNode(c, depth, has_below=bool(below.get(c.pk)), level=level))
        for child, step in below.get(c.pk, []):
            visit(child, depth + 1, level + step)

    for r in roots:
        visit(r, 0, 0)
    return out


def get_committee_for(user: User, pk: int, committees: Sequence[Committee]) -> Committee:
    """The committee ``pk`` from the user's scoped list, else 404 (never reveal others' committees)."""
    for c in committees:
        if c.pk == pk:
            return c
    raise Http404("Không tìm thấy đảng bộ hoặc bạn không có quyền xem.")


# --------------------------------------------------------------------------- resolutions and rows


def ordered_counts(counts: Mapping[Status, int]) -> list[tuple[Status, int]]:
    """(status, count) from best to worst, statuses with no target left out (legends, tables)."""
    return [(s, counts[s]) for s in reversed(STATUS_ORDER) if counts.get(s)]


@dataclass
class ResolutionSummary:
    """A resolution with its rows for its default period and the tally of those rows."""

    resolution: Resolution
    rows: list[Row]
    period: str
    year: int | None

    @property
    def counts(self) -> list[tuple[Status, int]]:
        """(status, count) best first, statuses with no target left out."""
        return ordered_counts(tally(self.rows))

    @property
    def headline(self) -> Headline:
        return headline_for(self.rows)


def visible_resolutions(user: User) -> QuerySet[Resolution]:
    """Resolutions the user may see, newest first per committee, with committee and congress loaded
    and ``has_results`` (whether any figure was entered)."""
    has_results = Exists(Result.objects.filter(target__resolution=OuterRef("pk")))
    return (
        access.scope(Resolution.objects.with_context(), user, "congress__committee", "view")
        .annotate(has_results=has_results)
        .order_by("congress__committee__name", "-congress__term_start", "kind", "-year", "pk")
    )


# The Result columns the verdicts and the pages read. Loading only these (and no half-year rows,
# which no verdict reads) halves the time to load a province's results; a page touching another
# column would add a query per result, which the query-count tests would catch.
RESULT_COLUMNS = (
    "id", "target_id", "period", "year", "figure", "raw_text", "value_kind", "value", "value_high",
    "value_sub", "span", "reported_status", "override_status", "override_reason", "checked_at",
)


def results_for_verdicts() -> QuerySet[Result]:
    """Results as the verdicts need them: year and term figures, the columns they read."""
    return Result.objects.exclude(period=Result.Period.HALF).only(*RESULT_COLUMNS)


def current_resolution_ids(resolutions: Sequence[Resolution]) -> set[int]:
    """The "current" resolutions: per committee and kind, the newest one and the newest one with results.

    Right after a congress the new term has no figures yet, so the term that just ended stays current
    too. ``resolutions`` come from ``visible_resolutions`` (annotated with ``has_results``).
    """
    newest: dict[tuple[int, str], Resolution] = {}
    newest_with_results: dict[tuple[int, str], Resolution] = {}

    def rank(r: Resolution) -> tuple[int, int]:
        return (r.congress.term_start, r.year or 0)

    for r in resolutions:
        key = (r.congress.committee_id, r.kind)
        if key not in newest or rank(r) > rank(newest[key]):
            newest[key] = r
        if getattr(r, "has_results", True) and (
            key not in newest_with_results or rank(r) > rank(newest_with_results[key])
        ):
            newest_with_results[key] = r
    return {r.pk for r in newest.values()} | {r.pk for r in newest_with_results.values()}


def targets_of(resolution_ids: Iterable[int]) -> QuerySet[Target]:
    """Targets of several resolutions with results prefetched: two queries for any number of resolutions."""
    return (
        Target.objects.filter(resolution_id__in=list(resolution_ids))
        .for_scoreboard()
        .prefetch_related(None)
        .prefetch_related(Prefetch("results", queryset=results_for_verdicts()))
    )


def evaluate_resolutions(
    resolutions: Sequence[Resolution], period_of: dict[int, tuple[str, int | None]]
) -> dict[int, list[Row]]:
    """Rows of each resolution for its period (``period_of[pk]``), from two queries in all."""
    grouped: dict[int, list[Target]] = defaultdict(list)
    for target in targets_of(r.pk for r in resolutions):
        grouped[target.resolution_id].append(target)
    out = {}
    for r in resolutions:
        period, year = period_of[r.pk]
        out[r.pk] = evaluate_targets(grouped.get(r.pk, []), period, year, rules_for(r))
    return out


def section_choices(resolution: Resolution) -> list[tuple[int, str]]:
    """The resolution's sections in document order (filter choices)."""
    return [(s.pk, str(s)) for s in resolution.sections.order_by("order")]


# --------------------------------------------------------------------------- one target


def get_target_for(resolution: Resolution, target_pk: int) -> Target:
    """A target of an already permitted resolution, else 404."""
    try:
        return Target.objects.select_related("indicator", "section", "parent").get(
            resolution=resolution, pk=target_pk
        )
    except Target.DoesNotExist as exc:
        raise Http404("Không tìm thấy chỉ tiêu.") from exc


def target_subtree(target: Target) -> list[Target]:
    """The target and its direct parts, results prefetched (a parent is judged by its parts)."""
    return list(
        Target.objects.filter(Q(pk=target.pk) | Q(parent_id=target.pk)).for_scoreboard()
    )


@dataclass
class PeerRow:
    """The same catalogue indicator in another committee's resolution, evaluated for the period."""

    committee: Committee
    resolution: Resolution
    row: Row
    is_self: bool = False


def peer_rows(
    user: User,
    resolution: Resolution,
    indicator: Indicator,
    period: str,
    year: int | None,
    committees: Sequence[Committee],
) -> list[PeerRow]:
    """Targets on ``indicator`` in the resolution's committee and those below it, for the same term or year.

    ``committees`` is the user's scoped list (``visible_committee_list``); three queries (resolutions
    are loaded with the targets).
    """
    tree = committee_tree(committees, resolution.committee)
    order = {node.committee.pk: i for i, node in enumerate(tree)}
    same = Q(resolution__congress__committee_id__in=list(order), resolution__kind=resolution.kind)
    if resolution.kind == Resolution.Kind.ANNUAL:
        same &= Q(resolution__year=resolution.year)
    else:
        same &= Q(resolution__congress__term_start=resolution.congress.term_start)
    targets = list(
        Target.objects.filter(same)
        .filter(Q(indicator=indicator) | Q(parent__indicator=indicator))
        .for_scoreboard()
        .select_related("resolution__congress__committee")
    )
    grouped: dict[int, list[Target]] = defaultdict(list)
    for t in targets:
        grouped[t.resolution_id].append(t)
    out = []
    for group in grouped.values():
        res = group[0].resolution
        # Same kind and same term (or year), so the period means the same for every peer.
        rows = evaluate_targets(group, period, year, rules_for(res))
        match = next((r for r in rows if r.target.indicator_id == indicator.pk), None)
        if match is not None:
            out.append(PeerRow(res.committee, res, match, is_self=res.pk == resolution.pk))
    out.sort(key=lambda p: (order.get(p.committee.pk, 0), p.resolution.pk))
    return out


# --------------------------------------------------------------------------- committee overview


def terms_below(committee_ids: Sequence[int]) -> list[tuple[int, int, bool]]:
    """(term start, term end, has results) of congress terms among ``committee_ids``, newest first; one query."""
    has_results = Exists(
        Result.objects.filter(target__resolution__congress=OuterRef("pk"), value__isnull=False)
    )
    rows = (
        Congress.objects.filter(committee_id__in=list(committee_ids))
        .annotate(has_results=has_results)
        .values_list("term_start", "term_end", "has_results")
    )
    merged: dict[tuple[int, int], bool] = {}
    for start, end, has in rows:
        merged[(start, end)] = merged.get((start, end), False) or bool(has)
    return sorted(((s, e, h) for (s, e), h in merged.items()), reverse=True)


def congress_resolutions(committee_ids: Sequence[int], term_start: int) -> list[Resolution]:
    """Each committee's congress resolution for the term starting ``term_start``; one query."""
    return list(
        Resolution.objects.with_context().filter(
            kind=Resolution.Kind.CONGRESS,
            congress__committee_id__in=list(committee_ids),
            congress__term_start=term_start,
        )
    )


@dataclass
class GridColumn:
    """A catalogue indicator shown as a column, with how many committees have a target on it."""

    indicator: Indicator
    count: int


@dataclass
class GridLine:
    """A committee's line in the overview: its resolution, tally and one row (or None) per column."""

    node: CommitteeNode
    resolution: Resolution | None
    cells: list[Row | None]
    counts: dict[Status, int]

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


def overview_grid(
    nodes: Sequence[CommitteeNode], resolutions: Sequence[Resolution], rows_by_resolution: dict[int, list[Row]]
) -> tuple[list[GridColumn], list[GridLine]]:
    """Committees × catalogue indicators; columns ordered by how many committees share them, then name."""
    by_committee = {r.congress.committee_id: r for r in resolutions}
    first_row: dict[int, dict[int, Row]] = {}
    indicators: dict[int, Indicator] = {}
    counts: dict[int, int] = defaultdict(int)
    for r in resolutions:
        cells: dict[int, Row] = {}
        for row in rows_by_resolution.get(r.pk, []):
            ind = row.target.indicator
            if ind is not None and ind.pk not in cells:
                cells[ind.pk] = row
                indicators[ind.pk] = ind
                counts[ind.pk] += 1
        first_row[r.pk] = cells
    columns = sorted(
        (GridColumn(indicators[pk], n) for pk, n in counts.items()),
        key=lambda c: (-c.count, c.indicator.name),
    )
    lines = []
    for node in nodes:
        res = by_committee.get(node.committee.pk)
        cells_by_ind = first_row.get(res.pk, {}) if res else {}
        lines.append(
            GridLine(
                node,
                res,
                [cells_by_ind.get(col.indicator.pk) for col in columns],
                dict(tally(rows_by_resolution.get(res.pk, []))) if res else {},
            )
        )
    return columns, lines


# --------------------------------------------------------------------------- scoreboard table


@dataclass
class SectionGroup:
    """The rows of one section, in document order (section None: targets outside any section)."""

    section: Section | None
    rows: list[Row]


def scoreboard_groups(rows: Sequence[Row], section_id: int | None, status: Status | None) -> list[SectionGroup]:
    """Rows grouped by section in document order, keeping only the chosen section and status."""
    groups: list[SectionGroup] = []
    for row in rows:
        if section_id is not None and row.target.section_id != section_id:
            continue
        if status is not None and row.status != status:
            continue
        if not groups or groups[-1].rows[-1].target.section_id != row.target.section_id:
            groups.append(SectionGroup(row.target.section, []))
        groups[-1].rows.append(row)
    return groups
