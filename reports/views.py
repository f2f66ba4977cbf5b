"""Leaders' dashboards: thin views.

Each view loads through ``resolutions.access`` (404 for what the user may not see), validates its
filters with a form, reads through ``reports.queries``, takes verdicts from ``resolutions.verdicts``
and renders. No judging, counting or number formatting happens here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.forecast import judged_basis
from indicators.models import BASIS_CHOICES
from indicators.term_figures import TermBasis, term_figure_explanation
from reports import charts, committee_tree, overview_grid, queries, summaries
from reports.excel.export import layouts_for
from reports.forms import CommitteeForm, OverviewForm, PeriodForm, ScoreboardForm, period_value
from reports.headline import headline_for
from reports.issuing_views import IssueForm
from resolutions import access, issuing, next_term
from resolutions.cascade import cascade_for, upper_of
from resolutions.models import Committee, Resolution, Result
from resolutions.verdicts import Row, default_period, evaluate_targets, rows_for, rules_for, tally, yearly_figures


def period_label(period: str, year: int | None, resolution: Resolution | None = None) -> str:
    """"Cả nhiệm kỳ 2020 - 2025" or "Năm 2024"."""
    if period == Result.Period.TERM:
        return f"Cả nhiệm kỳ {resolution.congress.term}" if resolution else "Cả nhiệm kỳ"
    return f"Năm {year}"


@dataclass
class PeriodLine:
    """One period of a target's page: short label (chart), long label (table), its row, judged or not."""

    short: str
    label: str
    row: Row
    judged: bool

    @property
    def value(self) -> Decimal | None:
        figure = self.row.figure
        return figure.value if figure is not None and figure.is_numeric else None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Level by level: the user's committee with its current resolutions, then a compact card per
    committee directly below (headline and a bar of statuses, from the stored tallies); ``?dang_bo=``
    goes one level down."""
    tree = committee_tree.visible_tree(request.user)
    form = CommitteeForm(request.GET or None)
    focus = form.chosen()
    if focus is not None:
        committee_tree.tree_committee(tree, focus)  # 404 for a committee the user may not see
    return render(request, "reports/home.html", {"page": queries.home_page(tree, focus)})


@login_required
def scoreboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Target versus result for one resolution: headline, counts chart, targets by section; filterable."""
    resolution = access.get_resolution_for(request.user, pk)
    form = ScoreboardForm(
        request.GET or None, resolution=resolution, default=period_value(*default_period(resolution)),
        sections=queries.section_choices(resolution),
    )
    period, year = form.chosen_period()
    rows = rows_for(resolution, period, year)
    label = period_label(period, year, resolution)
    counts = tally(rows)
    issued = issuing.issued_for(resolution, period, year)
    for report in issued:
        report.resolution = resolution  # already loaded: comparing needs its rules, not another query
    return render(request, "reports/scoreboard.html", {
        "resolution": resolution,
        "form": form,
        "period_label": label,
        "headline": headline_for(rows),
        "counts": summaries.ordered_counts(counts),
        "chart": charts.status_chart(
            counts, "status-chart", f"Số chỉ tiêu theo mức độ hoàn thành — {label}"
        ),
        "groups": queries.scoreboard_groups(rows, form.chosen_section(), form.chosen_status()),
        "filtered": bool(form.chosen_section() or form.chosen_status()),
        "layout": layouts_for(resolution)[0].value,  # the appendix of this kind of resolution
        "adjusted": any(row.adjustment is not None for row in rows),
        # A new term's targets beside the previous term's last-year figures ("năm gốc 2025").
        "baselines": next_term.baselines(resolution) if resolution.kind == Resolution.Kind.CONGRESS else {},
        # Issued versions of this period; what changed since the latest ("đã thay đổi sau khi phát hành").
        "issued": issued,
        "changed_after": issuing.changes_since(issued[0], rows) if issued else [],
        "issue_form": IssueForm(resolution=resolution, initial={"period": period_value(period, year)})
        if issuing.may_issue(request.user, resolution) else None,
    })


@login_required
def indicator(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    """One target: its figures year by year against the target, the term figure, and committees below."""
    resolution = access.get_resolution_for(request.user, pk)
    target = queries.get_target_for(resolution, target_pk)
    form = PeriodForm(request.GET or None, resolution=resolution, default=period_value(*default_period(resolution)))
    period, year = form.chosen_period()
    subtree = queries.target_subtree(target)
    rules = rules_for(resolution)
    # The basis the verdicts use (a per-year target stored as lũy kế is a mean): the page says the same.
    basis = judged_basis(target.term_basis, target.target_text, target.unit)
    cumulative = basis == TermBasis.SUM
    periods: list[PeriodLine] = []
    for p, y in resolution.periods():
        row = next(r for r in evaluate_targets(subtree, p, y, rules) if r.target.pk == target.pk)
        # A cumulative (lũy kế) term target is not met by any single year: no yearly verdict.
        judged = p == Result.Period.TERM or not cumulative or resolution.kind == Resolution.Kind.ANNUAL
        short = "Cả kỳ" if p == Result.Period.TERM else str(y)
        periods.append(PeriodLine(short, period_label(p, y), row, judged))
    bars = [charts.Bar(line.short, line.value, line.row.status if line.judged else None) for line in periods]
    term_row = next((line.row for line in periods if line.short == "Cả kỳ"), None)
    yearly = [v for _y, v in yearly_figures(next(t for t in subtree if t.pk == target.pk).results.all())]
    entered = term_row.result.value if term_row is not None and term_row.result is not None else None
    term_note = term_figure_explanation(basis, yearly, entered) if term_row else ""
    if term_row is not None and entered is None and term_row.term_note:
        term_note = term_row.term_note  # the verdict's own figure (it counts a figure for the period so far)
    # The target in force at the end of the resolution (an adjustment may govern it) draws the chart's line.
    main_row = term_row or periods[-1].row
    band = charts.band_of(main_row.adjustment.expression if main_row.adjustment else target.expression)
    tree = committee_tree.visible_tree(request.user)
    chosen_row = next(
        (line.row for line, key in zip(periods, resolution.periods(), strict=True) if key == (period, year)), main_row
    )
    context = {
        "resolution": resolution, "target": target, "form": form, "periods": periods,
        "term_row": term_row, "term_note": term_note, "cumulative": cumulative, "main_row": main_row,
        "basis_label": dict(BASIS_CHOICES)[basis.value],
        "chosen_row": chosen_row, "serves": upper_of(target),
        "continues": next_term.continues(target) if resolution.kind == Resolution.Kind.CONGRESS else [],
        "baseline": next_term.baselines(resolution, only=target.pk).get(target.pk)
        if resolution.kind == Resolution.Kind.CONGRESS else None,
        # The subordinates' targets serving this one, each judged against its own target; counts roll up.
        "cascade": cascade_for(chosen_row, resolution.committee, period, year, set(tree.by_pk)),
        "adjustments": list(main_row.target.adjustments.all()),
        "chart": charts.trend_chart(
            bars, band, "trend-chart", f"Kết quả từng năm so với mục tiêu: {target.name}", target.unit
        ),
        "period_label": period_label(period, year, resolution),
    }
    if target.indicator is not None:
        peers = queries.peer_rows(resolution, target.indicator, period, year, tree)
        context["peers"] = peers
        # Each committee's bar carries its own target (in force for the period), never this committee's.
        context["peer_chart"] = charts.comparison_chart(
            [
                charts.Bar(
                    p.committee.name,
                    p.row.figure.value if p.row.figure is not None and p.row.figure.is_numeric else None,
                    p.row.status,
                    charts.band_of(p.row.adjustment.expression if p.row.adjustment else p.row.target.expression),
                )
                for p in peers
            ],
            None, "peer-chart", f"So sánh giữa các đảng bộ: {target.indicator.name}", target.unit,
        )
    return render(request, "reports/indicator.html", context)


@dataclass
class OverviewSelection:
    """What an overview shows: the committee, a row per committee directly below it, the chosen term
    and period, and each row's congress resolution for that term (the page and its download share it)."""

    root: Committee
    tree: committee_tree.CommitteeTree
    nodes: list[committee_tree.CommitteeNode]
    form: OverviewForm
    term: tuple[int, int] | None
    period: str
    year: int | None
    resolutions: list[Resolution]

    @property
    def label(self) -> str:
        term = self.term
        return period_label(self.period, self.year) + (
            f" (nhiệm kỳ {term[0]} - {term[1]})" if term and self.year is None else ""
        )


def overview_selection(request: HttpRequest, pk: int) -> OverviewSelection:
    """The overview's committee (404 if the user may not see it), its rows and the chosen term and period."""
    tree = committee_tree.visible_tree(request.user)
    root = committee_tree.tree_committee(tree, pk)
    nodes = [tree.node(c, depth, level) for c, depth, level in tree.rows_below(pk)]
    ids = [n.committee.pk for n in nodes]
    form = OverviewForm(request.GET or None, terms=queries.terms_below(ids))
    term = form.chosen_term()
    period, year = form.chosen_period()
    resolutions = queries.congress_resolutions(ids, term[0]) if term else []
    return OverviewSelection(root, tree, nodes, form, term, period, year, resolutions)


@login_required
def committee_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Level by level: a row per committee directly below one committee (a province's districts, with
    the committees merged into it), its own targets' statuses by catalogue indicator, and the stored
    tallies of its whole subtree summed; each row drills down to its own overview."""
    chosen = overview_selection(request, pk)
    period, year, resolutions = chosen.period, chosen.year, chosen.resolutions
    own = summaries.stored_summaries(resolutions, {r.pk: (period, year) for r in resolutions})
    columns, lines = overview_grid.overview_grid(
        chosen.nodes, resolutions, overview_grid.stored_cells(resolutions, period, year),
        {pk: s.tally for pk, s in own.items()},
    )
    members = chosen.tree.members(pk, [n.committee.pk for n in chosen.nodes])
    totals = queries.subtree_totals(members, chosen.term[0], period, year) if chosen.term else {}
    for line in lines:
        line.subtree = totals.get(line.node.committee.pk, {})
        line.members = len(members.get(line.node.committee.pk, ()))
    label = chosen.label
    return render(request, "reports/committee_overview.html", {
        "root": chosen.root, "form": chosen.form, "columns": columns, "lines": lines, "period_label": label,
        "path": [chosen.tree.by_pk[c].as_committee() for c in chosen.tree.path_to(pk)[:-1]],
        "data_query": urlencode({"term": chosen.term[0], "period": period_value(period, year)}) if chosen.term else "",
        "chart": charts.stacked_chart(
            [(line.node.committee.name, line.subtree) for line in lines if line.subtree],
            "overview-chart", f"Mức độ hoàn thành chỉ tiêu của các đảng bộ cấp dưới (gồm cả cấp dưới của từng đảng bộ) — {label}",
        ),
    })
