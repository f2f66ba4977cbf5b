"""Reading verdicts for pages and exports: one place that applies indicators.evaluation to stored rows.

Dashboards, admin lists and appendix exports call ``evaluate_targets``; they never count or judge
on their own, so every screen and table shows the same verdicts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from indicators.evaluation import (
    Expression,
    Kind,
    Rules,
    Status,
    TermBasis,
    Verdict,
    combine_parts,
    evaluate,
    parse_expression,
    resolve_term_figure,
    same_judgement,
    term_figure_explanation,
)
from indicators.numbers import format_number
from resolutions.models import Resolution, Result, Target


def rules_for(resolution: Resolution) -> Rules:
    """The evaluation settings of a resolution."""
    return Rules(exceed_margin=resolution.exceed_margin, basic_band=resolution.basic_band)


def pick_result(results: Iterable[Result], period: str, year: int | None) -> Result | None:
    """The figure shown for a period: the official one when there is one, else the estimate."""
    best = None
    for r in results:
        if r.period == period and r.year == year:
            if best is None or r.figure == Result.Figure.OFFICIAL:
                best = r
    return best


def yearly_figures(results: Iterable[Result]) -> list[tuple[int, Decimal]]:
    """Each year's figure (official over estimate), in year order, for term computations."""
    by_year: dict[int, Result] = {}
    for r in results:
        if r.period == Result.Period.YEAR and r.value is not None and r.year is not None:
            if r.year not in by_year or r.figure == Result.Figure.OFFICIAL:
                by_year[r.year] = r
    return [(y, by_year[y].value) for y in sorted(by_year)]  # type: ignore[misc]


def load_targets(targets: QuerySet[Target], results: QuerySet[Result] | None = None) -> list[Target]:
    """``targets`` with their results attached exactly as ``prefetch_related("results")`` would: two queries.

    Django's prefetch builds a filtered queryset per target, which costs more than judging the targets
    on a province's pages; this builds one bare queryset each. ``results`` narrows the results loaded
    (default: all of them); ``targets`` should select the indicator (``select_related("indicator")``).
    """
    loaded = list(targets)
    chosen = results if results is not None else Result.objects.all()
    by_target: dict[int, list[Result]] = defaultdict(list)
    # An explicit list of ids (not a subquery): PostgreSQL then always reads the result index.
    for result in chosen.filter(target_id__in=[t.pk for t in loaded]).order_by():
        by_target[result.target_id].append(result)
    target_field = Result._meta.get_field("target")
    for target in loaded:
        found = by_target.get(target.pk, [])
        for result in found:
            target_field.set_cached_value(result, target)
        cached: QuerySet[Result] = QuerySet(model=Result)
        cached._result_cache = found
        cached._prefetch_done = True
        if not hasattr(target, "_prefetched_objects_cache"):
            target._prefetched_objects_cache = {}
        target._prefetched_objects_cache["results"] = cached
    return loaded


@dataclass
class Row:
    """One target as a page or an export shows it for a period."""

    target: Target
    depth: int
    result: Result | None
    figure: Expression | None
    verdict: Verdict
    status: Status
    overridden: bool = False
    reported: Status | None = None
    term_note: str = ""
    children: list[Row] = field(default_factory=list)

    @property
    def figure_text(self) -> str:
        """The result as written, or the computed term figure formatted the Vietnamese way."""
        if self.result is not None:
            return self.result.raw_text
        if self.figure is not None and self.figure.value is not None:
            return format_number(self.figure.value)
        return ""

    @property
    def differs_from_report(self) -> bool:
        """The document's own verdict differs from the rule's (reconciliation)."""
        return self.reported is not None and not same_judgement(self.reported, self.verdict.status)


def _row(target: Target, depth: int, period: str, year: int | None, rules: Rules) -> Row:
    results = list(target.results.all())  # prefetched
    result = pick_result(results, period, year)
    figure: Expression | None = result.expression if result is not None else None
    term_note = ""
    if period == Result.Period.TERM and (result is None or result.value is None):
        yearly = yearly_figures(results)
        if yearly:
            basis = TermBasis(target.term_basis)
            values = [v for _y, v in yearly]
            computed = resolve_term_figure(basis, values, None)
            if computed is not None:
                figure = parse_expression(computed)
                term_note = term_figure_explanation(basis, values, None)
    verdict = evaluate(target.expression, figure, target.direction, rules)
    status = verdict.status
    overridden = bool(result is not None and result.override_status)
    if overridden:
        status = Status(result.override_status)  # type: ignore[union-attr]
    reported = Status(result.reported_status) if result is not None and result.reported_status else None
    return Row(target, depth, result, figure, verdict, status, overridden, reported, term_note)


def evaluate_targets(
    targets: Sequence[Target], period: str, year: int | None, rules: Rules
) -> list[Row]:
    """Rows in document order with each target's verdict for the period.

    ``targets`` must be one resolution's targets with ``results`` prefetched (see
    ``TargetQuerySet.for_scoreboard``). A target with sub-targets and no value of its own takes
    the worst status of its parts.
    """
    rows: dict[int, Row] = {}
    ordered: list[Row] = []
    depth: dict[int, int] = {}
    for target in sorted(targets, key=lambda t: t.order):
        d = depth[target.parent_id] + 1 if target.parent_id in depth else 0
        depth[target.pk] = d
        row = _row(target, d, period, year, rules)
        rows[target.pk] = row
        ordered.append(row)
        if target.parent_id in rows:
            rows[target.parent_id].children.append(row)
    # Parents without a value of their own: judged by their parts, deepest first.
    for row in reversed(ordered):
        if row.children and row.target.expression.kind == Kind.EMPTY and not row.overridden:
            status = combine_parts(child.status for child in row.children)
            parts = ", ".join(f"{c.target.name[:40]}: {c.status.label}" for c in row.children)
            row.verdict = Verdict(
                status=status, rule="parts",
                explanation=f"Chỉ tiêu gồm nhiều phần, lấy mức thấp nhất của các phần ({parts}) → {status.label}",
                rate=None,
            )
            row.status = status
    return ordered


def rows_for(resolution: Resolution, period: str, year: int | None) -> list[Row]:
    """Evaluate a whole resolution for a period in two queries (targets, results)."""
    targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
    return evaluate_targets(targets, period, year, rules_for(resolution))


def default_period(resolution: Resolution) -> tuple[str, int | None]:
    """Term for congress resolutions, the year for annual ones."""
    if resolution.kind == Resolution.Kind.ANNUAL:
        return Result.Period.YEAR, resolution.year
    return Result.Period.TERM, None


def tally(rows: Iterable[Row], numbered_only: bool = True) -> Counter[Status]:
    """Counts by effective status of the numbered targets (the documents count those)."""
    return Counter(r.status for r in rows if (r.target.is_numbered or not numbered_only) and r.depth == 0)


def numbers_by_status(rows: Iterable[Row]) -> dict[Status, list[str]]:
    """The numbers (STT) of the targets ``tally`` counts, per effective status, in document order."""
    numbers: dict[Status, list[str]] = {}
    for row in rows:
        if row.depth == 0 and row.target.is_numbered:
            numbers.setdefault(row.status, []).append(row.target.number)
    return numbers


@dataclass(frozen=True)
class Reconciliation:
    """Rows whose document reported a verdict, and those where the rule disagrees."""

    compared: list[Row]
    differing: list[Row]

    @property
    def agreement(self) -> str:
        total = len(self.compared)
        same = total - len(self.differing)
        pct = format_number(Decimal(same * 100) / Decimal(total), 1) if total else "0"
        return f"Khớp {same}/{total} đánh giá của văn bản ({pct}%)"


def reconcile(rows: Iterable[Row]) -> Reconciliation:
    """Compare the rule's verdict with the document's reported verdict, row by row."""
    compared = [r for r in rows if r.reported is not None]
    return Reconciliation(compared, [r for r in compared if r.differs_from_report])
