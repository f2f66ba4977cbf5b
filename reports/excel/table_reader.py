"""The rows under an appendix table's header as a ``ResolutionDoc``: the reader both the workbook
reader (``reports.excel.reader``) and the Word reader (``reports.word.reader``) hand their cell grid to.

Medium-neutral: the cells are read the same way whether they came from a sheet or a Word table;
only the messages' wording ("Trang"/"Bảng") and the document's source ("Excel"/"Word") differ.
Sections (a numeral in the STT cell, or numeral and title in one cell merged across the row), nesting
(typed indents or STT markers), targets, figures per period, estimates, the
document's verdict and, for an export read back, what its hidden sheet carries. Reading never writes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from openpyxl.utils import get_column_letter

from indicators.estimates import split_estimate
from indicators.expressions import Kind as ExprKind
from indicators.expressions import parse_text
from indicators.statuses import Status, parse_status
from indicators.text import fold_text, shorten
from reports.excel import roundtrip
from reports.excel.cells import Cell, cell_text
from reports.excel.header import Header
from reports.excel.layouts import Column, Kind, Layout
from reports.excel.roundtrip import RowMeta, SheetMeta
from reports.excel.safety import max_cell_text
from reports.excel.shapes import TERM_RE, ImportRequest, ReadResult
from resolutions.documents import ResolutionDoc, ResultRow, SectionRow, TargetRow, resolve_ditto_units
from resolutions.lookup import normalise_name
from resolutions.models import to_roman

_ROMAN_RE = re.compile(r"^[IVXLC]+\.?$")
_LETTER_SECTION_RE = re.compile(r"^[A-H]\.?$")
_NUMBERED_RE = re.compile(r"^\d+(?:\.\d+)*[.)]?$")
_DEEP_MARKS = {"+", "*", "•", "◦"}
# A section row typed in one cell merged across the whole width: its numeral and title together in the
# first cell ("I. KINH TẾ", "II - VĂN HÓA - XÃ HỘI", "A/ CHỈ TIÊU KINH TẾ").
_MERGED_SECTION_RE = re.compile(r"^(?P<code>[IVXLC]+|[A-H])\s*[.:/)\-–]\s*(?P<title>\S.*)$", re.DOTALL)

_NO_TICK = frozenset({"", "-", "–", "—", "…", "...", ".."})  # a tick column left unmarked ("x" is a tick)


@lru_cache(maxsize=1024)
def _column_place(col: int, header: str) -> str:
    """", cột E (Kết quả)": the same for every row of a column, so worked out once (a 5.000-row
    table names some 50.000 cells)."""
    label = f" ({normalise_name(header)})" if header else ""
    return f", cột {get_column_letter(col + 1)}{label}"


def _is_numbered(number: str) -> bool:
    """An STT marker that starts with a digit ("1", "2.3")."""
    return bool(number) and number[0].isdigit()


def _clean_number(number: str) -> str:
    """'1.' → '1' (a typed full stop after the number); other markers are kept as written."""
    if _NUMBERED_RE.match(number) and number[-1] in ".)":
        return number[:-1]
    return number


def _depth(number: str, indent: int | None, stack: list[TargetRow]) -> int:
    """Nesting of a row: the typed indent when the sheet uses indents, else its STT marker.

    A marker row ("-", "+", "*") under a part marked the same way is that part's sibling, not its
    part: two "+" rows straight under "18." are both parts of 18, whatever depth "+" usually has.
    """
    if indent is not None:
        depth = indent
    elif _is_numbered(number):
        depth = 0
    else:
        same = [d for d, row in enumerate(stack) if d > 0 and row.number == number]
        if same:
            depth = same[-1]
        elif number in _DEEP_MARKS:
            depth = 2
        else:
            depth = 1
    return max(0, min(depth, len(stack)))


def read_table(
    sheet: str, rows: list[list[Cell]], header: Header, request: ImportRequest, *,
    place: str = "Trang", medium: str = "Excel", meta: SheetMeta | None = None,
    moved_rows: dict[int, tuple[str, int]] | None = None,
) -> ReadResult:
    """The rows under ``header`` as a document. ``place``/``medium`` word the messages and the source
    ("Trang"/"Excel" for a sheet, "Bảng"/"Word" for a Word table); the cells are read the same way.
    ``meta`` is the exporter's hidden sheet, when the file has one; ``moved_rows`` says where the rows
    of a continued Word table are seen (``ReadResult.moved_rows``), so messages name them there."""
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
                        marks=meta is not None or any(c.estimate or c.official for c in cols.values()),
                        moved_rows=dict(moved_rows or {}))

    data_rows = list(enumerate(rows, start=1))[header.first_data_row - 1:]
    name_col = by_kind[Kind.NAME]
    number_col = by_kind[Kind.NUMBER]
    uses_indent = any(len(r) > name_col and r[name_col].indent > 0 for _n, r in data_rows)
    section: SectionRow | None = None
    stack: list[TargetRow] = []

    longest = max_cell_text()

    def text(row: list[Cell], c: int, here: str, keep: bool = False) -> str:
        if c >= len(row):
            return ""
        return cell_text(row[c], here + _column_place(c, cols[c].header), errors, keep=keep, warnings=warnings,
                         longest=longest)

    for r, row in data_rows:
        if all(cell.value in (None, "") and not cell.formula and not cell.other_workbook for cell in row):
            continue
        here = result.place_of(r)  # where the row is, in words: named once for all its cells and messages
        number = _clean_number(text(row, number_col, here))
        name = text(row, name_col, here, keep=True)  # as written (only trimmed), like target texts
        values = {c: text(row, c, here, keep=True) for c in cols if c not in (number_col, name_col)}
        filled = {c: v for c, v in values.items() if v}
        if (_ROMAN_RE.match(number) or _LETTER_SECTION_RE.match(number)) and not filled:
            section = SectionRow(code=number.rstrip("."), title=name)
            doc.sections.append(section)
            stack = []
            continue
        merged = _MERGED_SECTION_RE.match(number) if not name and not filled else None
        if merged:
            section = SectionRow(code=merged.group("code"), title=merged.group("title").strip())
            doc.sections.append(section)
            stack = []
            continue
        if not name:
            if filled:
                errors.append(f"{here}: thiếu tên chỉ tiêu (cột {get_column_letter(name_col + 1)}).")
            elif fold_text(number).startswith("ghi chu"):
                pass  # a note under the table ("Ghi chú: số liệu ghi (ước) là số ước thực hiện.")
            elif len(number) > 6:
                warnings.append(f"{here}: bỏ qua dòng ghi chú '{shorten(number, 60)}'.")
            elif number:
                errors.append(f"{here}: có STT '{number}' nhưng thiếu tên chỉ tiêu.")
            continue
        if section is None:
            section = SectionRow(code="", title="")
            doc.sections.append(section)
        target = TargetRow(number=number, name=name, where=here)
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
        if _read_figures(target, values, cols, layout, year, here, errors, row_meta, so_far):
            result.marks = True
        for yearly in row_meta.yearly if row_meta is not None else []:
            known = yearly.figure
            target.results.append(ResultRow(
                period=yearly.period, year=yearly.year, text=known.printed, estimate=known.kind == roundtrip.ESTIMATE,
                reported=known.reported, note=known.note, override=known.override, override_reason=known.override_reason,
                where=f"{here} (trang ẩn '{roundtrip.SHEET_TITLE}')",
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
            found = TERM_RE.search(column.header)
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
    row_place: str, errors: list[str], meta: RowMeta | None = None,
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
        where = row_place + _column_place(c, column.header)
        if column.kind == Kind.VERDICT and column.mark:
            if value.strip() in _NO_TICK:
                continue  # an empty tick column
            if verdict:
                errors.append(f"{where}: đã đánh dấu mức “{verdict}” ở {verdict_where}; mỗi chỉ tiêu chỉ một mức.")
                continue
            verdict, verdict_where = column.mark, where  # any mark ("x", "✓") ticks this column's verdict
            continue
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

