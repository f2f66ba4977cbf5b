"""Appendix tables (Phụ lục) as .xlsx in the official layouts.

Verdicts come from ``resolutions.verdicts`` (the one source): the effective status, i.e. a
person's override, else the computed one. A whole export costs a constant number of queries
(targets, results) whatever the size of the resolution.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from indicators.evaluation import Kind as ExprKind
from indicators.evaluation import parse_expression
from indicators.numbers import format_number
from reports.excel.adjusted import mark_adjusted, write_notes
from reports.excel.baseline import add_baseline
from reports.excel.layouts import CONGRESS_LAYOUTS, Column, Kind, Layout, export_columns
from reports.excel.safety import write_text
from resolutions.models import Resolution, Result, Target
from resolutions.verdicts import Row, evaluate_targets, rules_for

FONT_NAME = "Times New Roman"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
TITLE = Font(name=FONT_NAME, size=13, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
# One style per indent level (sub-rows are indented; the importer reads the indent back as depth).
_NAME_ALIGN = [Alignment(horizontal="left", vertical="center", wrap_text=True, indent=i) for i in range(8)]

TITLES: dict[Layout, str] = {
    Layout.TERM: "KẾT QUẢ THỰC HIỆN MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI",
    Layout.MIDTERM: "ĐÁNH GIÁ GIỮA NHIỆM KỲ KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI",
    Layout.TARGETS: "MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI",
    Layout.ANNUAL: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NĂM",
}


class ExportError(ValueError):
    """A layout that does not fit the resolution (Vietnamese message)."""


def layouts_for(resolution: Resolution) -> tuple[Layout, ...]:
    """The layouts a resolution can be exported in: term layouts for congress resolutions."""
    return (Layout.ANNUAL,) if resolution.kind == Resolution.Kind.ANNUAL else CONGRESS_LAYOUTS


def check_layout(resolution: Resolution, layout: Layout) -> None:
    """Raise ``ExportError`` when ``layout`` does not fit the resolution's kind."""
    if layout not in layouts_for(resolution):
        if resolution.kind == Resolution.Kind.ANNUAL:
            raise ExportError("Nghị quyết năm chỉ xuất được theo mẫu 'annual' (kế hoạch và thực hiện năm).")
        raise ExportError("Nghị quyết đại hội xuất theo mẫu 'term', 'midterm' hoặc 'targets'.")


def figure_value(text: str) -> tuple[Decimal | str | None, str]:
    """A figure as it goes into a cell: (value, number format).

    A plain number written the canonical Vietnamese way ("44.923", "9,9", "328,096") becomes a
    numeric cell with as many decimals as written; anything else ("> 90", "7,5-8", "74 (19,6)",
    "30/77") stays text exactly as written.
    """
    text = (text or "").strip()
    if not text:
        return None, "General"
    expr = parse_expression(text)
    if (
        expr.kind == ExprKind.POINT and expr.sub is None and expr.fraction is None and expr.low is not None
        and format_number(expr.low) == text
    ):
        exponent = expr.low.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return expr.low, "#,##0" + ("." + "0" * places if places else "")
    return text, "@"


def _upper(text: str) -> str:
    return text.upper()


def title_lines(resolution: Resolution, layout: Layout, appendix: str = "") -> list[str]:
    """The title block: "PHỤ LỤC ...", the table's title naming committee, congress and term, "-----"."""
    congress = resolution.congress
    committee = _upper(congress.committee.name)
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


def _term_figures(target: Target) -> tuple[str, str]:
    """(official term figure, estimate term figure) as written, from prefetched results."""
    official = estimate = ""
    for r in target.results.all():
        if r.period == Result.Period.TERM:
            if r.figure == Result.Figure.OFFICIAL:
                official = r.raw_text
            else:
                estimate = r.raw_text
    return official, estimate


def _shows_verdict(row: Row) -> bool:
    """Title-only rows (no target, no figure, no parts) carry no verdict in the documents."""
    return bool(row.target.target_text.strip() or row.figure_text.strip() or row.children)


def build_rows(resolution: Resolution, layout: Layout) -> tuple[list[Column], list[tuple[Target, Row, dict[Kind | tuple[str, int], str]]]]:
    """Columns and, per target in document order, its row and cell texts; two queries."""
    congress = resolution.congress
    term = (congress.term_start, congress.term_end)
    targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
    rules = rules_for(resolution)
    periods = midterm_periods(targets, term) if layout == Layout.MIDTERM else []
    columns = export_columns(layout, term=term, year=resolution.year, ordinal_roman=congress.roman, periods=periods)
    if layout == Layout.ANNUAL:
        main = evaluate_targets(targets, Result.Period.YEAR, resolution.year, rules)
    else:
        main = evaluate_targets(targets, Result.Period.TERM, None, rules)
    columns = mark_adjusted(columns, main)
    baseline_texts: dict[int, str] = {}
    if layout == Layout.TARGETS:
        columns, baseline_texts = add_baseline(columns, resolution)
    by_period: dict[tuple[str, int], dict[int, Row]] = {
        p: {r.target.pk: r for r in evaluate_targets(targets, p[0], p[1], rules)} for p in periods
    }
    out = []
    for row in main:
        target = row.target
        texts: dict[Kind | tuple[str, int], str] = {
            Kind.NUMBER: target.number, Kind.NAME: target.name, Kind.UNIT: target.unit,
            Kind.TARGET: row.target_text,  # the target in force; the original is in the notes
            Kind.VERDICT: row.status.label if _shows_verdict(row) else "",
        }
        if baseline_texts:
            texts[Kind.BASELINE] = baseline_texts.get(target.pk, "")
        if layout in (Layout.TERM, Layout.ANNUAL):
            texts[Kind.RESULT] = row.figure_text
        if layout == Layout.MIDTERM:
            official, estimate = _term_figures(target)
            computed = row.figure_text if row.term_note else ""
            texts[Kind.TERM] = official or computed
            texts[Kind.ESTIMATE] = estimate
            for p, rows in by_period.items():
                texts[p] = rows[target.pk].figure_text
        out.append((target, row, texts))
    return columns, out


def _cell_key(column: Column) -> Kind | tuple[str, int]:
    if column.kind in (Kind.YEAR, Kind.HALF):
        return ("half" if column.kind == Kind.HALF else "year", column.year or 0)
    return column.kind


def write_sheet(ws: Worksheet, resolution: Resolution, layout: Layout, appendix: str = "") -> None:
    """Fill ``ws`` with the appendix table (title block, headers, column numbers, rows)."""
    columns, rows = build_rows(resolution, layout)
    ncols = len(columns)
    r = 1
    for i, line in enumerate(title_lines(resolution, layout, appendix)):
        cell = ws.cell(row=r, column=1)
        write_text(cell, line)
        cell.font = TITLE if i < 3 else FONT
        cell.alignment = CENTER
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        r += 1
    r += 1  # one blank line before the table

    header_first = r
    grouped = any(c.group for c in columns)
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=r, column=index)
        if grouped and column.group:
            write_text(ws.cell(row=r + 1, column=index), column.header)
            ws.cell(row=r + 1, column=index).font = BOLD
            ws.cell(row=r + 1, column=index).alignment = CENTER
            ws.cell(row=r + 1, column=index).border = BORDER
            if index == 1 or columns[index - 2].group != column.group:
                write_text(cell, column.group)
        else:
            write_text(cell, column.header)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(index)].width = column.width
    if grouped:
        for index, column in enumerate(columns, start=1):
            ws.cell(row=r + 1, column=index).border = BORDER
            if not column.group:
                ws.merge_cells(start_row=r, start_column=index, end_row=r + 1, end_column=index)
        group_cols = [i for i, c in enumerate(columns, start=1) if c.group]
        if len(group_cols) > 1:
            ws.merge_cells(start_row=r, start_column=group_cols[0], end_row=r, end_column=group_cols[-1])
        r += 1
    r += 1
    for index in range(1, ncols + 1):  # the column-number row: 1, 2, 3, ...
        cell = ws.cell(row=r, column=index, value=index)
        cell.font = ITALIC
        cell.alignment = CENTER
        cell.border = BORDER
    header_last = r
    r += 1

    keys = [_cell_key(c) for c in columns]
    current_section: int | None = None
    for target, row, texts in rows:
        section = target.section
        if section is not None and section.pk != current_section:
            current_section = section.pk
            if section.code or section.title:
                for index, column in enumerate(columns, start=1):
                    cell = ws.cell(row=r, column=index)
                    if column.kind == Kind.NUMBER:
                        write_text(cell, section.code)
                    elif column.kind == Kind.NAME:
                        write_text(cell, section.title)
                    cell.font = BOLD
                    cell.border = BORDER
                    cell.alignment = CENTER if column.kind == Kind.NUMBER else LEFT
                r += 1
        bold = row.depth == 0 and target.is_numbered
        for index, (column, key) in enumerate(zip(columns, keys, strict=True), start=1):
            cell = ws.cell(row=r, column=index)
            text = texts.get(key, "") or ""
            if column.is_figure:
                value, number_format = figure_value(text)
                if isinstance(value, Decimal):
                    cell.value = value
                    cell.number_format = number_format
                elif value is not None:
                    write_text(cell, value)
                cell.alignment = RIGHT if isinstance(value, Decimal) else CENTER
            else:
                if text:
                    write_text(cell, text)
                cell.alignment = _NAME_ALIGN[min(row.depth, 7)] if column.kind == Kind.NAME else CENTER
            cell.font = BOLD if bold and column.kind in (Kind.NUMBER, Kind.NAME) else FONT
            cell.border = BORDER
        r += 1

    write_notes(ws, r, ncols, [row for _t, row, _x in rows], ITALIC)
    ws.freeze_panes = ws.cell(row=header_last + 1, column=3)
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ncols > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def export_workbook(resolution: Resolution, layout: Layout | str, appendix: str = "") -> Workbook:
    """A workbook with one sheet holding the resolution's appendix in ``layout``.

    ``resolution`` should come with its congress and committee loaded (``with_context``); the
    table itself costs two queries. Raises ``ExportError`` when the layout does not fit.
    """
    layout = Layout(layout)
    check_layout(resolution, layout)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Phụ lục {appendix}".strip()[:31]
    write_sheet(ws, resolution, layout, appendix)
    return wb


def export_bytes(resolution: Resolution, layout: Layout | str, appendix: str = "") -> bytes:
    """The .xlsx file's bytes (see ``export_workbook``)."""
    buffer = io.BytesIO()
    export_workbook(resolution, layout, appendix).save(buffer)
    return buffer.getvalue()


def export_file_name(resolution: Resolution, layout: Layout | str) -> str:
    """A Vietnamese download name: "Phụ lục kết quả - Đảng bộ tỉnh Thái Bình - Đại hội XX (2020 - 2025).xlsx"."""
    layout = Layout(layout)
    congress = resolution.congress
    word = {Layout.TERM: "kết quả nhiệm kỳ", Layout.MIDTERM: "giữa nhiệm kỳ", Layout.TARGETS: "mục tiêu",
            Layout.ANNUAL: f"năm {resolution.year}"}[layout]
    name = (f"Phụ lục {word} - {congress.committee.name} - Đại hội {congress.roman} "
            f"({congress.term_start} - {congress.term_end}).xlsx")
    return re.sub(r'[\\/:*?"<>|\r\n]+', " ", name)
