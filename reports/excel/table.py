"""The appendix table as a format-neutral model: title lines, columns and the printed text of each cell.

The Excel writer (``reports.excel.export``) and the Word writer print this model as it is; neither
judges, formats nor marks figures on its own. Verdicts come from ``resolutions.verdicts`` (the
effective status: a person's override, else the rule's); estimates carry the mark "(ước)".
A whole table costs three queries (targets, results, adjustments) whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from indicators.estimates import mark_estimate
from reports.excel.adjusted import mark_adjusted
from reports.excel.baseline import add_baseline
from reports.excel.instances import instances
from reports.excel.layouts import CONGRESS_LAYOUTS, Column, Kind, Layout, export_columns
from resolutions.models import Resolution, Result, Target, TargetAdjustment
from resolutions.verdicts import NOT_JUDGED, Row, evaluate_targets, rules_for

__all__ = [
    "CellKey", "CellText", "ExportError", "TITLES", "TableRow", "build_rows", "cell_key", "check_layout",
    "layouts_for", "midterm_periods", "title_lines",
]

TITLES: dict[Layout, str] = {
    Layout.TERM: "KẾT QUẢ THỰC HIỆN MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI",
    Layout.MIDTERM: "ĐÁNH GIÁ GIỮA NHIỆM KỲ KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI",
    Layout.TARGETS: "MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI",
    Layout.ANNUAL: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NĂM",
}

# A cell of a row: a column kind, or ("year" | "half", year) for the mid-term year columns.
CellKey = Kind | tuple[str, int]


class ExportError(ValueError):
    """A layout that does not fit the resolution (Vietnamese message)."""


class CellText(str):
    """A cell's text exactly as printed ("9,9 (ước)"), and where it came from.

    To a writer it is a plain ``str``. ``figure`` is the figure as written without the mark;
    ``estimate`` says it is an estimate (ước); ``computed`` that the system computed it from the
    yearly figures by the target's term basis (nothing stored); ``result`` is the stored figure
    behind the cell, if any.
    """

    figure: str
    estimate: bool
    computed: bool
    result: Result | None

    def __new__(
        cls, figure: str, *, estimate: bool = False, computed: bool = False, result: Result | None = None,
        mark: bool = True,
    ) -> CellText:
        printed = mark_estimate(figure) if estimate and mark and figure else figure
        obj = super().__new__(cls, printed)
        obj.figure, obj.estimate, obj.computed, obj.result = figure, estimate, computed, result
        return obj


def _figure_cell(row: Row, *, mark: bool = True) -> CellText:
    """The figure a row shows for its period: the stored one (official over estimate) or a computed term figure."""
    result = row.result
    text = row.figure_text
    if result is not None:
        return CellText(text, estimate=result.figure == Result.Figure.ESTIMATE, result=result, mark=mark)
    return CellText(text, computed=bool(text))


def _stored_cell(result: Result | None, *, mark: bool = True) -> CellText:
    if result is None:
        return CellText("")
    return CellText(result.raw_text, estimate=result.figure == Result.Figure.ESTIMATE, result=result, mark=mark)


@dataclass
class TableRow:
    """One target row: the target, its verdict row and the printed text of each cell.

    Unpacks as ``target, row, texts`` (the shape both writers read). Figure cells are ``CellText``.
    """

    target: Target
    row: Row
    texts: dict[CellKey, str]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.target, self.row, self.texts))


# Target columns no table shows or judges with: the search column and who confirmed the direction, and when.
_TARGET_NOT_SHOWN = ("name_folded", "direction_confirmed_by", "direction_confirmed_at")


def load_targets(resolution: Resolution) -> list[Target]:
    """A resolution's targets in document order with section, indicator, results and adjustments:
    three queries.

    What ``TargetQuerySet.for_scoreboard`` gives, at a fraction of the cost for thousands of rows:
    instances made by ``reports.excel.instances`` (a section or indicator made once, not once per
    target), no parent rows loaded (verdicts use ``parent_id``), and each target's results and
    adjustments handed to it as lists instead of Django building a queryset per target.
    ``target.results.all()`` and ``target.adjustments.all()`` then give those lists: iterate them, do
    not query them.
    """
    targets = instances(Target.objects.filter(resolution=resolution).order_by("order"),
                        related=("section", "indicator"), skip=_TARGET_NOT_SHOWN)
    by_id = {target.pk: target for target in targets}
    results: dict[int, list[Result]] = defaultdict(list)
    cache_target = Result.target.field.set_cached_value  # result.target without a query
    for result in instances(Result.objects.filter(target__resolution=resolution).order_by("pk"), skip=NOT_JUDGED):
        results[result.target_id].append(result)
        cache_target(result, by_id[result.target_id])
    adjustments: dict[int, list[TargetAdjustment]] = defaultdict(list)
    # The targets in force (issue 13), read by the resolution as the results are: for one resolution's
    # 5.000 targets the join costs PostgreSQL less than a list of 5.000 ids (verdicts.load_targets,
    # which loads a page's few hundred targets of several resolutions, passes the ids).
    for adjustment in TargetAdjustment.objects.filter(target__resolution=resolution).order_by("pk"):
        adjustments[adjustment.target_id].append(adjustment)
    for target in targets:
        # Plain lists, not ``resolutions.prefetch.attach``'s cached querysets: building 10.000 of those
        # added 20 ms (5 %) to a 5.000-row export. ``.all()`` gives the list; it cannot be filtered.
        target._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "results": results.get(target.pk, []), "adjustments": adjustments.get(target.pk, []),
        }
    return targets


def layouts_for(resolution: Resolution) -> tuple[Layout, ...]:
    """The layouts a resolution can be exported in: term layouts for congress resolutions."""
    return (Layout.ANNUAL,) if resolution.kind == Resolution.Kind.ANNUAL else CONGRESS_LAYOUTS


def check_layout(resolution: Resolution, layout: Layout) -> None:
    """Raise ``ExportError`` when ``layout`` does not fit the resolution's kind."""
    if layout not in layouts_for(resolution):
        if resolution.kind == Resolution.Kind.ANNUAL:
            raise ExportError("Nghị quyết năm chỉ xuất được theo mẫu 'annual' (kế hoạch và thực hiện năm).")
        raise ExportError("Nghị quyết đại hội xuất theo mẫu 'term', 'midterm' hoặc 'targets'.")


def title_lines(resolution: Resolution, layout: Layout, appendix: str = "") -> list[str]:
    """The title block: "PHỤ LỤC ...", the table's title naming committee, congress and term, "-----"."""
    congress = resolution.congress
    committee = congress.committee.name.upper()
    where = f"{committee} LẦN THỨ {congress.roman}, NHIỆM KỲ {congress.term_start} - {congress.term_end}"
    title = TITLES[layout]
    if layout == Layout.ANNUAL:
        title = f"{title} {resolution.year}"
        where = f"{committee} (ĐẠI HỘI LẦN THỨ {congress.roman}, NHIỆM KỲ {congress.term_start} - {congress.term_end})"
    return [f"PHỤ LỤC {appendix}".strip(), title, where, "-----"]


def midterm_periods(targets: Iterable[Target], term: tuple[int, int]) -> list[tuple[str, int]]:
    """Year and half-year columns: those with figures, else every year of the term."""
    found: set[tuple[str, int]] = set()
    for target in targets:
        for r in target.results.all():  # prefetched
            if r.period in (Result.Period.YEAR, Result.Period.HALF) and r.year is not None:
                found.add((r.period, r.year))
    if not found:
        found = {(Result.Period.YEAR, y) for y in range(term[0] + 1, term[1] + 1)}
    # A half year before the full year of the same year ("6 tháng năm 2023" then "Năm 2023").
    return sorted(found, key=lambda p: (p[1], 0 if p[0] == Result.Period.HALF else 1))


def _term_results(target: Target) -> tuple[Result | None, Result | None]:
    """(official term figure, estimate term figure), from prefetched results."""
    official = estimate = None
    for r in target.results.all():
        if r.period == Result.Period.TERM:
            if r.figure == Result.Figure.OFFICIAL:
                official = r
            else:
                estimate = r
    return official, estimate


def so_far_end(targets: Iterable[Target], term: tuple[int, int]) -> tuple[str, int] | None:
    """What the mid-term "giai đoạn" column covers, so the importer reads its figures back the same
    way: the latest stored figure for the period so far; else the whole term when whole-term figures
    are stored; else None (the table's last year column: figures computed from the years shown)."""
    ends: list[tuple[int, str]] = []
    whole = False
    for target in targets:
        for r in target.results.all():  # prefetched
            if r.period == Result.Period.TO_DATE and r.year is not None:
                ends.append((r.year, "half" if r.span is not None and r.span % 1 else "year"))
            elif r.period == Result.Period.TERM:
                whole = True
    if ends:
        year, period = max(ends, key=lambda e: (e[0], e[1] == "year"))
        return period, year
    return ("year", term[1]) if whole else None


def _so_far_result(target: Target) -> Result | None:
    """The latest figure for the period so far (official over estimate), from prefetched results."""
    best = None
    for r in target.results.all():
        if r.period == Result.Period.TO_DATE and (
            best is None or (r.year, r.figure == Result.Figure.OFFICIAL) > (best.year, best.figure == Result.Figure.OFFICIAL)
        ):
            best = r
    return best


def _shows_verdict(row: Row) -> bool:
    """Title-only rows (no target, no figure, no parts) carry no verdict in the documents."""
    return bool(row.target.target_text.strip() or row.figure_text.strip() or row.children)


def cell_key(column: Column) -> CellKey:
    """The key of ``column``'s cell in ``TableRow.texts``."""
    if column.kind in (Kind.YEAR, Kind.HALF):
        return ("half" if column.kind == Kind.HALF else "year", column.year or 0)
    return column.kind


def build_rows(resolution: Resolution, layout: Layout) -> tuple[list[Column], list[TableRow]]:
    """Columns and, per target in document order, its row and printed cell texts; three queries.

    Figure cells are ``CellText``: estimates printed with "(ước)" (except in the mid-term column
    "Dự kiến thực hiện", whose header says so), computed term figures flagged ``computed``.
    """
    congress = resolution.congress
    term = (congress.term_start, congress.term_end)
    targets = load_targets(resolution)
    rules = rules_for(resolution)
    periods = midterm_periods(targets, term) if layout == Layout.MIDTERM else []
    columns = export_columns(
        layout, term=term, year=resolution.year, ordinal_roman=congress.roman, periods=periods,
        so_far_end=so_far_end(targets, term) if layout == Layout.MIDTERM else None,
    )
    if layout == Layout.ANNUAL:
        main = evaluate_targets(targets, Result.Period.YEAR, resolution.year, rules)
    else:
        # The mid-term review judges where the term is heading: a forecast while it runs (DOMAIN.md).
        main = evaluate_targets(targets, Result.Period.TERM, None, rules, outlook=layout == Layout.MIDTERM)
    columns = mark_adjusted(columns, main)  # "Mục tiêu ... (đã điều chỉnh)" when any target is adjusted
    baseline_texts: dict[int, str] = {}
    if layout == Layout.TARGETS:
        columns, baseline_texts = add_baseline(columns, resolution)  # "Năm gốc 2025" of a new term
    by_period: dict[tuple[str, int], dict[int, Row]] = {
        p: {r.target.pk: r for r in evaluate_targets(targets, p[0], p[1], rules)} for p in periods
    }
    out = []
    for row in main:
        target = row.target
        texts: dict[CellKey, str] = {
            Kind.NUMBER: target.number, Kind.NAME: target.name, Kind.UNIT: target.unit,
            # The target in force; an adjusted one's original is in the notes under the table.
            Kind.TARGET: row.target_text, Kind.VERDICT: row.status.label if _shows_verdict(row) else "",
        }
        if baseline_texts:
            texts[Kind.BASELINE] = baseline_texts.get(target.pk, "")
        if layout in (Layout.TERM, Layout.ANNUAL):
            texts[Kind.RESULT] = _figure_cell(row)
        if layout == Layout.MIDTERM:
            official, estimate = _term_results(target)
            so_far = _so_far_result(target)
            if so_far is not None:
                texts[Kind.TERM] = _stored_cell(so_far)
            elif official is not None:
                texts[Kind.TERM] = _stored_cell(official)
            else:
                texts[Kind.TERM] = CellText(row.figure_text if row.term_note else "", computed=bool(row.term_note))
            texts[Kind.ESTIMATE] = _stored_cell(estimate, mark=False)
            for p, rows in by_period.items():
                texts[p] = _figure_cell(rows[target.pk])
        out.append(TableRow(target, row, texts))
    return columns, out
