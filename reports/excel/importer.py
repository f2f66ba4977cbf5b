"""Reading appendix workbooks typed by people into a ``ResolutionDoc``, and importing them.

Reading never writes: ``read_appendix`` turns the bytes into a document plus the list of every
bad cell (sheet, row, column, in Vietnamese). ``run_import`` then writes it through
``resolutions.services.apply_document`` inside one transaction (all or nothing; a dry run rolls
back) and always leaves an ``ImportLog``, also when the file was refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from openpyxl.utils import get_column_letter

from indicators.estimates import mark_estimate, split_estimate
from indicators.evaluation import Kind as ExprKind
from indicators.evaluation import Status, parse_status, parse_text
from indicators.numbers import NumberFormatError, format_number, parse_number
from indicators.text import fold_text, shorten
from reports.excel import roundtrip
from reports.excel.collector import paused_collector
from reports.excel.layouts import ALLOWED, KIND_LABELS, REQUIRED, Column, Kind, Layout
from reports.excel.roundtrip import RowMeta, SheetMeta
from reports.excel.safety import WorkbookError, check_upload, max_cell_text, max_rows, open_workbook, sha256_of
from reports.models import ImportLog
from reports.word.safety import looks_like_word
from resolutions import labels
from resolutions.documents import ResolutionDoc, ResultRow, SectionRow, TargetRow, resolve_ditto_units, walk
from resolutions.lookup import LookupError_, find_committee, normalise_name
from resolutions.models import Committee, Resolution, Result, to_roman
from resolutions.services import ApplySummary, DocumentError, apply_document, validate_document
from resolutions.verdicts import rows_for

OVERRIDE_PERMISSION = "resolutions.override_result"
HEADER_SCAN_ROWS = 30  # the header must start within the first rows (title block above it)
MAX_COLUMNS = 64  # wider rows are cut: no appendix layout has more than ~15 columns
_ROMAN_RE = re.compile(r"^[IVXLC]+\.?$")
_LETTER_SECTION_RE = re.compile(r"^[A-H]\.?$")
_NUMBERED_RE = re.compile(r"^\d+(?:\.\d+)*[.)]?$")
_COLUMN_NUMBER_RE = re.compile(r"^\(?\d{1,2}\)?$|^\(?[A-Z]\)?$")
_DEEP_MARKS = {"+", "*", "•", "◦"}
_TERM_RE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
# A reference to another workbook inside a formula: "[1]" (the file's link number) or "[Book2.xlsx]".
_OTHER_WORKBOOK_RE = re.compile(r"\[(\d+|[^\]]+\.xl\w*)\]", re.IGNORECASE)
_STRING_LITERAL_RE = re.compile(r'"[^"]*"')
SHOWN_FORMULA = 60  # characters of a formula quoted in a message


@dataclass
class ImportRequest:
    """What the caller states about the file (never taken from the file's content)."""

    layout: Layout
    committee_name: str
    ordinal: int
    term_start: int
    term_end: int
    year: int | None = None
    sheet: str | None = None
    file_name: str = ""


@dataclass
class ReadResult:
    """A document read from a workbook, with every problem found and where each row came from.

    ``marks`` says the file tells estimates apart (a "(ước)" mark, an "Ước thực hiện" column or the
    exporter's hidden sheet), so that an unmarked figure in it is an official one. ``meta_rows``
    are the rows the hidden sheet describes (id(TargetRow) → its line).
    """

    doc: ResolutionDoc
    sheet: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_numbers: dict[int, int] = field(default_factory=dict)  # id(TargetRow) -> sheet row
    has_unit: bool = True
    has_verdict: bool = True
    place: str = "Trang"  # "Trang" (a workbook's sheet) or "Bảng" (a Word document's table)
    title: list[str] = field(default_factory=list)  # the title lines above the table
    marks: bool = False
    meta: SheetMeta | None = None
    meta_rows: dict[int, RowMeta] = field(default_factory=dict)


@dataclass
class _Cell:
    value: Any
    formula: bool = False  # a formula with no value stored by Excel
    indent: int = 0
    number_format: str = "General"  # of numeric cells: decimals shown, a "(ước)" it adds
    formula_text: str = ""  # a formula whose stored value is taken (with a warning), e.g. "=SUM(E5:E11)"
    coordinate: str = ""  # "E12", for formula cells
    other_workbook: str = ""  # a formula reading another workbook: refused


_NO_VALUE = _Cell(None)  # shared by every empty cell; cells are replaced, never changed


@dataclass
class _Header:
    columns: dict[int, Column]  # 0-based column index -> column
    first_data_row: int  # 1-based
    problems: list[str]
    ignored: list[str]
    first_row: int = 0  # 0-based index of the header's first row (the title block is above it)


# --------------------------------------------------------------------------- small helpers


_norm = normalise_name  # NFC, single spaces: cells copied from Word carry NBSP and decomposed accents


def _plain(value: Any) -> str:
    """A header or marker cell as text (no number reading: headers are words and small integers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _norm(str(value))


def parse_term(text: str) -> tuple[int, int]:
    """'2020-2025' / '2020 - 2025' → (2020, 2025); raises ValueError with a Vietnamese message."""
    match = _TERM_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"Nhiệm kỳ '{text}' không hợp lệ; ghi dạng 2020-2025.")
    return int(match.group(1)), int(match.group(2))


def _where(sheet: str, row: int, col: int | None = None, header: str = "", place: str = "Trang") -> str:
    """"Trang 'Phụ lục', dòng 12, cột E (Kết quả)"; ``place`` is "Bảng" for a Word table."""
    if col is None:
        return f"{place} '{sheet}', dòng {row}"
    return f"{place} '{sheet}', dòng {row}{_column_place(col, header)}"


@lru_cache(maxsize=1024)
def _column_place(col: int, header: str) -> str:
    """", cột E (Kết quả)": the same for every row of a column, so worked out once (a 5.000-row
    table names some 50.000 cells)."""
    label = f" ({_norm(header)})" if header else ""
    return f", cột {get_column_letter(col + 1)}{label}"


@lru_cache(maxsize=256)
def _shown_places(number_format: str) -> int | None:
    """Decimals a number format shows ("#,##0.00" → 2, "0" → 0); None for "General"."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).split(";")[0]
    if not plain or plain.lower() == "general" or "%" in plain:
        return None
    _whole, dot, decimals = plain.partition(".")
    return len(re.match(r"[0#?]*", decimals).group()) if dot else 0  # type: ignore[union-attr]


@lru_cache(maxsize=256)
def _format_marks_estimate(number_format: str) -> bool:
    """The format prints an estimate mark after the number ('#,##0.0" (ước)"')."""
    return any(split_estimate(f"0 {q.strip()}")[1] for q in re.findall(r'"([^"]*)"', number_format))


def _numeric_text(number: Decimal, number_format: str) -> str:
    """A numeric cell as shown: as many decimals as its format shows (never fewer than it has)."""
    places = _shown_places(number_format)
    if places is not None:
        exponent = number.normalize().as_tuple().exponent
        own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        places = max(places, own)
    text = format_number(number, places)
    return mark_estimate(text) if _format_marks_estimate(number_format) else text


def cell_text(cell: _Cell, where: str, errors: list[str], *, keep: bool = False,
              warnings: list[str] | None = None, longest: int | None = None) -> str:
    """A cell as the text a person sees; numbers in Vietnamese format; problems go to ``errors``.

    Numeric cells are read as Decimal through ``parse_number`` (floats via their repr, never
    rounded) and written back the Vietnamese way ("44.923", "7,5"), with the decimals their format
    shows ("95,0") and the "(ước)" it prints. Dates (Excel's reading of "7-8"), booleans, formulas
    without a stored value and formulas reading another workbook are refused; a formula's stored
    value is taken with a warning naming the cell and the formula. ``longest``: ``max_cell_text()``,
    when the caller has read it once for a whole table.
    """
    if cell.other_workbook:
        errors.append(f"{where}: ô {cell.coordinate} là công thức lấy số liệu từ tệp khác ({cell.other_workbook}); "
                      "không nhận liên kết tới tệp khác, hãy nhập số trực tiếp.")
        return ""
    text = _cell_value_text(cell, where, errors, keep, max_cell_text() if longest is None else longest)
    if cell.formula_text and text and warnings is not None:
        warnings.append(f"{where}: ô {cell.coordinate} là công thức {_shown(cell.formula_text)}, "
                        f"lấy giá trị đã lưu {text}.")
    return text


def _shown(formula: str) -> str:
    return formula if len(formula) <= SHOWN_FORMULA else formula[:SHOWN_FORMULA - 1] + "…"


def _cell_value_text(cell: _Cell, where: str, errors: list[str], keep: bool, longest: int) -> str:
    value = cell.value
    if cell.formula:
        errors.append(f"{where}: ô có công thức nhưng tệp không lưu giá trị đã tính; hãy mở bằng Excel, "
                      "lưu lại, hoặc nhập số trực tiếp.")
        return ""
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > longest:  # the Excel reader refuses these while streaming; this is for Word
            errors.append(f"{where}: nội dung dài {format_number(Decimal(len(value)))} ký tự, vượt giới hạn "
                          f"{format_number(Decimal(longest))} ký tự một ô.")
            return ""
        return unicodedata.normalize("NFC", value).strip() if keep else _norm(value)
    if isinstance(value, bool):
        errors.append(f"{where}: ô có giá trị đúng/sai ({value}), không phải số liệu.")
        return ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        errors.append(f"{where}: ô đang ở dạng ngày tháng ({value}); có thể Excel đã tự đổi '7-8' thành ngày. "
                      "Hãy định dạng ô là Text rồi gõ lại.")
        return ""
    if isinstance(value, (int, float, Decimal)):
        try:
            return _numeric_text(parse_number(value), cell.number_format)
        except NumberFormatError as exc:
            errors.append(f"{where}: {exc}.")
            return ""
    errors.append(f"{where}: không đọc được ô ({type(value).__name__}).")
    return ""


# --------------------------------------------------------------------------- sheets and headers


def _read_rows(ws: Any, limit: int | None) -> list[list[_Cell]]:
    """Rows of a read-only sheet as plain cells (the declared size is not trusted).

    The sheet is opened with formulas (not their values): a formula cell is flagged and left
    empty here; ``_fill_formulas`` puts in the value Excel stored for it. Streams: stops after
    ``limit`` rows, and refuses the file at the first cell whose text is longer than
    ``max_cell_text()`` (an appendix cell is a name, a figure or a short note).
    """
    ws.reset_dimensions()
    longest = max_cell_text()
    rows: list[list[_Cell]] = []
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
                cells.append(_Cell(None, formula=True, formula_text=formula if formula.startswith("=") else f"={formula}",
                                   coordinate=f"{get_column_letter(len(cells) + 1)}{len(rows) + 1}"))
                continue
            alignment = getattr(c, "alignment", None)
            indent = int(alignment.indent or 0) if alignment is not None else 0
            number_format = c.number_format if isinstance(value, (int, float)) else "General"
            cells.append(_Cell(value, indent=indent, number_format=number_format or "General"))
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
    return f"{_shown(formula)}, tệp '{target}'" if target else _shown(formula)


def _fill_formulas(ws: Any, rows: list[list[_Cell]], linked_workbooks: dict[int, str] | None = None) -> None:
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
                rows[r][c] = _Cell(None, coordinate=formula.coordinate, other_workbook=other)
            elif cell.value is not None:
                number_format = cell.number_format if isinstance(cell.value, (int, float)) else "General"
                rows[r][c] = _Cell(cell.value, number_format=number_format or "General",
                                   formula_text=formula.formula_text, coordinate=formula.coordinate)


def _is_column_number_row(row: list[_Cell]) -> bool:
    values = [_plain(c.value) for c in row if c.value not in (None, "")]
    return len(values) >= 2 and all(_COLUMN_NUMBER_RE.match(v) for v in values) and values[0].strip("()") in {"1", "A"}


def _text_at(row: list[_Cell], c: int) -> str:
    return _plain(row[c].value) if c < len(row) and isinstance(row[c].value, (str, int, float)) else ""


def find_header(layout: Layout, rows: list[list[_Cell]]) -> _Header | None:
    """Locate the header (one row, or two with a spanning group), map its columns, check the layout.

    Returns None when no row looks like a header (no "STT" and "Chỉ tiêu" cells).
    """
    from reports.excel.layouts import classify_header

    for h, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        kinds = [classify_header(layout, _text_at(row, c)) for c in range(len(row))]
        if not any(k and k.kind == Kind.NUMBER for k in kinds) or not any(k and k.kind == Kind.NAME for k in kinds):
            continue
        number_col = next(c for c, k in enumerate(kinds) if k and k.kind == Kind.NUMBER)
        name_col = next(c for c, k in enumerate(kinds) if k and k.kind == Kind.NAME)
        continuation: list[list[_Cell]] = []
        nxt = h + 1
        while nxt < len(rows) and len(continuation) < 2:
            candidate = rows[nxt]
            if _is_column_number_row(candidate):
                break
            has_text = any(_text_at(candidate, c) for c in range(len(candidate)))
            if not has_text or _text_at(candidate, number_col) or _text_at(candidate, name_col):
                break
            continuation.append(candidate)
            nxt += 1
        first_data = nxt + 1
        if nxt < len(rows) and _is_column_number_row(rows[nxt]):
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
                columns[c] = Column(column.kind, shown, year=column.year, estimate=column.estimate,
                                    official=column.official)
            elif shown:
                ignored.append(f"cột {get_column_letter(c + 1)} ('{shown}')")
        return _Header(columns, first_data, _check_columns(layout, columns), ignored, first_row=h)
    return None


def _check_columns(layout: Layout, columns: dict[int, Column]) -> list[str]:
    """Why these columns are not ``layout`` (empty when they are)."""
    problems = []
    found: dict[Any, list[int]] = defaultdict(list)
    for c, column in columns.items():
        key = (column.kind, column.year) if column.kind in (Kind.YEAR, Kind.HALF) else column.kind
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


def _choose_sheet(wb: Any, request: ImportRequest) -> tuple[str, list[list[_Cell]], _Header]:
    """The one sheet whose header matches the layout; every sheet is looked at."""
    names = [n for n in wb.sheetnames if n != roundtrip.SHEET_TITLE or request.sheet == n]
    if request.sheet is not None and request.sheet not in names:
        raise WorkbookError([f"Tệp không có trang '{request.sheet}'. Các trang: {', '.join(repr(n) for n in names)}."])
    candidates = [request.sheet] if request.sheet is not None else names
    matches: list[tuple[str, _Header]] = []
    reasons: list[str] = []
    for name in candidates:
        rows = _read_rows(wb[name], HEADER_SCAN_ROWS + 3)
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
    rows = _read_rows(wb[name], limit + 1)
    if len(rows) > limit:
        raise WorkbookError([f"Trang '{name}' có hơn {limit} dòng; giới hạn mỗi lần nhập là {limit} dòng."])
    return name, rows, header


# --------------------------------------------------------------------------- rows


def _is_numbered(number: str) -> bool:
    return bool(number) and number[0].isdigit()


def _clean_number(number: str) -> str:
    """'1.' → '1' (a typed full stop after the number); other markers are kept as written."""
    if _NUMBERED_RE.match(number) and number[-1] in ".)":
        return number[:-1]
    return number


def _depth(number: str, indent: int | None, stack: list[TargetRow]) -> int:
    """Nesting of a row: the typed indent when the sheet uses indents, else its STT marker."""
    if indent is not None:
        depth = indent
    elif _is_numbered(number):
        depth = 0
    elif number in _DEEP_MARKS:
        depth = 2
    else:
        depth = 1
    return max(0, min(depth, len(stack)))


def read_appendix(data: bytes, request: ImportRequest) -> ReadResult:
    """Read a workbook into a document. Raises ``WorkbookError`` for file-level problems (not an
    xlsx, no or several matching sheets, too many rows); cell problems are in ``errors``.
    """
    if looks_like_word(data, request.file_name):
        from reports.word.importer import read_word_appendix  # reports.word builds on this module

        return read_word_appendix(data, request)
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
    read = _read_table(sheet, rows, header, request, meta=meta)
    read.title = title_above(rows, header)
    read.warnings[:0] = warnings
    return read


def title_above(rows: list[list[_Cell]], header: _Header) -> list[str]:
    """The text lines above a table's header (its title block), top to bottom."""
    lines = []
    for row in rows[:header.first_row]:
        text = " ".join(t for t in (_text_at(row, c) for c in range(len(row))) if t)
        if text:
            lines.append(text)
    return lines


def _read_table(
    sheet: str, rows: list[list[_Cell]], header: _Header, request: ImportRequest, *,
    place: str = "Trang", medium: str = "Excel", meta: SheetMeta | None = None,
) -> ReadResult:
    """The rows under ``header`` as a document. ``place``/``medium`` word the messages and the source
    ("Trang"/"Excel" for a sheet, "Bảng"/"Word" for a Word table); the cells are read the same way.
    ``meta`` is the exporter's hidden sheet, when the file has one."""
    layout = request.layout
    errors: list[str] = []
    warnings = [f"Bỏ qua {', '.join(header.ignored)} (không thuộc mẫu)."] if header.ignored else []
    cols = header.columns
    by_kind = {column.kind: c for c, column in cols.items()}
    term = (request.term_start, request.term_end)
    year = request.year
    so_far = so_far_coverage(cols, term) if layout == Layout.MIDTERM else None
    _check_header_years(layout, cols, term, request, errors)
    if layout == Layout.ANNUAL and year is None:
        year = next((cols[c].year for c in cols if cols[c].kind in (Kind.TARGET, Kind.RESULT) and cols[c].year), None)
        if year is None:
            errors.append("Mẫu 'annual' cần năm của nghị quyết (--year), tiêu đề cột cũng không ghi năm.")

    kind = "annual" if layout == Layout.ANNUAL else "congress"
    roman = to_roman(request.ordinal) if request.ordinal > 0 else "?"
    if kind == "annual":
        title = f"Nghị quyết năm {year} của {request.committee_name}"
    else:
        title = (f"Nghị quyết Đại hội đại biểu {request.committee_name} lần thứ {roman}, "
                 f"nhiệm kỳ {term[0]} - {term[1]}")
    doc = ResolutionDoc(
        committee_key="", committee_name=request.committee_name, ordinal=request.ordinal,
        term_start=term[0], term_end=term[1], kind=kind, year=year if kind == "annual" else None,
        title=title, source=f"Nhập từ tệp {medium} '{request.file_name}', {place.lower()} '{sheet}' (mẫu {layout})",
    )
    result = ReadResult(doc=doc, sheet=sheet, errors=errors, warnings=warnings,
                        has_unit=Kind.UNIT in by_kind, has_verdict=Kind.VERDICT in by_kind, place=place, meta=meta,
                        marks=meta is not None or any(c.estimate or c.official for c in cols.values()))

    data_rows = list(enumerate(rows, start=1))[header.first_data_row - 1:]
    name_col = by_kind[Kind.NAME]
    number_col = by_kind[Kind.NUMBER]
    uses_indent = any(len(r) > name_col and r[name_col].indent > 0 for _n, r in data_rows)
    section: SectionRow | None = None
    stack: list[TargetRow] = []

    longest = max_cell_text()

    def text(row: list[_Cell], c: int, r: int, keep: bool = False) -> str:
        if c >= len(row):
            return ""
        return cell_text(row[c], _where(sheet, r, c, cols[c].header, place), errors, keep=keep, warnings=warnings,
                         longest=longest)

    for r, row in data_rows:
        if all(cell.value in (None, "") and not cell.formula and not cell.other_workbook for cell in row):
            continue
        number = _clean_number(text(row, number_col, r))
        name = text(row, name_col, r, keep=True)  # as written (only trimmed), like target texts
        values = {c: text(row, c, r, keep=True) for c in cols if c not in (number_col, name_col)}
        filled = {c: v for c, v in values.items() if v}
        if (_ROMAN_RE.match(number) or _LETTER_SECTION_RE.match(number)) and not filled:
            section = SectionRow(code=number.rstrip("."), title=name)
            doc.sections.append(section)
            stack = []
            continue
        if not name:
            if filled:
                errors.append(f"{_where(sheet, r, place=place)}: thiếu tên chỉ tiêu (cột {get_column_letter(name_col + 1)}).")
            elif fold_text(number).startswith("ghi chu"):
                pass  # a note under the table ("Ghi chú: số liệu ghi (ước) là số ước thực hiện.")
            elif len(number) > 6:
                warnings.append(f"{_where(sheet, r, place=place)}: bỏ qua dòng ghi chú '{shorten(number, 60)}'.")
            elif number:
                errors.append(f"{_where(sheet, r, place=place)}: có STT '{number}' nhưng thiếu tên chỉ tiêu.")
            continue
        if section is None:
            section = SectionRow(code="", title="")
            doc.sections.append(section)
        target = TargetRow(number=number, name=name, where=_where(sheet, r, place=place))
        result.row_numbers[id(target)] = r
        row_meta = meta.match(r, number, name) if meta is not None else None
        if row_meta is not None:
            result.meta_rows[id(target)] = row_meta
            target.indicator, target.indicator_stated, target.note = row_meta.indicator, True, row_meta.note
            target.direction, target.direction_source = row_meta.direction, row_meta.direction_source
            target.basis = row_meta.basis or target.basis
            if not result.has_unit:
                target.unit = row_meta.unit
        for c, value in values.items():
            column = cols[c]
            if column.kind == Kind.UNIT:
                target.unit = value
            elif column.kind == Kind.TARGET:
                target.target = value
            elif column.kind == Kind.NOTE:
                target.note = value
        if _read_figures(target, values, cols, layout, year, sheet, r, errors, place, row_meta, so_far):
            result.marks = True
        for yearly in row_meta.yearly if row_meta is not None else []:
            known = yearly.figure
            target.results.append(ResultRow(
                period=yearly.period, year=yearly.year, text=known.printed, estimate=known.kind == roundtrip.ESTIMATE,
                reported=known.reported, note=known.note, override=known.override, override_reason=known.override_reason,
                where=f"{_where(sheet, r, place=place)} (trang ẩn '{roundtrip.SHEET_TITLE}')",
            ))
        indent = row[name_col].indent if uses_indent and name_col < len(row) else (0 if uses_indent else None)
        depth = _depth(number, indent, stack)
        if depth == 0:
            section.targets.append(target)
        else:
            stack[depth - 1].children.append(target)
        stack = stack[:depth] + [target]
    if not any(s.targets for s in doc.sections):
        errors.append(f"{place} '{sheet}': không có dòng chỉ tiêu nào dưới dòng tiêu đề.")
    resolve_ditto_units(doc)
    return result


def _check_header_years(
    layout: Layout, cols: dict[int, Column], term: tuple[int, int], request: ImportRequest, errors: list[str]
) -> None:
    """Years written in headers must agree with what the caller said (term, year)."""
    for c, column in cols.items():
        where = f"cột {get_column_letter(c + 1)} ('{column.header}')"
        if column.kind in (Kind.YEAR, Kind.HALF) and column.year is not None:
            if not term[0] <= column.year <= term[1]:
                errors.append(f"Tiêu đề {where}: năm {column.year} nằm ngoài nhiệm kỳ {term[0]} - {term[1]}.")
        if layout == Layout.ANNUAL and request.year and column.year and column.kind in (Kind.TARGET, Kind.RESULT):
            if column.year != request.year:
                errors.append(f"Tiêu đề {where} ghi năm {column.year}, khác năm {request.year} đã chọn.")
        if layout == Layout.TARGETS and column.kind == Kind.TARGET:
            found = _TERM_RE.search(column.header)
            if found and (int(found.group(1)), int(found.group(2))) != term:
                errors.append(f"Tiêu đề {where} ghi nhiệm kỳ {found.group(1)} - {found.group(2)}, "
                              f"khác nhiệm kỳ {term[0]} - {term[1]} đã chọn.")


_SO_FAR_RE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*(6\s*tháng\s*(?:đầu\s*)?(?:năm\s*)?)?((?:19|20)\d{2})",
                        re.IGNORECASE)


def so_far_coverage(cols: dict[int, Column], term: tuple[int, int]) -> tuple[int, Decimal] | None:
    """What a mid-term "Trung bình (hoặc lũy kế) giai đoạn" column covers: (last year, years covered),
    or None when it covers the whole term (then it is the term's figure).

    The years its header names ("giai đoạn 2021 - 6 tháng 2023") win; otherwise it covers the years
    the table shows, up to its last year or half-year column. The term's first year is the one after
    the congress (a 2020 - 2025 term runs 2021..2025).
    """
    first = term[0] + 1
    term_column = next((c for c in cols.values() if c.kind == Kind.TERM), None)
    named = _SO_FAR_RE.search(term_column.header) if term_column is not None else None
    if named:
        last, half = int(named.group(3)), bool(named.group(2))
    else:
        periods = [(c.year, c.kind == Kind.HALF) for c in cols.values() if c.kind in (Kind.YEAR, Kind.HALF) and c.year]
        if not periods:
            return None
        last = max(y for y, _h in periods)
        half = not any(y == last and not h for y, h in periods)
    if last >= term[1] and not half:
        return None
    span = Decimal(last - first + 1) - (Decimal("0.5") if half else 0)
    return (last, span) if span > 0 else None


def _read_figures(
    target: TargetRow, values: dict[int, str], cols: dict[int, Column], layout: Layout, year: int | None,
    sheet: str, r: int, errors: list[str], place: str = "Trang", meta: RowMeta | None = None,
    so_far: tuple[int, Decimal] | None = None,
) -> bool:
    """The row's results; the document's verdict becomes the main result's *reported* status.

    A figure marked "(ước)" (or in an "Ước thực hiện" / "Dự kiến" column) is an estimate. With the
    exporter's hidden sheet (``meta``), each figure gets back its document verdict, note and a
    person's override; a term figure the system computed and nobody changed is not a figure; a
    verdict cell still showing what the export printed is the system's, not the document's.
    Returns whether the row marks an estimate.
    """
    main: ResultRow | None = None
    fallback: ResultRow | None = None
    verdict = ""
    verdict_where = ""
    marked_any = False
    for c, value in values.items():
        column = cols[c]
        where = _where(sheet, r, c, column.header, place)
        if column.kind == Kind.VERDICT:
            verdict, verdict_where = value, where
            continue
        if not column.is_figure:
            continue
        known = meta.figures.get(c) if meta is not None else None
        if known is not None and known.kind == roundtrip.COMPUTED and known.printed == value:
            continue  # the export's own computation from the yearly figures, unchanged
        if known is not None and known.kind == roundtrip.COMPUTED:
            known = None  # a person typed a figure over the computed one
        figure, marked = split_estimate(value)
        marked_any = marked_any or marked
        if known is None and parse_text(figure).kind == ExprKind.EMPTY:
            continue  # "-", "…" and blanks are "no figure"
        estimate = marked or column.estimate or column.kind == Kind.ESTIMATE
        if column.kind == Kind.RESULT:
            period, when = ("year", year) if layout == Layout.ANNUAL else ("term", None)
            res = ResultRow(period=period, year=when, text=figure, estimate=estimate, where=where)
            main = res
        elif column.kind in (Kind.YEAR, Kind.HALF):
            res = ResultRow(period=column.kind.value, year=column.year, text=figure, estimate=estimate, where=where)
        elif column.kind == Kind.TERM and so_far is not None:
            # "Trung bình (hoặc lũy kế) giai đoạn" of a term still running: the years so far.
            res = ResultRow(period="todate", year=so_far[0], span=so_far[1], text=figure, estimate=estimate,
                            where=where)
            main = res
        elif column.kind == Kind.TERM:
            res = ResultRow(period="term", year=None, text=figure, estimate=estimate, where=where)
            main = res
        else:  # Kind.ESTIMATE
            res = ResultRow(period="term", year=None, text=figure, estimate=True, where=where)
            fallback = res
        if known is not None:
            res.reported, res.note = known.reported, known.note
            res.override, res.override_reason = known.override, known.override_reason
        target.results.append(res)
    if meta is not None and verdict == meta.verdict:
        return marked_any  # the verdict the export printed: the system's, kept with each figure above
    if not verdict:
        return marked_any
    status = parse_status(verdict)
    if status is None:
        errors.append(f"{verdict_where}: không hiểu đánh giá '{verdict}' (dùng Vượt, Đạt, Cơ bản đạt, Chưa đạt, "
                      "Không đạt, Khó đạt).")
        return marked_any
    if status in (Status.PENDING, Status.NO_DATA, Status.INCOMPLETE):
        return marked_any  # "Chưa đánh giá", "Chưa có số liệu", "Chưa đủ số liệu" say that there is no verdict
    carrier = main or fallback
    if carrier is None and parse_text(target.target).kind == ExprKind.QUALITATIVE:
        # A qualitative target's verdict is the only information the row has: keep it.
        period, when = ("year", year) if layout == Layout.ANNUAL else ("term", None)
        carrier = ResultRow(period=period, year=when, text="", where=verdict_where)
        target.results.append(carrier)
    if carrier is not None:
        carrier.reported = verdict
    # Otherwise the verdict is derived (parts, no figure) and is recomputed from the data.
    return marked_any


# --------------------------------------------------------------------------- committee and existing data


def committee_level(name: str) -> str:
    """Level guessed from the name: huyện/quận/thị xã → district, xã/phường/thị trấn → commune."""
    words = f" {_norm(name).lower()} "
    if any(w in words for w in (" huyện ", " quận ", " thị xã ")):
        return Committee.Level.DISTRICT
    if any(w in words for w in (" xã ", " phường ", " thị trấn ")):
        return Committee.Level.COMMUNE
    return Committee.Level.PROVINCE


def get_or_create_committee(name: str, ordinal: int) -> Committee:
    """``find_committee``, or a new committee of that name (command line imports only)."""
    try:
        committee = find_committee(name, ordinal)
    except LookupError_ as exc:
        raise DocumentError([str(exc)]) from exc
    if committee is not None:
        return committee
    base = slugify(fold_text(name))[:70] or "dang-bo"
    key, n = base, 1
    while Committee.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    committee = Committee(key=key, name=_norm(name), level=committee_level(name))
    committee.full_clean()
    committee.save()
    return committee


def enrich(read: ReadResult, committee: Committee, request: ImportRequest) -> None:
    """Fill in what the table cannot say, so importing a table changes only what it changes.

    - Rows the exporter's hidden sheet describes already carry their catalogue key, direction (and
      where it came from), term basis, notes, document verdicts and overrides; a new resolution also
      takes its title, number, date and evaluation settings from it, and the indicators it names.
    - Other rows at the same position with the same name as the existing resolution keep their
      catalogue indicator, term basis, note (and unit, when the layout has no unit column), and
      result notes; a verdict equal to the one the system shows keeps the document's verdict.
    - Estimates: see ``_keep_existing``.
    Other rows are linked to the indicator catalogue by their wording by ``apply_document``
    (``indicators.matching``), which also guesses the direction of rows that match nothing.
    Reads only; ``apply_document`` writes.
    """
    doc = read.doc
    resolution = (
        Resolution.objects.with_context()
        .filter(congress__committee=committee, congress__ordinal=doc.ordinal, kind=doc.kind,
                year=doc.year if doc.kind == "annual" else None)
        .first()
    )
    if resolution is not None:
        doc.title, doc.source, doc.code, doc.issued_on = (
            resolution.title, resolution.source, resolution.code, resolution.issued_on)
    elif read.meta is not None:
        meta = read.meta
        doc.title, doc.code, doc.issued_on = meta.title or doc.title, meta.code, meta.issued_on
        doc.exceed_margin, doc.basic_band = meta.exceed_margin, meta.basic_band
    if read.meta is not None:
        doc.indicators = list(read.meta.indicators)
    typed = [(row, parent) for section in doc.sections for row, parent in walk(section.targets)]
    if not any(id(row) not in read.meta_rows for row, _parent in typed):
        return  # every row is described by the hidden sheet
    existing: dict[int, Any] = {}
    if resolution is not None:
        main_period = ("year", resolution.year) if doc.kind == "annual" else ("term", None)
        existing = {row.target.order: row for row in rows_for(resolution, *main_period)}
    for order, (row, _parent) in enumerate(typed, start=1):
        if id(row) in read.meta_rows:
            continue
        old = existing.get(order)
        if old is not None and fold_text(old.target.name) == fold_text(row.name):
            _keep_existing(row, old, read)


def _keep_existing(row: TargetRow, old: Any, read: ReadResult) -> None:
    """Keep what the stored row knows and a typed table does not say.

    Estimates: a table that marks no figure as an estimate (no "(ước)", no "Ước thực hiện" or
    "(chính thức)" column) says nothing about them, so a figure for a period that has only an
    estimate updates that estimate (one figure per period, still an estimate) and the preview says
    so. In a table that marks estimates, an unmarked figure is official and is kept beside the
    estimate (DOMAIN: both are kept, the official one decides).
    """
    target = old.target
    row.indicator = target.indicator.key if target.indicator_id else ""
    row.basis = target.term_basis
    row.note = row.note or target.note
    if not read.has_unit:
        row.unit = target.unit
    results = list(target.results.all())
    for res in row.results:
        same = [r for r in results if r.period == res.period and r.year == res.year]
        official = next((r for r in same if r.figure == Result.Figure.OFFICIAL), None)
        estimate = next((r for r in same if r.figure == Result.Figure.ESTIMATE), None)
        if not res.estimate and not read.marks and official is None and estimate is not None:
            res.estimate = True
            if estimate.raw_text != res.text:
                read.warnings.append(
                    f"{res.where}: '{res.text}' không ghi “(ước)”; bảng không đánh dấu số ước nên số này thay số ước "
                    f"'{estimate.raw_text}' đã có và vẫn là số ước. Nếu là số chính thức, ghi tiêu đề cột "
                    "“Kết quả thực hiện (chính thức)” rồi nhập lại."
                )
        stored = estimate if res.estimate else official
        if stored is None:
            continue
        res.note = res.note or stored.source_note
        if not read.has_verdict:
            res.reported = stored.reported_text
        elif old.result is not None and old.result.pk == stored.pk:
            # The table repeats the verdict the system shows (an export read back): the
            # document's own reported verdict stays.
            if not res.reported or parse_status(res.reported) == old.status:
                res.reported = stored.reported_text


# --------------------------------------------------------------------------- the import


@dataclass
class ImportOutcome:
    """What an import did: the log row, the summary (None when refused) and every message."""

    log: ImportLog
    summary: ApplySummary | None
    errors: list[str]
    warnings: list[str]
    sheet: str = ""

    @property
    def succeeded(self) -> bool:
        return not self.errors

    def report(self) -> str:
        """The summary text shown on screen and printed by the command."""
        return self.log.summary if self.succeeded else "\n".join(self.errors)


def _with_rows(labels: list[str], rows: dict[str, list[int]]) -> list[str]:
    out = []
    for label in labels:
        found = rows.get(label)
        out.append(f"Dòng {found.pop(0)}: {label}" if found else label)
    return out


def summary_text(summary: ApplySummary, read: ReadResult, dry_run: bool) -> str:
    """Counts and the rows concerned, with sheet row numbers."""
    rows: dict[str, list[int]] = defaultdict(list)
    numbered: dict[int, str] = {}  # each row's own number, else its nearest numbered parent's
    for section in read.doc.sections:
        for row, parent in walk(section.targets):
            inherited = numbered.get(id(parent), "") if parent is not None else ""
            numbered[id(row)] = row.number if labels.numbered(row.number) else inherited
            n = read.row_numbers.get(id(row))
            if n is None:
                continue
            # The same labels as services.apply_document's summary, so each finds its sheet row.
            label = labels.target_label(row.number, row.name, inherited)
            rows[label].append(n)
            for res in row.results:
                rows[labels.result_label(label, res.period, res.year)].append(n)
    c = summary.counts()
    head = "Chạy thử (chưa ghi gì): " if dry_run else ""
    lines = [f"{head}{read.place.lower()} '{read.sheet}': tạo mới {c['created']}, cập nhật {c['updated']}, "
             f"không đổi {c['unchanged']}, từ chối 0."]
    if summary.changes_nothing:
        lines.append("Tệp không có gì khác với dữ liệu đang lưu: nhập tệp này không thay đổi gì.")
    for title, names in (("Tạo mới", summary.created), ("Cập nhật", summary.updated)):
        if names:
            lines.append(f"{title}:")
            lines.extend(f"  - {x}" for x in _with_rows(names, rows))
    lines.extend(summary.notes)
    lines.extend(direction_lines(summary))
    lines.extend(read.warnings)
    return "\n".join(lines)


def direction_lines(summary: ApplySummary) -> list[str]:
    """The preview's lines on catalogue links made by wording and on guessed directions."""
    lines = []
    if summary.linked:
        lines.append("Gắn với danh mục chỉ số theo tên (xem lại nếu chưa đúng):")
        lines.extend(f"  - {x}" for x in summary.linked)
    if summary.guessed:
        lines.append("Chiều đánh giá do hệ thống suy đoán, cần xác nhận (đánh giá các dòng này dùng chiều đã đoán "
                     "cho đến khi có người xác nhận ở trang chỉ tiêu):")
        lines.extend(f"  - {x}" for x in summary.guessed)
    return lines


def run_import(
    data: bytes,
    request: ImportRequest,
    *,
    committee: Committee | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Read and import a workbook in one transaction; always log (``ImportLog``), also on failure.

    ``committee`` is the committee chosen by the signed-in user (admin); without it the committee
    is found by ``request.committee_name`` and created when missing (command line). Nothing is
    written when any cell is bad or with ``dry_run``.
    """
    with paused_collector():
        return _run_import(data, request, committee=committee, user=user, dry_run=dry_run)


def _run_import(
    data: bytes, request: ImportRequest, *, committee: Committee | None, user: AbstractBaseUser | None,
    dry_run: bool,
) -> ImportOutcome:
    sha = sha256_of(data)
    errors: list[str] = []
    warnings: list[str] = []
    summary: ApplySummary | None = None
    read: ReadResult | None = None
    used_committee = committee
    try:
        read = read_appendix(data, request)
        warnings = read.warnings
        with transaction.atomic():
            used_committee = committee or get_or_create_committee(request.committee_name, request.ordinal)
            read.doc.committee_name = used_committee.name
            enrich(read, used_committee, request)
            problems = read.errors + validate_document(read.doc)
            if problems:
                raise DocumentError(problems)
            may_override = user is None or user.has_perm(OVERRIDE_PERMISSION)
            summary = apply_document(read.doc, used_committee, user=user, dry_run=dry_run, may_override=may_override,
                                     validated=True)
            if dry_run:
                transaction.set_rollback(True)
    except (WorkbookError, DocumentError) as exc:
        errors = exc.messages
    except ValidationError as exc:
        errors = [f"Dữ liệu không hợp lệ: {m}" for m in exc.messages]
    except DatabaseError as exc:
        errors = [f"Không ghi được vào cơ sở dữ liệu: {exc}"]
    if errors:
        summary = None
    if used_committee is not None and used_committee.pk is not None:
        # A committee created inside a rolled-back transaction no longer exists.
        used_committee = Committee.objects.filter(pk=used_committee.pk).first()
    resolution_id = summary.resolution_id if summary is not None else None
    resolution = Resolution.objects.filter(pk=resolution_id).first() if resolution_id else None
    counts = summary.counts() if summary is not None else {"created": 0, "updated": 0, "unchanged": 0}
    log = ImportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        file_name=(request.file_name or "")[:255], sha256=sha, layout=str(request.layout),
        committee=used_committee, resolution=resolution, dry_run=dry_run,
        created_count=counts["created"], updated_count=counts["updated"],
        unchanged_count=counts["unchanged"], refused_count=len(errors),
        summary=summary_text(summary, read, dry_run) if summary is not None and read is not None else "",
        errors="\n".join(errors), succeeded=not errors,
    )
    return ImportOutcome(log=log, summary=summary, errors=errors, warnings=warnings,
                         sheet=read.sheet if read is not None else "")
