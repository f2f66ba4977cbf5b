"""Phụ lục 3: quality ratings of subordinate organisations as an .xlsx table, written and read back.

One section per subject (I. Tổ chức cơ sở đảng, II. Tập thể lãnh đạo, quản lý, ...), one row per
committee directly below (or the committee itself when none has counts), a "Cộng" row from summed
counts and, when the committee also reported its own totals, that row beside it. Counts are cells;
rates are computed on export and never read back (a typed rate that differs from the counts is a
warning). Reading names every bad cell by sheet, row and column; importing is all or nothing
(``resolutions.ratings.save_many``) and leaves an ``ImportLog``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from indicators.numbers import NumberFormatError, format_number, parse_number
from indicators.ratings import GRADES, Counts, Grade, Subject, rate, total
from indicators.text import fold_text
from reports.excel.safety import WorkbookError, check_upload, max_rows, open_workbook, sha256_of, write_text
from reports.models import ImportLog
from resolutions import access
from resolutions.models import Committee
from resolutions.ratings import COUNT_FIELDS, RatingEntry, RatingRow, RatingsTable, SaveSummary, save_many
from resolutions.services import DocumentError, LockedError

# The official tables' look (Times New Roman 12, thin borders), as the other appendices print.
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

LAYOUT = "ratings"
APPENDIX = "3"
TITLE_TEXT = "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG"
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
GRADE_HEADERS = {g: g.label for g in GRADES}
# Column layout: STT, name, total, rated, (count, rate) × 4 grades, note.
NCOLS = 4 + 2 * len(GRADES) + 1
WIDTHS = [6, 40, 10, 12] + [10, 9] * len(GRADES) + [40]


# --------------------------------------------------------------------------- export


def _rate_cell(cell: Any, value: Decimal | None) -> None:
    if value is None:
        return
    cell.value = value
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    cell.alignment = RIGHT


def _count_cell(cell: Any, value: int | None) -> None:
    if value is None:
        return
    cell.value = value
    cell.number_format = "#,##0"
    cell.alignment = RIGHT


def _write_row(ws: Worksheet, r: int, number: str, row: RatingRow, note: str, bold: bool = False) -> None:
    counts = row.counts
    write_text(ws.cell(row=r, column=1), number)
    write_text(ws.cell(row=r, column=2), row.name)
    _count_cell(ws.cell(row=r, column=3), counts.total)
    _count_cell(ws.cell(row=r, column=4), counts.rated)
    for i, grade in enumerate(GRADES):
        _count_cell(ws.cell(row=r, column=5 + 2 * i), counts.grade(grade))
        _rate_cell(ws.cell(row=r, column=6 + 2 * i), rate(counts.grade(grade), counts.base))
    if note:
        write_text(ws.cell(row=r, column=NCOLS), note)
        # Spreadsheet programs do not grow a row for wrapped text on their own: give the note its lines.
        ws.row_dimensions[r].height = 15 * max(1, -(-len(note) // int(WIDTHS[-1])))
    for c in range(1, NCOLS + 1):
        cell = ws.cell(row=r, column=c)
        cell.border = BORDER
        cell.font = BOLD if bold and c <= 2 else FONT
        if c == 1:
            cell.alignment = CENTER
        elif c in (2, NCOLS):
            cell.alignment = LEFT


def title_lines(table: RatingsTable, appendix: str = APPENDIX) -> list[str]:
    """"PHỤ LỤC 3", the title with the year, the committee, "-----"."""
    return [f"PHỤ LỤC {appendix}".strip(), f"{TITLE_TEXT} NĂM {table.year}", table.committee.name.upper(), "-----"]


def write_ratings_sheet(ws: Worksheet, table: RatingsTable, appendix: str = APPENDIX) -> None:
    """Fill ``ws`` with Phụ lục 3 (title, two header rows, column numbers, one section per subject)."""
    r = 1
    for i, line in enumerate(title_lines(table, appendix)):
        cell = ws.cell(row=r, column=1)
        write_text(cell, line)
        cell.font = TITLE if i < 3 else FONT
        cell.alignment = CENTER
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=NCOLS)
        r += 1
    r += 1
    header_first = r
    singles = {1: "STT", 2: "Đảng bộ", 3: "Tổng số", 4: "Số được đánh giá, xếp loại", NCOLS: "Ghi chú"}
    for c, text in singles.items():
        write_text(ws.cell(row=r, column=c), text)
        ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
    for i, grade in enumerate(GRADES):
        c = 5 + 2 * i
        write_text(ws.cell(row=r, column=c), GRADE_HEADERS[grade])
        ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 1)
        write_text(ws.cell(row=r + 1, column=c), "Số lượng")
        write_text(ws.cell(row=r + 1, column=c + 1), "Tỷ lệ (%)")
    for rr in (r, r + 1):
        for c in range(1, NCOLS + 1):
            cell = ws.cell(row=rr, column=c)
            cell.font, cell.alignment, cell.border = BOLD, CENTER, BORDER
    ws.row_dimensions[r].height = 48  # grade names wrap over three lines in their two merged columns
    ws.row_dimensions[r + 1].height = 20
    r += 2
    for c in range(1, NCOLS + 1):
        cell = ws.cell(row=r, column=c, value=c)
        cell.font, cell.alignment, cell.border = ITALIC, CENTER, BORDER
    header_last = r
    r += 1
    for index, section in enumerate(table.sections):
        write_text(ws.cell(row=r, column=1), ROMAN[index])
        write_text(ws.cell(row=r, column=2), section.subject.label)
        for c in range(1, NCOLS + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.border = BOLD, BORDER
            cell.alignment = CENTER if c == 1 else LEFT
        r += 1
        for n, row in enumerate(section.rows, start=1):
            _write_row(ws, r, str(n), row, " ".join(row.problems))
            r += 1
        total_note = " ".join(section.total.problems) if len(section.rows) > 1 else ""
        _write_row(ws, r, "", section.total, total_note, bold=True)
        r += 1
        if section.own is not None:
            _write_row(ws, r, "", section.own, " ".join(section.mismatch + section.own.problems))
            r += 1
        if section.note:
            cell = ws.cell(row=r, column=2)
            write_text(cell, f"Nguồn, ghi chú: {section.note}")
            cell.font = ITALIC
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=NCOLS)
            r += 1
    if not table.sections:
        write_text(ws.cell(row=r, column=2), f"Chưa có số liệu xếp loại chất lượng năm {table.year}.")
    for c, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=header_last + 1, column=3)
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def export_ratings_bytes(table: RatingsTable, appendix: str = APPENDIX) -> bytes:
    """The .xlsx bytes of Phụ lục 3 for ``table`` (``resolutions.ratings.ratings_table``)."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"Phụ lục {appendix}".strip()[:31]
    write_ratings_sheet(ws, table, appendix)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ratings_file_name(committee: Committee, year: int, extension: str = "xlsx") -> str:
    """"Phụ lục 3 - xếp loại chất lượng năm 2024 - Đảng bộ huyện Vĩnh Bảo.xlsx" (or ``.docx``)."""
    name = f"Phụ lục {APPENDIX} - xếp loại chất lượng năm {year} - {committee.name}.{extension}"
    return re.sub(r'[\\/:*?"<>|\r\n]+', " ", name)


# --------------------------------------------------------------------------- reading


@dataclass
class RatingsRead:
    """Counts read from a workbook per committee, and every problem found (nothing written)."""

    entries: dict[Committee, list[RatingEntry]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sheet: str = ""


_SUBJECT_WORDS = [
    (Subject.PARTY_ORGS, ("to chuc co so dang", "to chuc dang co so", "to chuc dang")),
    (Subject.COLLECTIVES, ("tap the",)),
    (Subject.OFFICIALS, ("ca nhan", "can bo")),
    (Subject.PARTY_MEMBERS, ("dang vien",)),
]
FIELD_WORDS = {"total": "tổng số", "rated": "số được xếp loại", **{g.value: g.short for g in GRADES}}
_TOTAL_NAMES = {"cong", "tong cong", "tong", "cong toan dang bo", "toan dang bo"}


def _subject_of(text: str) -> Subject | None:
    folded = fold_text(text)
    for subject, words in _SUBJECT_WORDS:
        if any(w in folded for w in words):
            return subject
    return None


def _grade_of(text: str) -> Grade | None:
    folded = fold_text(text)
    if "xuat sac" in folded or folded.startswith("htxs"):
        return Grade.EXCELLENT
    if folded.startswith("khong hoan thanh") or folded.startswith("khong ht"):
        return Grade.FAILED
    if "hoan thanh tot" in folded or folded.startswith("htt"):
        return Grade.GOOD
    if "hoan thanh nhiem vu" in folded or folded.startswith("htnv"):
        return Grade.COMPLETED
    return None


@dataclass
class _Columns:
    number: int
    name: int
    total: int | None = None
    rated: int | None = None
    counts: dict[Grade, int] = field(default_factory=dict)
    rates: dict[Grade, int] = field(default_factory=dict)
    first_data: int = 0  # 0-based row index


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\n", " ").split())


def _find_columns(rows: list[list[Any]]) -> _Columns | None:
    """The header: a row with "STT" and "Đảng bộ" (or "Đơn vị"), the grades as groups with "Số lượng"/"Tỷ lệ" below."""
    for h, row in enumerate(rows[:30]):
        texts = [fold_text(_text(v)) for v in row]
        number = next((c for c, t in enumerate(texts) if t in {"stt", "tt", "so tt"}), None)
        name = next((c for c, t in enumerate(texts) if t.startswith(("dang bo", "don vi", "ten", "chi bo"))), None)
        if number is None or name is None:
            continue
        cols = _Columns(number, name)
        below = [_text(v) for v in rows[h + 1]] if h + 1 < len(rows) else []
        has_sub = any(fold_text(t).startswith(("so luong", "ty le")) for t in below)
        group: Grade | None = None
        for c, raw in enumerate(row):
            text = _text(raw)
            folded = fold_text(text)
            if text:
                group = _grade_of(text)
            if folded.startswith("tong so"):
                cols.total = c
            elif folded.startswith(("so duoc", "duoc danh gia", "so to chuc duoc", "so duoc xep loai")):
                cols.rated = c
            sub = fold_text(below[c]) if has_sub and c < len(below) else ""
            if group is not None and (text or has_sub):
                if not has_sub:
                    cols.counts[group] = c
                elif sub.startswith("so luong"):
                    cols.counts[group] = c
                elif sub.startswith("ty le"):
                    cols.rates[group] = c
        cols.first_data = h + (2 if has_sub else 1)
        if cols.first_data < len(rows):
            numbers = [_text(v) for v in rows[cols.first_data] if _text(v)]
            if numbers and numbers[0] in {"1", "(1)", "A"} and all(re.fullmatch(r"\(?\d{1,2}\)?", n) for n in numbers):
                cols.first_data += 1
        return cols
    return None


def _count(value: Any, where: str, errors: list[str]) -> int | None:
    """A count cell: empty, or a whole number ≥ 0 (numbers or text "1.234"); anything else is an error."""
    text = _text(value)
    if not text or text in {"-", "–", "—"}:
        return None
    if isinstance(value, bool):
        errors.append(f"{where}: ô có giá trị đúng/sai, không phải số lượng.")
        return None
    try:
        number = parse_number(value if isinstance(value, (int, float, Decimal)) else text)
    except NumberFormatError:
        errors.append(f"{where}: '{text}' không phải số lượng (số nguyên).")
        return None
    if number != number.to_integral_value() or number < 0:
        errors.append(f"{where}: '{text}' không phải số lượng (số nguyên không âm).")
        return None
    return int(number)


def read_ratings(data: bytes, committee: Committee, year: int, file_name: str = "") -> RatingsRead:
    """Read Phụ lục 3 into counts per committee: rows name ``committee`` or a committee directly below it.

    Raises ``WorkbookError`` for file-level problems; cell problems are in ``errors`` (sheet, row, column).
    """
    check_upload(data, file_name)
    wb = open_workbook(data, data_only=True)
    try:
        found = []
        for ws in wb.worksheets:
            ws.reset_dimensions()
            rows = [list(r) for r in ws.iter_rows(values_only=True, max_col=40)][: max_rows() + 1]
            cols = _find_columns(rows)
            if cols is not None and cols.counts:
                found.append((ws.title, rows, cols))
    finally:
        wb.close()
    if not found:
        raise WorkbookError(["Không có trang nào có tiêu đề cột của Phụ lục 3 (STT, Đảng bộ, Tổng số, "
                             "Hoàn thành xuất sắc nhiệm vụ, ...)."])
    if len(found) > 1:
        raise WorkbookError([f"Có {len(found)} trang cùng mẫu Phụ lục 3 ({', '.join(n for n, _r, _c in found)}); "
                             "hãy để lại một trang."])
    sheet, rows, cols = found[0]
    if len(rows) > max_rows():
        raise WorkbookError([f"Trang '{sheet}' có hơn {max_rows()} dòng."])
    return _read_rows(sheet, rows, cols, committee, year)


def _read_rows(sheet: str, rows: list[list[Any]], cols: _Columns, committee: Committee, year: int) -> RatingsRead:
    out = RatingsRead(sheet=sheet)
    children = {fold_text(c.name): c for c in Committee.objects.filter(parent=committee)}
    own_names = {fold_text(committee.name), fold_text(f"{committee.name} (toàn đảng bộ)"),
                 fold_text(f"Số liệu {committee.name} báo cáo")}
    subject: Subject | None = None
    seen: dict[tuple[int, Subject], int] = {}
    section_rows: list[Counts] = []
    section_total: tuple[int, Counts] | None = None

    def close_section() -> None:
        """A typed "Cộng" row that differs from the rows' sum is a warning: totals are always recomputed."""
        if subject is None or section_total is None or not section_rows:
            return
        r, typed = section_total
        summed = total(section_rows)
        differing = [FIELD_WORDS[name] for name in COUNT_FIELDS
                     if getattr(typed, name) is not None and getattr(typed, name) != getattr(summed, name)]
        if differing:
            out.warnings.append(f"Trang '{sheet}', dòng {r}: dòng cộng khác tổng các dòng ({', '.join(differing)}); "
                                "tổng luôn được tính lại từ số lượng của từng đảng bộ.")

    for index in range(cols.first_data, len(rows)):
        row = rows[index]
        r = index + 1

        def cell(c: int | None, row: list[Any] = row) -> Any:
            return row[c] if c is not None and c < len(row) else None

        number, name = _text(cell(cols.number)), _text(cell(cols.name))
        if not number and not name:
            continue
        if re.fullmatch(r"[IVX]+\.?", number):
            close_section()
            subject = _subject_of(name)
            section_rows, section_total = [], None
            if subject is None:
                out.errors.append(f"Trang '{sheet}', dòng {r}, cột {get_column_letter(cols.name + 1)}: không rõ nhóm "
                                  f"'{name}' (Tổ chức cơ sở đảng, Tập thể lãnh đạo, quản lý, Cá nhân cán bộ lãnh đạo, "
                                  "quản lý, Đảng viên).")
            continue
        if fold_text(name).startswith("nguon, ghi chu") or not name:
            continue
        where = f"Trang '{sheet}', dòng {r}"
        values: dict[str, int | None] = {}
        for key, c in (("total", cols.total), ("rated", cols.rated)):
            values[key] = _count(cell(c), f"{where}, cột {get_column_letter((c or 0) + 1)}", out.errors)
        for grade, c in cols.counts.items():
            values[grade.value] = _count(cell(c), f"{where}, cột {get_column_letter(c + 1)} ({grade.short})", out.errors)
        counts = Counts(**values)
        if subject is None:
            out.errors.append(f"{where}: dòng số liệu nằm trước dòng nhóm (I. Tổ chức cơ sở đảng, ...).")
            continue
        folded = fold_text(name)
        if folded in _TOTAL_NAMES:
            section_total = (r, counts)
            continue
        target = children.get(folded) or (committee if folded in own_names else None)
        if target is None:
            out.errors.append(f"{where}, cột {get_column_letter(cols.name + 1)}: '{name}' không phải {committee.name} "
                              "hay một đảng bộ trực thuộc.")
            continue
        key = (target.pk, subject)
        if key in seen:
            out.errors.append(f"{where}: {target.name} đã có ở dòng {seen[key]} trong nhóm {subject.label}.")
            continue
        seen[key] = r
        if target != committee:
            section_rows.append(counts)
        for grade, c in cols.rates.items():
            typed = cell(c)
            computed = rate(counts.grade(grade), counts.base)
            if typed not in (None, "") and computed is not None:
                try:
                    value = parse_number(typed if isinstance(typed, (int, float, Decimal)) else _text(typed))
                except NumberFormatError:
                    continue
                if abs(value - computed) > Decimal("0.05"):
                    out.warnings.append(
                        f"{where}: tỷ lệ {grade.short} ghi {format_number(value)}% khác tỷ lệ tính từ số lượng "
                        f"{format_number(computed)}% (tỷ lệ luôn được tính lại từ số lượng).")
        out.entries.setdefault(target, []).append(RatingEntry(subject, counts, where=where))
    close_section()
    if not out.entries and not out.errors:
        out.errors.append(f"Trang '{sheet}': không có dòng số liệu nào dưới dòng tiêu đề.")
    return out


# --------------------------------------------------------------------------- import


@dataclass
class RatingsImport:
    """What an import of Phụ lục 3 did: the log, the summary (None when refused), the messages."""

    log: ImportLog
    summary: SaveSummary | None
    errors: list[str]
    warnings: list[str]

    @property
    def succeeded(self) -> bool:
        return not self.errors


def import_ratings(
    data: bytes, committee: Committee, year: int, *, user: AbstractBaseUser | None = None,
    file_name: str = "", dry_run: bool = False,
) -> RatingsImport:
    """Read and save Phụ lục 3 in one transaction (all or nothing); always leave an ``ImportLog``.

    With a user, every committee in the file must be one whose ratings they may enter
    (``access.rating_editable_committee_ids``); the command line (no user) may write any.
    """
    errors: list[str] = []
    warnings: list[str] = []
    summary: SaveSummary | None = None
    try:
        read = read_ratings(data, committee, year, file_name)
        errors, warnings = list(read.errors), list(read.warnings)
        if user is not None:
            allowed = access.rating_editable_committee_ids(user)
            errors += [f"Bạn không có quyền nhập số liệu xếp loại của {c.name}." for c in read.entries
                       if allowed is not None and c.pk not in allowed]
        if not errors:
            summary = save_many(year, read.entries, user=user, dry_run=dry_run)
    except (WorkbookError, DocumentError) as exc:
        errors = exc.messages
    except LockedError as exc:
        errors = [str(exc)]
    except DatabaseError as exc:
        errors = [f"Không ghi được vào cơ sở dữ liệu: {exc}"]
    if errors:
        summary = None
    head = "Chạy thử (chưa ghi gì): " if dry_run else ""
    log = ImportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None, file_name=file_name[:255],
        sha256=sha256_of(data), layout=LAYOUT, committee=committee, dry_run=dry_run,
        created_count=len(summary.created) if summary else 0, updated_count=len(summary.updated) if summary else 0,
        unchanged_count=len(summary.unchanged) if summary else 0, refused_count=len(errors),
        summary="\n".join([f"{head}Năm {year}: {summary.as_text()}", *warnings]) if summary else "",
        errors="\n".join(errors), succeeded=not errors,
    )
    return RatingsImport(log, summary, errors, warnings)
