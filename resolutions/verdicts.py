"""Reading verdicts for pages and exports: one place that applies indicators.evaluation to stored rows.

Dashboards, admin lists and appendix exports call ``evaluate_targets``; they never count or judge
on their own, so every screen and table shows the same verdicts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import QuerySet

from indicators.basis import is_per_year
from indicators.evaluation import Rules, Verdict, evaluate
from indicators.expressions import Expression, Kind, parse_expression
from indicators.forecast import (
    SoFar,
    TermFigures,
    figure_so_far,
    forecast,
    judged_basis,
    term_is_running,
)
from indicators.implausible import Plausibility, Reference, figure_could_be_index, looks_like_growth_rate
from indicators.numbers import format_number, without_trailing_zeros
from indicators.parts import Part, judge_parent
from indicators.statuses import Status, same_judgement
from indicators.term_figures import TermBasis
from indicators.text import shorten
from resolutions import prefetch
from resolutions.in_force import attach_adjustments, in_force_for
from resolutions.labels import period_label
from resolutions.models import Resolution, Result, Target, TargetAdjustment
from resolutions.prefetch import prefetched


@dataclass(frozen=True)
class Judging:
    """How a resolution's targets are judged: its rules and, for a congress resolution, its term.

    ``first``..``last`` are the term's years (a 2020 - 2025 term runs 2021..2025); None for an annual
    resolution, whose targets are never forecast.
    """

    rules: Rules
    first: int | None = None
    last: int | None = None

    @property
    def has_term(self) -> bool:
        return self.first is not None and self.last is not None


def rules_for(resolution: Resolution) -> Judging:
    """How ``resolution``'s targets are judged (its congress must be loaded: ``with_context``)."""
    rules = Rules(exceed_margin=resolution.exceed_margin, basic_band=resolution.basic_band)
    if resolution.kind == Resolution.Kind.ANNUAL:
        return Judging(rules)
    congress = resolution.congress
    return Judging(rules, congress.term_start + 1, congress.term_end)


def pick_result(results: Iterable[Result], period: str, year: int | None) -> Result | None:
    """The figure shown for a period: the official one when there is one, else the estimate."""
    best = None
    for r in results:
        if r.period == period and r.year == year:
            if best is None or r.figure == Result.Figure.OFFICIAL:
                best = r
    return best


def _by_year(results: Iterable[Result], period: str) -> dict[int, Result]:
    """Per year, the figure of ``period`` with a value (official over estimate)."""
    by_year: dict[int, Result] = {}
    for r in results:
        if r.period == period and r.value is not None and r.year is not None:
            if r.year not in by_year or r.figure == Result.Figure.OFFICIAL:
                by_year[r.year] = r
    return by_year


def _written(result: Result) -> Decimal:
    """A stored figure without the zeros the database's scale added (125 comes back as 125,000000):
    means and trends made from it are rounded from the decimals people wrote, not from six."""
    return without_trailing_zeros(result.value)  # type: ignore[arg-type]


def yearly_figures(results: Iterable[Result]) -> list[tuple[int, Decimal]]:
    """Each year's figure (official over estimate), in year order, for term computations."""
    by_year = _by_year(results, Result.Period.YEAR)
    return [(y, _written(by_year[y])) for y in sorted(by_year)]


def term_figures(results: Iterable[Result], judging: Judging) -> TermFigures:
    """The figures of a congress term from a target's results: yearly, half-year and so-far figures."""
    results = list(results)
    so_far = _by_year(results, Result.Period.TO_DATE)
    latest = so_far[max(so_far)] if so_far else None
    return TermFigures(
        judging.first or 0, judging.last or 0,
        {y: _written(r) for y, r in _by_year(results, Result.Period.YEAR).items()},
        {y: _written(r) for y, r in _by_year(results, Result.Period.HALF).items()},
        SoFar(_written(latest), latest.year, latest.span) if latest is not None else None,  # type: ignore[arg-type]
    )


# Result columns judging never reads (who entered, changed, overrode or checked a figure, when, and
# its version): a loader of thousands of figures may leave them unread (reading one later is a query).
NOT_JUDGED = ("entered_by", "entered_at", "updated_at", "overridden_by", "overridden_at", "checked_by", "version",
              "value_error")


def load_targets(targets: QuerySet[Target], results: QuerySet[Result] | None = None) -> list[Target]:
    """``targets`` with their results (and adjustments) attached as ``prefetch_related`` would: three queries.

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
        for result in by_target.get(target.pk, ()):
            target_field.set_cached_value(result, target)
    prefetch.attach(loaded, "results", Result, by_target)
    attach_adjustments(loaded)  # the targets in force (resolutions.in_force): one more query
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
    flagged: Result | None = None  # the figure to check (its own, or a year the term is made from)
    adjustment: TargetAdjustment | None = None  # the adjustment in force for the period, None: the original

    @property
    def target_text(self) -> str:
        """The target in force for the period as written (the adjusted one when an adjustment governs it)."""
        return self.adjustment.target_text if self.adjustment is not None else self.target.target_text

    @property
    def figure_text(self) -> str:
        """The result as written, or the computed term figure formatted the Vietnamese way."""
        if self.result is not None:
            return self.result.raw_text
        if self.figure is not None and self.figure.value is not None:
            return format_number(self.figure.value)
        return ""

    @property
    def is_forecast(self) -> bool:
        """The status is a forecast of a running term ("tạm tính"), not a final verdict."""
        return self.verdict.is_forecast and not self.overridden

    @property
    def needs_check(self) -> bool:
        """The figure is implausible and waits for a person to confirm or correct it."""
        return self.status == Status.CHECK

    @property
    def differs_from_report(self) -> bool:
        """The document's own verdict differs from the rule's (reconciliation)."""
        return self.reported is not None and not same_judgement(self.reported, self.verdict.status)


@dataclass(frozen=True)
class Prepared:
    """What judging a target needs whatever the period, read once from the stored target.

    ``prepare`` builds it for a list of targets; ``evaluate_targets`` called for several periods of
    the same targets (the stored tallies judge every year and the term) then reads each target's
    results, units and wording once instead of once per period. Shared by the periods: only its
    ``no_figure`` cache changes, as they are judged.
    """

    results: list[Result]
    adjustments: list[TargetAdjustment]
    expression: Expression  # the original target (an adjustment may govern a period: in_force_for)
    basis: TermBasis
    unit: str
    yearly: dict[int, Result]
    # The verdict without a figure against the original target, per rules: the same for every
    # period (most targets of a term have no figure for most years). Filled as periods are judged.
    no_figure: dict[Rules, Verdict] = field(default_factory=dict)

    @classmethod
    def of(cls, target: Target) -> Prepared:
        results = list(prefetched(target, "results"))
        # A per-year target stored as lũy kế is judged by its mean everywhere, also once the term is
        # over (its term figure was a sum of the years before; the forecast already used the mean).
        basis = judged_basis(target.term_basis, target.target_text, target.unit)
        unit = target.figure_unit
        return cls(
            results=results, adjustments=list(prefetched(target, "adjustments")), expression=target.expression,
            basis=basis, unit=unit, yearly=_by_year(results, Result.Period.YEAR),
        )


def prepare(targets: Iterable[Target]) -> dict[int, Prepared]:
    """Each target's ``Prepared`` by id, for ``evaluate_targets`` over several periods of the same targets."""
    return {target.pk: Prepared.of(target) for target in targets}


class _Judge:
    """Judges one target's figures for a period (the rules of indicators.* applied to stored rows)."""

    def __init__(self, target: Target, judging: Judging, prepared: Prepared | None = None) -> None:
        known = prepared if prepared is not None else Prepared.of(target)
        self.known = known
        self.target = target
        self.judging = judging
        self.results = known.results
        self.adjustments = known.adjustments
        self.original = known.expression
        self.adjustment: TargetAdjustment | None = None  # the one governing the period judged, if any
        self.expression = known.expression
        self.direction = target.direction
        self.basis = known.basis
        self.unit = known.unit
        self.yearly = known.yearly
        self.flagged: Result | None = None  # the figure behind a CHECK verdict

    @cached_property
    def growth(self) -> bool:
        """The target measures a growth rate, so an index figure may stand for one (its name is folded and
        searched: asked only for a figure that could be an index)."""
        return looks_like_growth_rate(self.target.name, self.unit, self.basis == TermBasis.GROWTH_MEAN)

    def judge(self, result: Result | None, previous: Result | None = None) -> Verdict:
        """``result`` against the target by the rules; a figure a slip explains is CHECK."""
        verdict = self.judge_figure(result, previous)
        if verdict.status == Status.CHECK:
            self.flagged = result
        return verdict

    def judge_figure(self, result: Result | None, previous: Result | None = None) -> Verdict:
        """``judge`` without remembering the flagged figure."""
        if result is None:  # nothing to find implausible: most targets, for most years of a term
            if self.adjustment is not None:  # the period is judged against an adjusted target
                return evaluate(self.expression, None, self.direction, self.judging.rules)
            rules = self.judging.rules
            verdict = self.known.no_figure.get(rules)
            if verdict is None:
                verdict = self.known.no_figure[rules] = evaluate(self.expression, None, self.direction, rules)
            return verdict
        reference = None
        if previous is not None and previous.value is not None:
            reference = Reference(f"số liệu năm {previous.year}", previous.value)
        shown = result.expression
        growth = figure_could_be_index(shown.low, shown.high) and self.growth
        plausibility = Plausibility(
            previous=reference, unit=self.unit, growth_rate=growth,
            confirmed=result.checked_at is not None,
        )
        return evaluate(
            self.expression, shown, self.direction, self.judging.rules, plausibility=plausibility, unit=self.unit,
        )

    def yearly_check(self, up_to: int | None = None) -> Verdict | None:
        """CHECK when a figure the term is made from (a year, a half year, the period so far) needs
        checking, else None."""
        for year in sorted(self.yearly):
            if up_to is not None and year > up_to:
                break
            verdict = self.judge_figure(self.yearly[year], self.yearly.get(year - 1))
            if verdict.status == Status.CHECK:
                self.flagged = self.yearly[year]
                return Verdict(
                    Status.CHECK, "check", f"Số liệu năm {year} cần kiểm tra: {verdict.explanation}",
                    likely=verdict.likely,
                )
        # A half year without its full year, and the latest figure for the period so far, count toward the
        # term as a year does (term_figures, indicators.forecast): a slip in them is as much to check.
        halves = _by_year(self.results, Result.Period.HALF)
        to_date = _by_year(self.results, Result.Period.TO_DATE)
        used = [halves[y] for y in sorted(halves) if y not in self.yearly]
        used += [to_date[max(to_date)]] if to_date else []
        for result in used:
            if up_to is not None and result.year is not None and result.year > up_to:
                continue
            verdict = self.judge_figure(result)
            if verdict.status == Status.CHECK:
                self.flagged = result
                label = period_label(result.period, result.year, result.span)
                return Verdict(Status.CHECK, "check", f"Số liệu {label[:1].lower()}{label[1:]} cần kiểm tra: "
                               f"{verdict.explanation}", likely=verdict.likely)
        return None

    def forecast(self, figures: TermFigures) -> Verdict:
        """The forecast of a running term from ``figures`` (qualitative targets wait for a person)."""
        if not self.expression.is_numeric:
            # Only a person judges it; a figure already in is shown, so it is never "chưa có kết quả".
            known = figure_so_far(figures, TermBasis.LATEST)[0]
            shown = parse_expression(known) if known is not None else None
            return evaluate(self.expression, shown, self.direction, self.judging.rules)
        return forecast(
            self.expression, figures, self.basis, self.direction, self.judging.rules,
            per_year=is_per_year(self.target.target_text, self.target.unit),
        )

    @property
    def cumulative_or_level(self) -> bool:
        """A term target not met year by year: a cumulative total, or a level to reach by the end."""
        if self.basis == TermBasis.SUM:
            return not is_per_year(self.target.target_text, self.target.unit)
        return self.basis == TermBasis.LATEST

    def term(self, result: Result | None, outlook: bool = False) -> tuple[Expression | None, Verdict, str]:
        """The whole-term figure, verdict and note: entered figure, else computed, else a forecast.

        For a running term the figure is the one so far (a figure for the period so far, else the
        sum, mean or latest of the years so far), noted as "tạm tính", and the verdict a forecast.
        ``outlook`` (the mid-term review): an estimate of the whole term someone entered ("Dự kiến
        thực hiện đến năm …") does not replace the forecast from the figures so far.
        """
        entered = result if result is not None and result.value_kind != Kind.EMPTY.value else None
        if entered is not None and not (outlook and entered.figure == Result.Figure.ESTIMATE):
            # The usual case: the figure entered is the term's, judged without computing the years first.
            return entered.expression, self.judge(entered), ""
        figures = term_figures(self.results, self.judging)
        running = self.judging.has_term and term_is_running(figures, term_entered=False)
        so_far = _by_year(self.results, Result.Period.TO_DATE)
        so_far_result = so_far[max(so_far)] if so_far else None
        # An estimate entered for the whole term, in the outlook: it stands unless the term runs and
        # there are figures so far to forecast from.
        if entered is not None and not (running and (figures.yearly or figures.half or so_far_result)):
            return entered.expression, self.judge(entered), ""
        whole = so_far_result is not None and not (so_far_result.span or 0) % 1
        if running and whole and so_far_result.year >= (self.judging.last or 0):  # type: ignore[union-attr]
            # A figure "so far" that reaches the term's last year is the term's figure.
            return so_far_result.expression, self.judge(so_far_result), so_far_result.period_label  # type: ignore[union-attr]
        check = self.yearly_check()
        # A figure for the period so far counts with the years after it, also once the term is over
        # (yearly_check above also judges it and the half years).
        computed, note = figure_so_far(figures, self.basis)
        figure = parse_expression(computed) if computed is not None else None
        if running:
            return figure, check or self.forecast(figures), f"Tạm tính: {note}" if note else ""
        if figure is None:
            return None, self.judge(None), ""
        verdict = check or evaluate(
            self.expression, figure, self.direction, self.judging.rules, plausibility=Plausibility(confirmed=True),
            unit=self.unit,
        )
        return figure, verdict, note

    def year(self, result: Result | None, year: int) -> Verdict:
        """A year of a congress term: where a cumulative or end-of-term target stands at its end."""
        if result is None or result.value is None or not self.cumulative_or_level:
            return self.judge(result, self.yearly.get(year - 1))
        check = self.yearly_check(up_to=year)
        if check is not None:
            return check
        if year >= (self.judging.last or 0):
            return self.term(pick_result(self.results, Result.Period.TERM, None))[1]
        return self.forecast(term_figures(self.results, self.judging).up_to(year))


def _row(
    target: Target, depth: int, period: str, year: int | None, judging: Judging, outlook: bool = False,
    prepared: Prepared | None = None,
) -> Row:
    judge = _Judge(target, judging, prepared)
    # The target in force for the period (an adjustment may govern it): resolutions.in_force.
    judge.expression, judge.adjustment = in_force_for(judge.adjustments, judge.original, period, year)
    adjustment = judge.adjustment
    result = pick_result(judge.results, period, year)
    figure: Expression | None
    term_note = ""
    if period == Result.Period.TERM:
        figure, verdict, term_note = judge.term(result, outlook)
    else:
        figure = result.expression if result is not None else None
        if period == Result.Period.YEAR and judging.has_term and year is not None:
            verdict = judge.year(result, year)
        else:
            verdict = judge.judge(result, judge.yearly.get(year - 1) if year is not None else None)
    status = verdict.status
    overridden = bool(result is not None and result.override_status)
    if overridden:
        status = Status(result.override_status)  # type: ignore[union-attr]
    reported = Status(result.reported_status) if result is not None and result.reported_status else None
    flagged = judge.flagged if verdict.status == Status.CHECK else None
    return Row(target, depth, result, figure, verdict, status, overridden, reported, term_note, flagged=flagged,
               adjustment=adjustment)


def figure_check(result: Result, judging: Judging) -> Verdict:
    """``result`` judged on its own against its target (the previous year as a reference): the page
    where a person confirms or corrects a figure shows this. ``result.target`` needs its results
    prefetched (``for_scoreboard``)."""
    judge = _Judge(result.target, judging)
    judge.expression, judge.adjustment = in_force_for(judge.adjustments, judge.original, result.period, result.year)
    previous = judge.yearly.get(result.year - 1) if result.period == Result.Period.YEAR and result.year else None
    own = next((r for r in judge.results if r.pk == result.pk), result)
    return judge.judge_figure(own, previous)


def part_label(target: Target) -> str:
    """A sub-target as explanations name it: its number (if any) and its name, cut at a word."""
    number = target.number.strip() if target.number and target.number.strip() not in {"-", "–", "+"} else ""
    name = shorten(target.name, 50)
    return f"{number} {name}".strip()


def evaluate_targets(
    targets: Sequence[Target], period: str, year: int | None, judging: Judging, *, outlook: bool = False,
    prepared: dict[int, Prepared] | None = None,
) -> list[Row]:
    """Rows in document order with each target's verdict for the period.

    ``targets`` must be one resolution's targets with ``results`` prefetched (see
    ``TargetQuerySet.for_scoreboard``), ``judging`` its ``rules_for``. A target with sub-targets and
    no value of its own is judged from its parts (indicators.parts.judge_parent). ``outlook`` (the
    mid-term review's "Đánh giá"): a running term is forecast from its figures so far even where a
    projected whole-term estimate was entered. ``prepared`` (``prepare(targets)``), when the same
    targets are judged for several periods, saves reading each target again; the rows are the same.
    """
    rows: dict[int, Row] = {}
    ordered: list[Row] = []
    depth: dict[int, int] = {}
    empty: set[int] = set()  # targets with no target text of their own
    for target in sorted(targets, key=lambda t: t.order):
        pk, parent_id = target.pk, target.parent_id
        d = depth[parent_id] + 1 if parent_id in depth else 0
        depth[pk] = d
        known = prepared.get(pk) if prepared is not None else None
        row = _row(target, d, period, year, judging, outlook, known)
        if (known.expression if known is not None else target.expression).kind == Kind.EMPTY:
            empty.add(pk)
        rows[pk] = row
        ordered.append(row)
        parent = rows.get(parent_id) if parent_id is not None else None
        if parent is not None:
            parent.children.append(row)
    # Parents without a value of their own: judged by their parts, deepest first.
    for row in reversed(ordered):
        if row.children and row.target.pk in empty and not row.overridden:
            # A sub-row with no target of its own ("Thuế sản phẩm trừ trợ cấp" under "Cơ cấu kinh tế")
            # is a detail shown for information, not a part to judge.
            row.verdict = judge_parent([
                Part(part_label(child.target), child.status, child.verdict.as_of if child.is_forecast else None)
                for child in row.children
                if child.children or child.target.pk not in empty
            ])
            row.status = row.verdict.status
    return ordered


def rows_for(resolution: Resolution, period: str, year: int | None) -> list[Row]:
    """Evaluate a whole resolution for a period in three queries (targets, results, adjustments)."""
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


def forecast_as_of(rows: Iterable[Row], status: Status | None = None) -> int | None:
    """The last year the forecasts among the targets ``tally`` counts cover ("tạm tính đến năm 2026"),
    or None when none is a forecast; with ``status``, among the targets of that status only."""
    years = forecast_years(rows)
    if status is not None:
        return years.get(status)
    return max(years.values()) if years else None


def forecast_years(rows: Iterable[Row]) -> dict[Status, int]:
    """``forecast_as_of`` of every status at once (statuses without a forecast left out): one pass
    over the rows for a stored tally's every status."""
    years: dict[Status, int] = {}
    for row in rows:
        if row.depth == 0 and row.target.is_numbered and row.is_forecast and row.verdict.as_of is not None:
            years[row.status] = max(years.get(row.status, row.verdict.as_of), row.verdict.as_of)
    return years


@dataclass(frozen=True)
class Reconciliation:
    """Rows whose document reported a verdict, those where the rule disagrees, and figures to check."""

    compared: list[Row]
    differing: list[Row]
    to_check: list[Row] = field(default_factory=list)

    @property
    def agreement(self) -> str:
        total = len(self.compared)
        same = total - len(self.differing)
        pct = format_number(Decimal(same * 100) / Decimal(total), 1) if total else "0"
        return f"Khớp {same}/{total} đánh giá của văn bản ({pct}%)"


def reconcile(rows: Iterable[Row]) -> Reconciliation:
    """Compare the rule's verdict with the document's reported verdict, row by row; list figures to check."""
    rows = list(rows)
    compared = [r for r in rows if r.reported is not None]
    to_check = [r for r in rows if r.flagged is not None]
    return Reconciliation(compared, [r for r in compared if r.differs_from_report], to_check)
