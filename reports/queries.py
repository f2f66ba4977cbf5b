"""Named reads for the dashboards: every page loads a fixed number of queries, whatever the data size.

Permissions come only from ``resolutions.access``; verdicts only from ``resolutions.verdicts``.
Functions here fetch (a constant number of queries each) and group; they never judge.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from indicators.models import Indicator
from indicators.statuses import Status
from reports.committee_tree import CommitteeNode, CommitteeTree
from reports.summaries import stored_summaries
from resolutions import access
from resolutions.models import Committee, Congress, Resolution, Result, Section, Target, VerdictTally
from resolutions.verdicts import Row, default_period, evaluate_targets, load_targets, rules_for

User = access.User


# --------------------------------------------------------------------------- resolutions and rows


def subtree_totals(
    members: Mapping[int, Sequence[int]], term_start: int, period: str, year: int | None
) -> dict[int, Counter[Status]]:
    """Per row, the stored tallies summed over the congress resolutions of every committee it stands for.

    ``members`` maps a row's committee to the committees counted with it (``CommitteeTree.members``).
    One query whatever the size of the subtree: SQL sums the per-status rows, grouped by row. Raw SQL
    because the country's 5,000 committees travel best as two arrays (PostgreSQL's ``unnest``: one
    hash join); other databases get a CASE over lists of ids.
    """
    out: dict[int, Counter[Status]] = {row: Counter() for row in members}
    pairs = [(pk, row) for row, ids in members.items() for pk in ids]
    if not pairs:
        return out
    filters = "r.kind = %s AND g.term_start = %s AND t.period = %s AND " + (
        "t.year IS NULL" if year is None else "t.year = %s"
    )
    filter_params: list[Any] = [Resolution.Kind.CONGRESS.value, term_start, period, *([] if year is None else [year])]
    tables = (
        f"FROM {VerdictTally._meta.db_table} t "
        f"JOIN {Resolution._meta.db_table} r ON r.id = t.resolution_id "
        f"JOIN {Congress._meta.db_table} g ON g.id = r.congress_id "
    )
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT m.row_id, t.status, SUM(t.count) {tables}"
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS m(committee_id, row_id) ON m.committee_id = g.committee_id "
            f"WHERE {filters} GROUP BY 1, 2"
        )
        # Each array as one text literal ('{1,2,…}'): PostgreSQL reads it at once, where a list would
        # become 5,000 constants to parse and plan.
        params: list[Any] = [
            "{" + ",".join(str(int(pk)) for pk, _row in pairs) + "}",
            "{" + ",".join(str(int(row)) for _pk, row in pairs) + "}",
            *filter_params,
        ]
    else:
        cases, params = [], []
        for row, ids in members.items():
            if ids:
                cases.append(f"WHEN g.committee_id IN ({', '.join(['%s'] * len(ids))}) THEN %s")
                params += [*ids, row]
        every = ", ".join(["%s"] * len(pairs))
        sql = (
            f"SELECT CASE {' '.join(cases)} END, t.status, SUM(t.count) {tables}"
            f"WHERE {filters} AND g.committee_id IN ({every}) GROUP BY 1, 2"
        )
        params += [*filter_params, *(pk for pk, _row in pairs)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row, status, total in cursor.fetchall():
            out[row][Status(status)] += int(total)
    return out


def has_figures(targets: Q, results: Q | None = None) -> Exists:
    """Whether any target matching ``targets`` has a result (matching ``results``), as a subquery.

    Written target first, then its results by ``target_id``: PostgreSQL then walks the target index
    and the result index. The shorter form (results joined to their target) let it scan 2 million
    results per resolution on a freshly loaded national dataset (minutes for one page).
    """
    found = Result.objects.filter(target_id=OuterRef("pk"))
    if results is not None:
        found = found.filter(results)
    return Exists(Target.objects.filter(targets).filter(Exists(found)))


def resolutions_of(committee_ids: Iterable[int]) -> QuerySet[Resolution]:
    """Resolutions of these committees (already scoped: ids from the user's tree), newest first per committee,
    with committee and congress loaded and ``has_results`` (whether any figure was entered)."""
    has_results = has_figures(Q(resolution_id=OuterRef("pk")))
    return (
        Resolution.objects.with_context().filter(congress__committee_id__in=list(committee_ids))
        .annotate(has_results=has_results)
        .order_by("congress__committee__name", "-congress__term_start", "kind", "-year", "pk")
    )


@dataclass
class HomePage:
    """The home page at one level: the committee it is about (``main``) and a card per committee below.

    A user who sees several unrelated committees (an administrator) gets one card per top committee.
    ``path`` leads from the user's top committee down to the one shown (breadcrumbs).
    """

    main: list[CommitteeNode]
    cards: list[CommitteeNode]
    path: list[Committee]

    @property
    def legend(self) -> set[Status]:
        """The statuses the cards' bars show."""
        return {status for node in self.cards for s in node.resolutions for status, n in s.tally.items() if n}


def home_page(tree: CommitteeTree, focus: int | None) -> HomePage:
    """The committees of the home page and their current resolutions with stored tallies: two queries.

    ``focus`` must be in ``tree`` (the caller checks, 404 otherwise); None: the user's top committee.
    """
    if focus is None and len(tree.roots) == 1:
        focus = tree.roots[0]
    if focus is not None:
        main = [tree.node(focus)]
        cards = [tree.node(pk, depth, level) for pk, depth, level in tree.rows_below(focus)]
        path = [tree.by_pk[pk].as_committee() for pk in tree.path_to(focus)[:-1]]
    else:
        main, cards, path = [], [tree.node(pk) for pk in tree.roots], []
    nodes = {n.committee.pk: n for n in [*main, *cards]}
    resolutions = list(resolutions_of(nodes))
    # Only the current resolutions are summed up; earlier ones are links.
    current_ids = current_resolution_ids(resolutions)
    current = [r for r in resolutions if r.pk in current_ids]
    summaries = stored_summaries(current, {r.pk: default_period(r) for r in current})
    for r in resolutions:
        node = nodes[r.congress.committee_id]
        if r.pk in summaries:
            node.resolutions.append(summaries[r.pk])
        else:
            node.earlier.append(r)
    return HomePage(main, cards, path)


# The Result columns the verdicts and the pages read (the overview's download judges a level of
# committees with them); a page touching another column would add a query per result, which the
# query-count tests would catch.
RESULT_COLUMNS = (
    "id", "target_id", "period", "year", "figure", "raw_text", "value_kind", "value", "value_high",
    "value_sub", "span", "reported_status", "override_status", "override_reason", "checked_at",
)


def results_for_verdicts() -> QuerySet[Result]:
    """Results as the verdicts need them: every period (forecasts read half-year and so-far figures),
    the columns they read."""
    return Result.objects.only(*RESULT_COLUMNS).order_by()


def current_resolution_ids(resolutions: Sequence[Resolution]) -> set[int]:
    """The "current" resolutions: per committee and kind, the newest one and the newest one with results.

    Right after a congress the new term has no figures yet, so the term that just ended stays current
    too. ``resolutions`` come from ``resolutions_of`` (annotated with ``has_results``).
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


def targets_of(resolution_ids: Iterable[int]) -> list[Target]:
    """Targets of several resolutions with their results attached: two queries for any number of resolutions."""
    targets = Target.objects.filter(resolution_id__in=list(resolution_ids)).select_related("indicator").order_by("order")
    return load_targets(targets, results_for_verdicts())


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
    resolution: Resolution,
    indicator: Indicator,
    period: str,
    year: int | None,
    tree: CommitteeTree,
) -> list[PeerRow]:
    """Targets on ``indicator`` in the resolution's committee and those directly below it (its history
    and their children, as the overview's rows), for the same term or year.

    Level by level like the overview: the whole country would be 5,000 bars. ``tree`` is the user's
    scoped tree (``visible_tree``); three queries (resolutions are loaded with the targets).
    """
    walked = tree.walk(resolution.congress.committee_id, max_level=1)
    order = {pk: i for i, (pk, _depth, _level) in enumerate(walked)}
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
    has_results = has_figures(Q(resolution__congress_id=OuterRef("pk")), Q(value__isnull=False))
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
