"""Finding an appendix table's header in rows of cells (a sheet's or a Word table's) and checking it.

The header is the row with an "STT" and a "Chỉ tiêu" cell, with up to two rows under it when a
cell spans a group ("Kết quả thực hiện" over "Năm 2021", "Năm 2022", ...) and the row of column
numbers ("(1) (2) (3)") under that. Its columns are mapped to the layout's kinds and checked against
the layout; the lines above it are the table's title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from openpyxl.utils import get_column_letter

from indicators.statuses import parse_status
from reports.excel.cells import Cell, plain
from reports.excel.layouts import ALLOWED, KIND_LABELS, REQUIRED, Column, Kind, Layout, classify_header

HEADER_SCAN_ROWS = 30  # the header must start within the first rows (title block above it)
_COLUMN_NUMBER_RE = re.compile(r"^\(?\d{1,2}\)?$|^\(?[A-Z]\)?$")


@dataclass
class Header:
    """Where a table's header is and what its columns are."""

    columns: dict[int, Column]  # 0-based column index -> column
    first_data_row: int  # 1-based
    problems: list[str]
    ignored: list[str]
    first_row: int = 0  # 0-based index of the header's first row (the title block is above it)


def is_column_number_row(row: list[Cell]) -> bool:
    """The row of column numbers under a header ("1 2 3 ...", "(1) (2) ...", "A B C ...")."""
    values = [plain(c.value) for c in row if c.value not in (None, "")]
    return len(values) >= 2 and all(_COLUMN_NUMBER_RE.match(v) for v in values) and values[0].strip("()") in {"1", "A"}


def _text_at(row: list[Cell], c: int) -> str:
    """The text of a header or title cell (empty for other values and past the row's end)."""
    return plain(row[c].value) if c < len(row) and isinstance(row[c].value, (str, int, float)) else ""


def find_header(layout: Layout, rows: list[list[Cell]]) -> Header | None:
    """Locate the header (one row, or two with a spanning group), map its columns, check the layout.

    Returns None when no row looks like a header (no "STT" and "Chỉ tiêu" cells).
    """
    for h, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        kinds = [classify_header(layout, _text_at(row, c)) for c in range(len(row))]
        if not any(k and k.kind == Kind.NUMBER for k in kinds) or not any(k and k.kind == Kind.NAME for k in kinds):
            continue
        number_col = next(c for c, k in enumerate(kinds) if k and k.kind == Kind.NUMBER)
        name_col = next(c for c, k in enumerate(kinds) if k and k.kind == Kind.NAME)
        continuation: list[list[Cell]] = []
        nxt = h + 1
        while nxt < len(rows) and len(continuation) < 2:
            candidate = rows[nxt]
            if is_column_number_row(candidate):
                break
            has_text = any(_text_at(candidate, c) for c in range(len(candidate)))
            if not has_text or _text_at(candidate, number_col) or _text_at(candidate, name_col):
                break
            continuation.append(candidate)
            nxt += 1
        first_data = nxt + 1
        if nxt < len(rows) and is_column_number_row(rows[nxt]):
            first_data = nxt + 2
        width = max([len(row)] + [len(r) for r in continuation])
        columns: dict[int, Column] = {}
        ignored: list[str] = []
        carried = ""
        for c in range(width):
            top = _text_at(row, c)
            carried = top or carried
            below = " ".join(t for t in (_text_at(r, c) for r in continuation) if t)
            column = None
            if below:
                column = (classify_header(layout, below) or classify_header(layout, f"{top} {below}".strip())
                          or (None if top else classify_header(layout, f"{carried} {below}")))
                shown = f"{top} {below}".strip() if top else below
            else:
                column = classify_header(layout, top)
                shown = top
            if column is not None:
                # "Đánh giá" spanning "Vượt | Đạt | Chưa đạt": a column per verdict, ticked on the row.
                mark = below if column.kind == Kind.VERDICT and below and parse_status(below) else ""
                columns[c] = replace(column, header=shown, mark=mark)
            elif shown:
                ignored.append(f"cột {get_column_letter(c + 1)} ('{shown}')")
        return Header(columns, first_data, _check_columns(layout, columns), ignored, first_row=h)
    return None


def _check_columns(layout: Layout, columns: dict[int, Column]) -> list[str]:
    """Why these columns are not ``layout`` (empty when they are)."""
    problems = []
    found: dict[Any, list[int]] = defaultdict(list)
    for c, column in columns.items():
        key: Any = column.kind
        if column.kind in (Kind.YEAR, Kind.HALF):
            key = (column.kind, column.year)
        elif column.mark:
            key = (column.kind, parse_status(column.mark))
        found[key].append(c)
    for cols in found.values():
        if len(cols) > 1:
            names = ", ".join(get_column_letter(c + 1) for c in cols)
            problems.append(f"nhiều cột cùng là '{columns[cols[0]].header}' (cột {names})")
    kinds = {column.kind for column in columns.values()}
    for kind in sorted(REQUIRED[layout] - kinds):
        problems.append(f"thiếu cột '{KIND_LABELS[kind]}'")
    for c, column in columns.items():
        if column.kind not in ALLOWED[layout]:
            problems.append(f"cột {get_column_letter(c + 1)} ('{column.header}') không thuộc mẫu '{layout}'")
    if layout == Layout.MIDTERM and not kinds & {Kind.YEAR, Kind.HALF, Kind.TERM, Kind.ESTIMATE}:
        problems.append("không có cột số liệu theo năm (Năm 2021, ...) hay cả giai đoạn")
    return problems


def title_above(rows: list[list[Cell]], header: Header) -> list[str]:
    """The text lines above a table's header (its title block), top to bottom."""
    lines = []
    for row in rows[:header.first_row]:
        text = " ".join(t for t in (_text_at(row, c) for c in range(len(row))) if t)
        if text:
            lines.append(text)
    return lines
