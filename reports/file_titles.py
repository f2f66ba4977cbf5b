"""What an uploaded appendix file states in its title (committee, congress, term, year), read before
the import so the upload form and the command need not have it retyped.

Works for workbooks (the rows above the header of the sheet that matches the layout) and Word
reports (the paragraphs above the appendix table). Reading never writes; a file that cannot be
read states nothing here (the import then reports why).
"""

from __future__ import annotations

from indicators.text import fold_text
from reports.excel.header import HEADER_SCAN_ROWS, find_header, title_above
from reports.excel.layouts import Layout
from reports.excel.reader import read_rows
from reports.excel.safety import WorkbookError, check_upload, open_workbook
from reports.titles import StatedTitle, parse_title
from reports.word.reader import word_tables_for
from reports.word.safety import looks_like_word


def _titles_of_workbook(data: bytes, file_name: str, layout: Layout) -> list[tuple[str, list[str]]]:
    check_upload(data, file_name)
    wb = open_workbook(data, data_only=True)
    try:
        out = []
        for name in wb.sheetnames:
            rows = read_rows(wb[name], HEADER_SCAN_ROWS + 3)
            header = find_header(layout, rows)
            if header is not None and not header.problems:
                out.append((name, title_above(rows, header)))
        return out
    finally:
        wb.close()


def _titles_of_document(data: bytes, file_name: str, layout: Layout) -> list[tuple[str, list[str]]]:
    return [(t.label, t.title) for t in word_tables_for(data, file_name, layout)]


def appendix_titles(data: bytes, file_name: str, layout: Layout | str) -> list[tuple[str, StatedTitle]]:
    """Each appendix table of ``layout`` in the file (sheet name or "Phụ lục 1A") with what its title
    states; empty when the file cannot be read (the import then says why)."""
    layout = Layout(layout)
    try:
        if looks_like_word(data, file_name):
            found = _titles_of_document(data, file_name, layout)
        else:
            found = _titles_of_workbook(data, file_name, layout)
    except WorkbookError:
        return []
    return [(name, parse_title(lines)) for name, lines in found]


def pick_title(found: list[tuple[str, StatedTitle]], table: str | None = None, committee_name: str = "") -> StatedTitle:
    """The title of the table to import: the one named ``table``, or the one whose title names
    ``committee_name``, else the only one, else the one all tables agree on; empty otherwise."""
    if table:
        wanted = fold_text(table)
        found = [(n, t) for n, t in found if fold_text(n) == wanted] or found
    stated = {t for _n, t in found}
    if len(stated) > 1 and committee_name:
        stated = {s for s in stated if fold_text(s.committee_name) == fold_text(committee_name)}
    return stated.pop() if len(stated) == 1 else StatedTitle()


def stated_title(
    data: bytes, file_name: str, layout: Layout | str, table: str | None = None, committee_name: str = "",
) -> StatedTitle:
    """``pick_title`` over ``appendix_titles``."""
    return pick_title(appendix_titles(data, file_name, layout), table, committee_name)
