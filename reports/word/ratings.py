"""Phụ lục 3 (quality ratings of subordinate organisations) as .docx, from the same table as the Excel one.

``resolutions.ratings.ratings_table`` gives the sections, rows, sums and flags; ``reports.excel.ratings``
gives the title lines and column headers. This module only lays them out for Word the way the other
appendices print: A4 landscape (the table has fourteen columns), Times New Roman, two header rows
and the italic column-number row repeated on every page, one bold section row per subject, the
"Cộng" row in bold, rates computed from counts ("20,4"), inconsistencies in the "Ghi chú" column.
"""

from __future__ import annotations

from decimal import Decimal

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from indicators.numbers import format_number
from indicators.ratings import GRADES
from reports.excel.ratings import APPENDIX, GRADE_HEADERS, NCOLS, ROMAN, WIDTHS, title_lines
from reports.word.document import (
    CellText,
    add_paragraph,
    append_rows,
    fill_cell,
    keep_row_on_one_page,
    new_document,
    repeat_as_header,
    set_column_widths,
    set_page,
    text_width,
)
from reports.word.export import ATTACHED_LINE, docx_bytes
from resolutions.ratings import RatingRow, RatingsTable

LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
# Word needs a little more room than Excel's widths give the narrow columns ("STT", "Số lượng").
_WEIGHTS = [max(w, 7) for w in WIDTHS[:-1]] + [min(WIDTHS[-1], 24)]


def _count(value: int | None) -> str:
    return format_number(Decimal(value)) if value is not None else ""


def _row_cells(number: str, row: RatingRow, note: str, *, bold: bool = False) -> list[CellText]:
    """STT, name, total, rated, (count, rate) per grade, note: the cells the Excel row holds, as text."""
    counts = row.counts
    cells = [CellText(number, bold=bold), CellText(row.name, bold=bold, align=LEFT),
             CellText(_count(counts.total), align=RIGHT), CellText(_count(counts.rated), align=RIGHT)]
    for count, rate in row.grades:
        cells += [CellText(_count(count), align=RIGHT), CellText(rate, align=RIGHT)]
    return cells + [CellText(note, align=LEFT)]


def _body(table: RatingsTable) -> list[list[CellText]]:
    rows: list[list[CellText]] = []
    blank = [CellText("")] * (NCOLS - 2)
    for index, section in enumerate(table.sections):
        rows.append([CellText(ROMAN[index], bold=True), CellText(section.subject.label, bold=True, align=LEFT), *blank])
        for n, row in enumerate(section.rows, start=1):
            rows.append(_row_cells(str(n), row, " ".join(row.problems)))
        total_note = " ".join(section.total.problems) if len(section.rows) > 1 else ""
        rows.append(_row_cells("", section.total, total_note, bold=True))
        if section.own is not None:
            rows.append(_row_cells("", section.own, " ".join(section.mismatch + section.own.problems)))
    return rows


def write_ratings(document: DocxDocument, table: RatingsTable, appendix: str = APPENDIX) -> None:
    """Append Phụ lục 3 of ``table`` to ``document`` (its last section turned landscape)."""
    section = document.sections[-1]
    set_page(section, landscape=True)
    *titles, rule = title_lines(table, appendix)
    for line in titles:
        add_paragraph(document, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, ATTACHED_LINE, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, rule, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(6))

    grid = document.add_table(rows=3, cols=NCOLS)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [int(text_width(section) * w / sum(_WEIGHTS)) for w in _WEIGHTS]
    set_column_widths(grid, widths)
    head, below, numbers = (grid.rows[i].cells for i in range(3))
    singles = {0: "STT", 1: "Đảng bộ", 2: "Tổng số", 3: "Số được đánh giá, xếp loại", NCOLS - 1: "Ghi chú"}
    for c, text in singles.items():
        fill_cell(head[c], text, bold=True)
    for i, grade in enumerate(GRADES):
        c = 4 + 2 * i
        fill_cell(head[c], GRADE_HEADERS[grade], bold=True)
        fill_cell(below[c], "Số lượng", bold=True)
        fill_cell(below[c + 1], "Tỷ lệ (%)", bold=True)
    for c in singles:
        head[c].merge(below[c])
    for i in range(len(GRADES)):
        head[4 + 2 * i].merge(head[5 + 2 * i])
    for c, cell in enumerate(numbers, start=1):
        fill_cell(cell, str(c), italic=True)
    for row in grid.rows:
        repeat_as_header(row)
        keep_row_on_one_page(row)
    append_rows(grid, _body(table), widths)

    for index, subject in enumerate(table.sections):
        if subject.note:
            add_paragraph(document, f"{ROMAN[index]}. Nguồn, ghi chú: {subject.note}", italic=True)
    if not table.sections:
        add_paragraph(document, f"Chưa có số liệu xếp loại chất lượng năm {table.year}.")


def export_ratings_docx_bytes(table: RatingsTable, appendix: str = APPENDIX) -> bytes:
    """The .docx bytes of Phụ lục 3 for ``table`` (``resolutions.ratings.ratings_table``)."""
    document = new_document()
    write_ratings(document, table, appendix)
    return docx_bytes(document)
