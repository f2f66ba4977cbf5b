"""Reading an appendix workbook (.xlsx) into a ``ReadResult``: the sheet whose header matches the
layout, its cells, and the values Excel stored for its formulas.

Only what a workbook adds is handled here (which sheet, openpyxl's cells, formulas, links to other
workbooks, the exporter's hidden sheet); the rows under the header are read by
``reports.excel.table_reader.read_table``, the same reader Word tables go through.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from indicators.numbers import format_number
from reports.excel import roundtrip
from reports.excel.cells import MAX_COLUMNS, Cell, shown_formula
from reports.excel.header import HEADER_SCAN_ROWS, Header, find_header, title_above
from reports.excel.safety import WorkbookError, check_upload, max_cell_text, max_rows, open_workbook
from reports.excel.shapes import ImportRequest, ReadResult
from reports.excel.table_reader import read_table

# A reference to another workbook inside a formula: "[1]" (the file's link number) or "[Book2.xlsx]".
_OTHER_WORKBOOK_RE = re.compile(r"\[(\d+|[^\]]+\.xl\w*)\]", re.IGNORECASE)
_STRING_LITERAL_RE = re.compile(r'"[^"]*"')
_NO_VALUE = Cell(None)  # shared by every empty cell; cells are replaced, never changed


def read_rows(ws: Any, limit: int | None) -> list[list[Cell]]:
    """Rows of a read-only sheet as plain cells (the declared size is not trusted).

    The sheet is opened with formulas (not their values): a formula cell is flagged and left
    empty here; ``_fill_formulas`` puts in the value Excel stored for it. Streams: stops after
    ``limit`` rows, and refuses the file at the first cell whose text is longer than
    ``max_cell_text()`` (an appendix cell is a name, a figure or a short note).
    """
    ws.reset_dimensions()
    longest = max_cell_text()
    rows: list[list[Cell]] = []
    for row in ws.iter_rows():  # each row as long as its last cell (wider rows are cut below)
        cells = []
        for c in row[:MAX_COLUMNS]:
            value = c.value
            if value is None:
                cells.append(_NO_VALUE)
                continue
            if isinstance(value, str) and len(value) > longest:
                raise WorkbookError([
                    f"Trang '{ws.title}', ô {get_column_letter(len(cells) + 1)}{len(rows) + 1}: nội dung dài "
                    f"{format_number(Decimal(len(value)))} ký tự, vượt giới hạn "
                    f"{format_number(Decimal(longest))} ký tự một ô; tệp bị từ chối."
                ])
            if c.data_type == "f":
                formula = str(getattr(value, "text", value) or "")  # array formulas keep theirs in .text
                cells.append(Cell(None, formula=True, formula_text=formula if formula.startswith("=") else f"={formula}",
                                  coordinate=f"{get_column_letter(len(cells) + 1)}{len(rows) + 1}"))
                continue
            alignment = getattr(c, "alignment", None)
            indent = int(alignment.indent or 0) if alignment is not None else 0
            number_format = c.number_format if isinstance(value, (int, float)) else "General"
            cells.append(Cell(value, indent=indent, number_format=number_format or "General"))
        rows.append(cells)
        if limit is not None and len(rows) >= limit:
            break
    return rows


def _other_workbook(formula: str, linked_workbooks: dict[int, str]) -> str:
    """How a formula reads another workbook ("=[1]Sheet1!C5, tệp 'Book2.xlsx'"), or "" when it does not."""
    found = _OTHER_WORKBOOK_RE.search(_STRING_LITERAL_RE.sub("", formula))
    if found is None:
        return ""
    ref = found.group(1)
    target = linked_workbooks.get(int(ref)) if ref.isdigit() else ref
    return f"{shown_formula(formula)}, tệp '{target}'" if target else shown_formula(formula)


def _fill_formulas(ws: Any, rows: list[list[Cell]], linked_workbooks: dict[int, str] | None = None) -> None:
    """Give formula cells the value Excel last calculated (``ws`` opened with ``data_only``).

    Cells without a stored value stay flagged: they are refused, never read as empty. A formula
    reading another workbook (``linked_workbooks``: Excel's link numbers → files) is refused; any
    other keeps its formula text, so the preview warns that its stored value was taken.
    """
    wanted = {r for r, row in enumerate(rows) if any(cell.formula for cell in row)}
    if not wanted:
        return
    ws.reset_dimensions()
    for r, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, max_row=max(wanted) + 1)):
        if r not in wanted:
            continue
        for c, cell in enumerate(row):
            if c >= len(rows[r]) or not rows[r][c].formula:
                continue
            formula = rows[r][c]
            other = _other_workbook(formula.formula_text, linked_workbooks or {})
            if other:
                rows[r][c] = Cell(None, coordinate=formula.coordinate, other_workbook=other)
            elif cell.value is not None:
                number_format = cell.number_format if isinstance(cell.value, (int, float)) else "General"
                rows[r][c] = Cell(cell.value, number_format=number_format or "General",
                                  formula_text=formula.formula_text, coordinate=formula.coordinate)



def _choose_sheet(wb: Any, request: ImportRequest) -> tuple[str, list[list[Cell]], Header]:
    """The one sheet whose header matches the layout; every sheet is looked at."""
    names = [n for n in wb.sheetnames if n != roundtrip.SHEET_TITLE or request.sheet == n]
    if request.sheet is not None and request.sheet not in names:
        raise WorkbookError([f"Tệp không có trang '{request.sheet}'. Các trang: {', '.join(repr(n) for n in names)}."])
    candidates = [request.sheet] if request.sheet is not None else names
    matches: list[tuple[str, Header]] = []
    reasons: list[str] = []
    for name in candidates:
        rows = read_rows(wb[name], HEADER_SCAN_ROWS + 3)
        header = find_header(request.layout, rows)
        if header is None:
            reasons.append(f"Trang '{name}': không thấy dòng tiêu đề cột (STT, Chỉ tiêu, ...).")
        elif header.problems:
            reasons.append(f"Trang '{name}': {'; '.join(header.problems)}.")
        else:
            matches.append((name, header))
    if not matches:
        raise WorkbookError([f"Không có trang nào có tiêu đề cột đúng mẫu '{request.layout}'."] + reasons)
    if len(matches) > 1:
        listed = ", ".join(f"'{n}'" for n, _ in matches)
        raise WorkbookError([
            f"Có {len(matches)} trang cùng đúng mẫu '{request.layout}': {listed}. Không rõ trang nào là dữ liệu; "
            "hãy xóa các trang thừa hoặc chọn một trang."
        ])
    name, header = matches[0]
    limit = max_rows()
    rows = read_rows(wb[name], limit + 1)
    if len(rows) > limit:
        raise WorkbookError([f"Trang '{name}' có hơn {limit} dòng; giới hạn mỗi lần nhập là {limit} dòng."])
    return name, rows, header


def read_excel_appendix(data: bytes, request: ImportRequest) -> ReadResult:
    """Read a workbook into a document. Raises ``WorkbookError`` for file-level problems (not an
    xlsx, no or several matching sheets, too many rows); cell problems are in ``errors``.

    A file that is neither is refused here with a message naming both kinds of file the import
    takes (``reports.appendix_import.read_appendix`` sends Word files to the Word reader first).
    """
    archive = check_upload(data, request.file_name)
    if archive.kind != "xlsx":
        raise WorkbookError(["Tệp không phải tệp Excel .xlsx (hay Word .docx); hãy mở bằng Excel và lưu lại dạng "
                             "'Excel Workbook (*.xlsx)'."])
    wb = open_workbook(data, data_only=False)
    try:
        sheet, rows, header = _choose_sheet(wb, request)
        meta, warnings = roundtrip.read_sheet(wb)
    finally:
        wb.close()
    if any(cell.formula for row in rows for cell in row):
        wb_values = open_workbook(data, data_only=True)
        try:
            _fill_formulas(wb_values[sheet], rows, archive.linked_workbooks)
        finally:
            wb_values.close()
    if meta is not None and (meta.sheet != sheet or meta.layout != request.layout.value):
        meta = None  # written for another sheet or layout: its rows and columns do not apply
    read = read_table(sheet, rows, header, request, meta=meta)
    read.title = title_above(rows, header)
    read.warnings[:0] = warnings
    return read
