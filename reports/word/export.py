"""Appendix tables (Phụ lục) as .docx, from the same table model as the Excel export.

``reports.excel.export.build_rows`` gives the columns and each row's cell texts (verdicts from
``resolutions.verdicts``, figures as written or formatted the Vietnamese way); ``title_lines``
gives the title block. This module only lays them out for Word: A4, landscape for wide tables,
Times New Roman 13 pt (12 pt in the table), header rows and the italic column-number row repeated
on every page, Roman section rows in bold, sub-rows indented, estimates marked "(ước)".
"""

from __future__ import annotations

import io

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reports.excel.export import build_rows, check_layout, export_file_name, title_lines
from reports.excel.layouts import Column, Kind, Layout
from reports.excel.table import CellText as TableText
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
from resolutions.models import Resolution

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ESTIMATE_MARK = "(ước)"
# The "attached to report no. … of …" line, left blank for the office to fill in by hand.
ATTACHED_LINE = "(Kèm theo Báo cáo số ……-BC/…… ngày ……/……/……)"
WIDE_COLUMNS = 6  # more columns than this: landscape (as the Excel export prints them)


def is_landscape(columns: list[Column]) -> bool:
    return len(columns) > WIDE_COLUMNS


def _cell_key(column: Column) -> Kind | tuple[str, int]:
    if column.kind in (Kind.YEAR, Kind.HALF):
        return ("half" if column.kind == Kind.HALF else "year", column.year or 0)
    return column.kind


def _weight(column: Column) -> float:
    """A column's share of the page width: the Excel width, with room for "STT", "III" and verdicts."""
    if column.kind == Kind.NUMBER:
        return max(column.width, 9)
    if column.kind == Kind.VERDICT:
        return max(column.width, 14)
    return column.width


def _figure(text: str) -> CellText:
    """A figure cell: the table model prints an estimate "9,9 (ước)"; Word sets the mark in italics."""
    if isinstance(text, TableText) and text.estimate and text != text.figure:
        return CellText(text.figure, mark=ESTIMATE_MARK)
    return CellText(text)


def _title_block(document: DocxDocument, lines: list[str]) -> None:
    """"PHỤ LỤC …", the table's title, committee/congress/term, the attached-to line, "-----"."""
    *titles, rule = lines
    for line in titles:
        add_paragraph(document, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, ATTACHED_LINE, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, rule, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(6))


def write_appendix(
    document: DocxDocument, resolution: Resolution, layout: Layout, appendix: str = "", *, new_section: bool = False,
) -> None:
    """Append the appendix table of ``resolution`` in ``layout`` to ``document``.

    ``new_section`` starts it on a new page in its own section (after a report's text), so a wide
    table can be landscape while the text stays portrait. Two queries (``build_rows``).
    """
    columns, rows = build_rows(resolution, layout)
    section = document.add_section(WD_SECTION.NEW_PAGE) if new_section else document.sections[-1]
    set_page(section, landscape=is_landscape(columns))
    _title_block(document, title_lines(resolution, layout, appendix))

    grouped = any(c.group for c in columns)
    header_rows = 3 if grouped else 2
    table = document.add_table(rows=header_rows, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = [_weight(c) for c in columns]
    widths = [int(text_width(section) * w / sum(weights)) for w in weights]
    set_column_widths(table, widths)

    head = table.rows[0].cells
    if grouped:
        below = table.rows[1].cells
        group_cols = [i for i, c in enumerate(columns) if c.group]
        for i, column in enumerate(columns):
            if column.group:
                fill_cell(below[i], column.header, bold=True)
            else:
                fill_cell(head[i], column.header, bold=True)
        fill_cell(head[group_cols[0]], columns[group_cols[0]].group, bold=True)
        for i, column in enumerate(columns):
            if not column.group:
                head[i].merge(below[i])
        if len(group_cols) > 1:
            head[group_cols[0]].merge(head[group_cols[-1]])
    else:
        for cell, column in zip(head, columns, strict=True):
            fill_cell(cell, column.header, bold=True)
    for i, cell in enumerate(table.rows[header_rows - 1].cells, start=1):  # 1, 2, 3, ... in italics
        fill_cell(cell, str(i), italic=True)
    for row in table.rows:
        repeat_as_header(row)
        keep_row_on_one_page(row)

    keys = [_cell_key(c) for c in columns]
    body: list[list[CellText]] = []
    current_section: int | None = None
    left = WD_ALIGN_PARAGRAPH.LEFT
    for target, row, texts in rows:
        section_row = target.section
        if section_row is not None and section_row.pk != current_section:
            current_section = section_row.pk
            if section_row.code or section_row.title:
                body.append([
                    CellText(section_row.code, bold=True) if c.kind == Kind.NUMBER
                    else CellText(section_row.title, bold=True, align=left) if c.kind == Kind.NAME
                    else CellText("") for c in columns])
        bold = row.depth == 0 and target.is_numbered
        cells = []
        for column, key in zip(columns, keys, strict=True):
            text = texts.get(key, "") or ""
            if column.kind == Kind.NAME:
                cells.append(CellText(text, bold=bold, align=left, indent_level=row.depth))
            elif column.kind == Kind.NUMBER:
                cells.append(CellText(text, bold=bold))
            elif column.is_figure:
                cells.append(_figure(text))
            else:
                cells.append(CellText(text))
        body.append(cells)
    append_rows(table, body, widths)


def export_document(resolution: Resolution, layout: Layout | str, appendix: str = "") -> DocxDocument:
    """A document holding only the appendix; raises ``ExportError`` when the layout does not fit."""
    layout = Layout(layout)
    check_layout(resolution, layout)
    document = new_document()
    write_appendix(document, resolution, layout, appendix)
    return document


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_docx_bytes(resolution: Resolution, layout: Layout | str, appendix: str = "") -> bytes:
    """The .docx file's bytes (see ``export_document``)."""
    return docx_bytes(export_document(resolution, layout, appendix))


def docx_file_name(resolution: Resolution, layout: Layout | str) -> str:
    """The Excel download name with the .docx extension."""
    return export_file_name(resolution, layout).removesuffix(".xlsx") + ".docx"
