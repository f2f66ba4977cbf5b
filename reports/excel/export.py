"""Appendix tables (Phụ lục) as .xlsx in the official layouts.

The table itself (title lines, columns, printed cell texts, verdicts) is the format-neutral model of
``reports.excel.table``; this module only prints it, with XlsxWriter. XlsxWriter writes a styled
cell faster than openpyxl's write-only writer writes a bare one (each cell points at a ready-made
format instead of openpyxl looking its style up cell by cell), and it writes the file the way Excel
does (a shared string table, the sheet's size up front), so reading an export back is quick too.
Rows get the height their wrapped text needs (``reports.excel.heights``). A hidden sheet
(``reports.excel.roundtrip``) carries what a verdict needs and the cells do not show, so the file
can be imported back without loss.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from indicators.estimates import MARK, split_estimate
from indicators.numbers import NumberFormatError, parse_number
from reports.excel import roundtrip
from reports.excel.adjusted import ADJUSTED_NOTE, adjustment_notes
from reports.excel.collector import paused_collector
from reports.excel.heights import column_points, line_height, lines_needed
from reports.excel.layouts import Column, Kind, Layout
from reports.excel.safety import FORMULA_STARTS
from reports.excel.table import (
    CellText,
    ExportError,
    TableRow,
    build_rows,
    cell_key,
    check_layout,
    layouts_for,
    midterm_periods,
    title_lines,
)
from resolutions.models import Resolution, Section

__all__ = [
    "ExportError", "build_rows", "check_layout", "export_bytes", "export_file_name", "figure_value",
    "layouts_for", "midterm_periods", "title_lines",
]

FONT_NAME = "Times New Roman"
SIZE, TITLE_SIZE, SMALL_SIZE = 12, 13, 11
# Numbers are shown the Vietnamese way (1.234,5) wherever the file is opened: LibreOffice takes the
# separators from the format's language tag (042A = Vietnamese); Excel uses the computer's own.
NUMBER_LOCALE = "[$-42A]"
ESTIMATE_SUFFIX = f'" {MARK}"'
A4 = 9
# A number written the canonical Vietnamese way: grouped by thousands with ".", decimals after ",",
# no leading zero ("1.600", "0,35", "-1,25"); exactly what a number format shows back.
_PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,2}(?:\.\d{3})*)(?:,\d+)?$")
_MAX_INDENT = 7


def figure_value(text: str) -> tuple[Decimal | str | None, str]:
    """A figure as it goes into a cell: (value, number format).

    A plain number written the Vietnamese way ("44.923", "9,9", "95,0", "328,096") becomes a
    numeric cell showing exactly as many decimals as written; an estimate keeps its number and
    shows "(ước)" through its format ("9,9 (ước)"). Anything else ("> 90", "7,5-8", "74 (19,6)",
    "30/77") stays text exactly as printed.
    """
    text = (text or "").strip()
    if not text:
        return None, "General"
    figure, estimate = split_estimate(text)
    return _number(figure, estimate) or (text, "@")


def _number(figure: str, estimate: bool) -> tuple[Decimal, str] | None:
    """A plain Vietnamese number as (value, the format that shows it back as written), else None."""
    if not _PLAIN_NUMBER.match(figure):
        return None
    try:
        value = parse_number(figure)
    except NumberFormatError:
        return None
    if value == 0 and figure.startswith("-"):
        return None  # "-0" would show as "0"
    places = len(figure.partition(",")[2])
    number_format = NUMBER_LOCALE + "#,##0" + ("." + "0" * places if places else "")
    return value, number_format + (ESTIMATE_SUFFIX if estimate else "")


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Look:
    """A cell style: what XlsxWriter needs, and what sizes the row."""

    size: int = SIZE
    bold: bool = False
    italic: bool = False
    align: str = "center"
    indent: int = 0
    border: bool = True
    number_format: str = ""

    def properties(self) -> dict[str, Any]:
        props: dict[str, Any] = {"font_name": FONT_NAME, "font_size": self.size, "bold": self.bold,
                                 "italic": self.italic, "align": self.align, "valign": "vcenter", "text_wrap": True}
        if self.indent:
            props["indent"] = self.indent
        if self.border:
            props["border"] = 1
        if self.number_format:
            props["num_format"] = self.number_format
        return props


TITLE, RULE, HEAD, COLUMN_NUMBER = "tiêu đề", "dòng kẻ", "tiêu đề cột", "số thứ tự cột"
SECTION, SECTION_NAME, CELL, CELL_BOLD, NAME_BOLD, FIGURE_TEXT, NOTE = (
    "nhóm", "tên nhóm", "ô", "ô đậm", "tên đậm", "số liệu chữ", "ghi chú")
_LOOKS: dict[str, _Look] = {
    TITLE: _Look(TITLE_SIZE, bold=True, border=False), RULE: _Look(border=False), HEAD: _Look(bold=True),
    COLUMN_NUMBER: _Look(SMALL_SIZE, italic=True), SECTION: _Look(bold=True),
    SECTION_NAME: _Look(bold=True, align="left"), CELL: _Look(), CELL_BOLD: _Look(bold=True),
    NAME_BOLD: _Look(bold=True, align="left"), FIGURE_TEXT: _Look(number_format="@"),
    NOTE: _Look(SMALL_SIZE, italic=True, align="left", border=False),
    **{f"tên, thụt {i}": _Look(align="left", indent=i) for i in range(_MAX_INDENT + 1)},
}


def name_style(indent: int) -> str:
    return f"tên, thụt {min(indent, _MAX_INDENT)}"


class _Styles:
    """The workbook's cell formats, made once per look and handed to cells by name."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.looks: dict[str, _Look] = dict(_LOOKS)
        self.formats: dict[str, Format] = {}

    def format(self, name: str, *, quote: bool = False) -> Format:
        """The format called ``name``; ``quote`` keeps text that looks like a formula text when edited."""
        key = f"{name} (chữ)" if quote else name
        found = self.formats.get(key)
        if found is None:
            props = self.looks[name].properties()
            if quote:
                props["quote_prefix"] = True
            found = self.formats[key] = self.wb.add_format(props)
        return found

    def number(self, number_format: str) -> str:
        """The style of a numeric figure cell with ``number_format`` (made on first use)."""
        name = f"số {number_format}"
        if name not in self.looks:
            self.looks[name] = _Look(align="right", number_format=number_format)
        return name


# --------------------------------------------------------------------------- the sheet


@dataclass
class _Placed:
    """Where the table went: the sheet row (1-based) of each target row, and the columns."""

    columns: list[Column]
    rows: list[tuple[int, TableRow]]


_CellSpec = tuple[object, str, str]  # (value, style name, text shown)


class _SheetWriter:
    """Writes rows of (value, style, text shown) cells, each row at the height its wrapped text needs."""

    def __init__(self, ws: Worksheet, styles: _Styles, widths: Sequence[float]) -> None:
        self.ws = ws
        self.styles = styles
        self.widths = list(widths)
        self.row = 0  # the last row written, 1-based as people count
        # Per style and width, made once: (format, one line's height, the most characters sure to fit
        # on one line, points available, font size, bold).
        self._looks: dict[tuple[str, float], tuple[Format, float, int, float, int, bool]] = {}

    def _look(self, style: str, width: float) -> tuple[Format, float, int, float, int, bool]:
        found = self._looks.get((style, width))
        if found is None:
            look = self.styles.looks[style]
            available = column_points(width, look.indent)
            # Text this short fits on one line even in the widest letters (about one em each).
            fits = int(available / (look.size * 1.1))
            found = self._looks[(style, width)] = (
                self.styles.format(style), line_height(look.size), fits, available, look.size, look.bold)
        return found

    def height(self, text: str, style: str, width: float) -> float:
        """The height in points ``text`` needs in ``style`` across ``width`` characters."""
        _format, line, fits, available, points, bold = self._look(style, width)
        if len(text) <= fits and "\n" not in text:
            return line
        return lines_needed(text, available, points, bold) * line

    def _write(self, r: int, c: int, value: object, style: str, cell_format: Format) -> None:
        if value is None or value == "":
            self.ws.write_blank(r, c, None, cell_format)
        elif isinstance(value, str):
            if value.startswith(FORMULA_STARTS):
                # The quote prefix keeps it text when edited (write_string never reads it as a formula).
                cell_format = self.styles.format(style, quote=True)
            self.ws.write_string(r, c, value, cell_format)
        else:
            self.ws.write_number(r, c, value, cell_format)

    def append(self, cells: list[_CellSpec], *, spans: dict[int, int] | None = None,
               extra: Callable[[], float] | None = None, unmeasured: frozenset[int] = frozenset()) -> int:
        """Write one row at the height its text needs; returns its 1-based number.

        ``spans`` maps a column to how many columns its cell is merged over; ``unmeasured`` columns
        (merged down over the next row) do not size this row; ``extra`` gives a height it needs besides.
        """
        r = self.row
        self.row += 1
        height = 0.0
        widths, looks, write = self.widths, self._looks, self._write
        for index, (value, style, text) in enumerate(cells):
            width = widths[index] if not spans or index not in spans else sum(widths[index:index + spans[index]])
            # ``height`` and the format in one look-up: this runs for every cell of the table.
            cell_format, line, fits, available, points, bold = looks.get((style, width)) or self._look(style, width)
            if (len(text) > fits or "\n" in text) and index not in unmeasured:
                line *= lines_needed(text, available, points, bold)
            if line > height:
                height = line
            write(r, index, value, style, cell_format)
        if extra is not None:
            height = max(height, extra())
        self.ws.set_row(r, height)
        return self.row

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int, cell: _CellSpec) -> None:
        """Merge a block (1-based rows and columns) showing ``cell``, in its style throughout."""
        value, style, _text = cell
        cell_format = self.styles.format(style)
        self.ws.merge_range(first_row - 1, first_col - 1, last_row - 1, last_col - 1, "", cell_format)
        self._write(first_row - 1, first_col - 1, value, style, cell_format)


def _figure_cell(text: str, styles: _Styles) -> _CellSpec:
    if isinstance(text, CellText):  # the table model knows the figure and its mark already
        number = _number(text.figure, text.estimate and text != text.figure) if text else None
    else:
        value, number_format = figure_value(text)
        number = (value, number_format) if isinstance(value, Decimal) else None
    if number is not None:
        return number[0], styles.number(number[1]), text
    return (text or None), FIGURE_TEXT, text


def _text_cell(text: str, style: str) -> _CellSpec:
    return (text or None), style, text


def _section_breaks(rows: Sequence[TableRow]) -> dict[int, Section]:
    """The rows a section title row goes before (index in ``rows`` → its section)."""
    breaks: dict[int, Section] = {}
    current: int | None = None
    for index, table_row in enumerate(rows):
        section = table_row.target.section
        if section is not None and section.pk != current:
            current = section.pk
            if section.code or section.title:
                breaks[index] = section
    return breaks


def _page_setup(ws: Worksheet, ncols: int, header_first: int, header_last: int) -> None:
    """A4, fitted to the page width, headers repeated on every page, panes frozen under them."""
    ws.freeze_panes(header_last, 2)
    ws.repeat_rows(header_first - 1, header_last - 1)
    ws.set_paper(A4)
    if ncols > 6:
        ws.set_landscape()
    else:
        ws.set_portrait()
    # One page wide, as many tall as needed. Excel reads a height of 0 as "automatic" but
    # LibreOffice (7.4) as "one page", shrinking a long table onto one sheet of paper; the largest
    # count means the same to both.
    ws.fit_to_pages(1, 32767)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _write_table(ws: Worksheet, resolution: Resolution, layout: Layout, appendix: str, styles: _Styles) -> _Placed:
    columns, rows = build_rows(resolution, layout)
    ncols = len(columns)
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width)
    out = _SheetWriter(ws, styles, [c.width for c in columns])
    titles = title_lines(resolution, layout, appendix)
    grouped = any(c.group for c in columns)
    header_first = len(titles) + 2
    header_last = header_first + (2 if grouped else 1)
    _page_setup(ws, ncols, header_first, header_last)

    for i, line in enumerate(titles):
        style = TITLE if i < 3 else RULE
        r = out.append([_text_cell(line, style)] + [_text_cell("", style)] * (ncols - 1), spans={0: ncols})
        out.merge(r, 1, r, ncols, _text_cell(line, style))
    out.append([_text_cell("", RULE)])  # one blank line before the table

    if grouped:
        group_cols = [i for i, c in enumerate(columns) if c.group]
        top = []
        for i, column in enumerate(columns):
            first_of_group = column.group and (i == 0 or columns[i - 1].group != column.group)
            top.append(_text_cell(column.group if first_of_group else ("" if column.group else column.header), HEAD))
        bottom = [_text_cell(column.header if column.group else "", HEAD) for column in columns]
        # A header merged over both rows shares their height: the top row takes what it lacks.
        below = max(out.height(column.header, HEAD, column.width) for column in columns if column.group)

        def spanning() -> float:
            return max(out.height(c.header, HEAD, c.width) for c in columns if not c.group) - below

        r = out.append(top, spans={group_cols[0]: len(group_cols)}, extra=spanning,
                       unmeasured=frozenset(i for i, c in enumerate(columns) if not c.group))
        out.append(bottom)
        for i, column in enumerate(columns, start=1):
            if not column.group:
                out.merge(r, i, r + 1, i, top[i - 1])
        if len(group_cols) > 1:
            out.merge(r, group_cols[0] + 1, r, group_cols[-1] + 1, top[group_cols[0]])
    else:
        out.append([_text_cell(c.header, HEAD) for c in columns])
    out.append([(index, COLUMN_NUMBER, str(index)) for index in range(1, ncols + 1)])  # 1, 2, 3, ...

    keys = [cell_key(c) for c in columns]
    kinds = [(c.kind, c.is_figure) for c in columns]
    breaks = _section_breaks(rows)
    indents = [name_style(depth) for depth in range(_MAX_INDENT + 1)]
    placed: list[tuple[int, TableRow]] = []
    estimates = False
    for index, table_row in enumerate(rows):
        target, row, texts = table_row.target, table_row.row, table_row.texts
        section = breaks.get(index)
        if section is not None:
            out.append([
                _text_cell(section.code, SECTION) if c.kind == Kind.NUMBER
                else _text_cell(section.title, SECTION_NAME) if c.kind == Kind.NAME
                else _text_cell("", SECTION)
                for c in columns
            ])
        bold = row.depth == 0 and target.is_numbered
        names = NAME_BOLD if bold else indents[min(row.depth, _MAX_INDENT)]
        numbers = CELL_BOLD if bold else CELL
        cells = []
        for (kind, is_figure), key in zip(kinds, keys, strict=True):
            text = texts.get(key) or ""
            if is_figure:
                cells.append(_figure_cell(text, styles))
                estimates = estimates or (isinstance(text, CellText) and text.estimate and text != text.figure)
            else:  # as _text_cell
                cells.append((text or None, names if kind == Kind.NAME else numbers if kind == Kind.NUMBER else CELL,
                              text))
        placed.append((out.append(cells), table_row))

    if estimates:
        out.append([_text_cell("", NOTE)])
        note = _text_cell(roundtrip.ESTIMATE_NOTE, NOTE)
        r = out.append([note] + [_text_cell("", NOTE)] * (ncols - 1), spans={0: ncols})
        out.merge(r, 1, r, ncols, note)
    notes = adjustment_notes([table_row.row for table_row in rows])  # adjusted targets: each original
    if notes:
        out.append([_text_cell("", NOTE)])
        for line in (ADJUSTED_NOTE, *notes):
            cell = _text_cell(line, NOTE)
            r = out.append([cell] + [_text_cell("", NOTE)] * (ncols - 1), spans={0: ncols})
            out.merge(r, 1, r, ncols, cell)
    return _Placed(columns, placed)


def _write_hidden(wb: xlsxwriter.Workbook, lines: list[list[Any]]) -> None:
    ws = wb.add_worksheet(roundtrip.SHEET_TITLE)
    ws.hide()
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100)
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if isinstance(value, str):
                if value:
                    ws.write_string(r, c, value)
            elif value is not None:
                ws.write_number(r, c, value)


def export_bytes(resolution: Resolution, layout: Layout | str, appendix: str = "") -> bytes:
    """The .xlsx file: the appendix sheet in ``layout`` and the hidden round-trip sheet.

    ``resolution`` should come with its congress and committee loaded (``with_context``); the
    table itself costs three queries (targets, results, adjustments). Raises ``ExportError`` when the layout does not fit.
    """
    layout = Layout(layout)
    check_layout(resolution, layout)
    buffer = io.BytesIO()
    with paused_collector():
        wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
        styles = _Styles(wb)
        title = f"Phụ lục {appendix}".strip()[:31]
        ws = wb.add_worksheet(title)
        placed = _write_table(ws, resolution, layout, appendix, styles)
        _write_hidden(wb, roundtrip.sheet_lines(resolution, layout, title, placed.columns, placed.rows))
        ws.activate()
        wb.close()
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
