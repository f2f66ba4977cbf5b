"""An audit of the Word import on congress-report documents typed the way offices type them in Word, not
the way our exporter writes them: prose and a title block above the appendix, a signature table and a
small table of contents before it, two-row headers with merged cells and a column-number row, a table
Word split in two across a page break (the header repeated, or not), section rows merged across the
whole width ("I. KINH TẾ"), "a)"/"b)" and "-"/"+" sub-rows, "trong đó" cells ("76,2 (31,5)"), estimate
marks ("9,8 (ước)", "Ước 87,6", "12,5" and "(ước)" on two lines), empty cells typed "-" or "…", figures
grouped by spaces or non-breaking spaces, a "%" in a run of its own, bold and italic runs, soft hyphens.

Five documents: a political report with Phụ lục 1B (term layout, 15 numbered targets, 21 rows), a
district's annual plan (annual layout, 12 numbered, 14 rows), a mid-term review to mid-2023 (midterm
layout, 9 numbered, 11 rows), a mid-term review at the end of 2023 with an estimated year (2 rows) and a
report refused for one bad cell in the second half of a split table. Each expected verdict was worked out by hand from DOMAIN.md before the product was run; the
reasoning is beside each row. Every document goes through ``run_import`` (a dry run that writes
nothing, then the real import), the scoreboard's rows (``rows_for``) and the headline.

First run: 25 of the 45 judged rows matched. Phụ lục 1B (20 judged rows) was refused whole: its figure
"362.415" carried a soft hyphen (U+00AD, invisible, from a copied line wrap) and was unreadable; with that
cell retyped every one of its 20 verdicts and its headline matched. The annual plan (14) and the mid-term
review (11) matched, headlines included. The section rows typed in one cell merged across the whole
width ("I. KINH TẾ") were dropped with a warning in both documents that have them, so their targets
lost their sections (no verdict changed). Both were product bugs, fixed since (see the tests named for
each rule in ``test_excel_cells.py`` and ``test_excel_table_reader.py``).

Added after the first run: a mid-term review at the end of 2023 whose third year column is headed "Ước
thực hiện năm 2023" (2 rows). Both forecasts matched, but its figures were stored as official ones,
where the same header in a term or annual table marks estimates (fixed since, ``test_excel_layouts.py``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.table import Table

from indicators.statuses import Status
from reports.appendix_import import run_import
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from reports.file_titles import stated_title
from reports.headline import headline_for
from reports.models import ImportLog
from reports.titles import StatedTitle
from resolutions.models import Resolution, Result, Target
from resolutions.verdicts import default_period, rows_for
from tests.reports.test_excel_import import counts

pytestmark = pytest.mark.django_db

V, D, C = Status.EXCEEDED, Status.ACHIEVED, Status.NOT_ACHIEVED
CHECK, INCOMPLETE, PENDING, NO_DATA = Status.CHECK, Status.INCOMPLETE, Status.PENDING, Status.NO_DATA
LIKELY, UNLIKELY = Status.LIKELY, Status.UNLIKELY


# --------------------------------------------------------------------------- how a cell is typed in Word


@dataclass(frozen=True)
class Bold:
    text: str


@dataclass(frozen=True)
class Italic:
    text: str


BR = "<line break>"  # Shift+Enter inside a cell
SHY = "<soft hyphen>"  # Word's optional hyphen (Ctrl+-): w:softHyphen, invisible unless a line wraps there


@dataclass(frozen=True)
class Runs:
    """A cell typed in several runs (a "%" of its own, a bold part, a line break, a soft hyphen)."""

    parts: tuple[Any, ...]

    @property
    def seen(self) -> str:
        """The text a person reads in the cell."""
        out = []
        for part in self.parts:
            if part == BR:
                out.append("\n")
            elif part == SHY:
                continue
            else:
                out.append(part.text if isinstance(part, (Bold, Italic)) else part)
        return "".join(out).replace("\u00ad", "")


def R(*parts: Any) -> Runs:  # noqa: N802 - reads as a cell in the tables below
    return Runs(parts)


def seen(cell: Any) -> str:
    if isinstance(cell, Runs):
        return cell.seen
    if isinstance(cell, (Bold, Italic)):
        return cell.text
    return "" if cell is None else str(cell)


def _write(cell: Any, value: Any) -> None:
    """Type ``value`` into a python-docx cell the way a person does in Word."""
    paragraph = cell.paragraphs[0]
    parts = value.parts if isinstance(value, Runs) else (value,)
    for part in parts:
        if part == BR:
            (paragraph.runs[-1] if paragraph.runs else paragraph.add_run()).add_break()
        elif part == SHY:
            run = paragraph.add_run()
            run._r.append(OxmlElement("w:softHyphen"))
        elif isinstance(part, Bold):
            paragraph.add_run(part.text).bold = True
        elif isinstance(part, Italic):
            paragraph.add_run(part.text).italic = True
        elif part:
            paragraph.add_run(str(part))


Section = tuple[str]  # a section row typed in one cell merged across the whole width: ("I. KINH TẾ",)


def _table(document: DocxDocument, header: list[list[str | None]], merges: list[tuple[int, int, int, int]],
           rows: Sequence[Any], width: int, numbers: bool = True) -> Table:
    """A Word table: header rows (None where a merged cell continues), its merges (r1, c1, r2, c2), an
    optional "(1) (2) …" row, then the rows (a one-cell tuple is a section row merged across)."""
    body = list(rows)
    table = document.add_table(rows=len(header) + (1 if numbers else 0) + len(body), cols=width)
    table.style = "Table Grid"
    for r, line in enumerate(header):
        for c, text in enumerate(line):
            if text:
                _write(table.cell(r, c), Runs(tuple(_header_parts(text))))
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    start = len(header)
    if numbers:
        for c in range(width):
            _write(table.cell(start, c), Italic(f"({c + 1})"))
        start += 1
    for r, row in enumerate(body, start=start):
        if len(row) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, width - 1))
            _write(merged, Bold(row[0]))
            continue
        for c, value in enumerate(row[:width]):
            if seen(value) or isinstance(value, Runs):
                _write(table.cell(r, c), value)
    return table


def _header_parts(text: str) -> list[Any]:
    """A header typed in bold, its "\\n" as line breaks ("Đơn vị" ↵ "tính")."""
    parts: list[Any] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append(BR)
        parts.append(Bold(line))
    return parts


def _signature_table(document: DocxDocument) -> None:
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Nơi nhận:\n- Ban Chấp hành Trung ương,\n- Lưu Văn phòng Tỉnh ủy."
    table.cell(0, 1).text = "T/M BAN CHẤP HÀNH\nBÍ THƯ"
    table.cell(1, 1).text = "(đã ký)"


def _contents_table(document: DocxDocument) -> None:
    table = document.add_table(rows=3, cols=3)
    for r, line in enumerate([("TT", "Phụ lục", "Trang"), ("1", "Phụ lục 1A. Chỉ tiêu kinh tế - xã hội", "45"),
                              ("2", "Phụ lục 1B. Kết quả thực hiện các chỉ tiêu chủ yếu", "47")]):
        for c, text in enumerate(line):
            table.cell(r, c).text = text


def _saved(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_break(document: DocxDocument) -> None:
    """Where Word splits a table across pages: an empty paragraph holding the page break."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# Rows: (STT, Chỉ tiêu, ĐVT, Mục tiêu, Kết quả, Đánh giá of the office, expected verdict); a 1-tuple is a
# section row merged across the whole width.
Row = tuple[Any, ...]

# =========================================================================== 1. a political report, Phụ lục 1B
# Đảng bộ tỉnh Nghệ An, XIX, 2020 - 2025; the term is over, so "Kết quả thực hiện" is the entered term
# figure, judged by its target's rule (DOMAIN "Evaluation rules").
TERM_FIRST: list[Row] = [
    ("I. KINH TẾ",),
    # An estimate is the only figure, so it decides: 9,8 inside 9,5 - 10 → Đạt.
    ("1", "Tốc độ tăng trưởng kinh tế (GRDP) bình quân giai đoạn 2021 - 2025", "%", "9,5 - 10", "9,8 (ước)",
     "Đạt", D),
    # The mark typed in front ("Ước 87,6"): 87,6 < 90 → Chưa đạt.
    ("2", "GRDP bình quân đầu người năm 2025", "Triệu đồng", "90", "Ước 87,6", "Cơ bản đạt", C),
    # Thousands grouped by a non-breaking space (Word's Ctrl+Shift+Space): 27.350 > 25.000 → Vượt.
    ("3", "Thu ngân sách nhà nước trên địa bàn năm 2025", "Tỷ đồng", "25.000", "27\u00a0350", "Vượt", V),
    # Typed in two runs, one bold, with a soft hyphen where a copied line wrapped: a person reads 362.415
    # (> 350.000) → Vượt.
    ("4", "Tổng vốn đầu tư toàn xã hội giai đoạn 2021 - 2025", "Tỷ đồng", "350.000",
     R("362.\u00ad", Bold("415")), "Vượt", V),
    # 2.850 < 3.000; the office's "Cơ bản đạt" band is off by default → Chưa đạt.
    ("5", "Kim ngạch xuất khẩu năm 2025", "Triệu USD", "3.000", "2.850", "Cơ bản đạt", C),
    # A parent without a value: both parts judged (Vượt, Đạt) → the worst, Đạt.
    ("6", "Cơ cấu kinh tế (tỷ trọng trong GRDP)", "", "", "", "", D),
    # "%" typed in a run of its own: 41,2 > 40 → Vượt.
    ("a)", "Công nghiệp - xây dựng", "%", "40", R("41,2", "%"), "Vượt", V),
    # 20,0 equals 20 at the precision written → Đạt (whatever the direction).
    ("b)", "Nông, lâm nghiệp và thủy sản", "%", "giảm còn 20", "20,0", "Đạt", D),
    # "…" is no figure → Chưa có số liệu.
    ("7", "Số doanh nghiệp thành lập mới giai đoạn 2021 - 2025", "Doanh nghiệp", "10.000", "…", "", NO_DATA),
]
# Word split the table at a page break; the second part repeats the two header rows and the numbers.
TERM_SECOND: list[Row] = [
    ("II. VĂN HÓA - XÃ HỘI",),
    # Upper bound: 1,5 ≤ 2 → Đạt.
    ("8", "Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "%", "dưới 2", "1,5", "Đạt", D),
    # A "trong đó" cell: the main figure 76,2 > 75 decides (the parenthesis is the certified share) → Vượt.
    # DOMAIN is silent on judging the "trong đó" figure itself (31,5 against 30); it is stored, not judged.
    ("9", "Tỷ lệ lao động qua đào tạo (trong đó có bằng cấp, chứng chỉ)", "%", "75 (30)", "76,2 (31,5)", "Vượt", V),
    # Lower bound "trên 95": 95,0 meets it → Đạt.
    ("10", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "trên 95", "95,0", "Đạt", D),
    # The figure and its mark on two lines of the cell (Shift+Enter): an estimate 12,5 > 12 → Vượt.
    ("11", "Số bác sỹ/vạn dân", "Bác sỹ", "12", R("12,5", BR, "(ước)"), "Vượt", V),
    # Parent with "-" parts; the "+" row is a part of the first "-" row, which has a figure of its own and
    # is judged by it (312 > 300 → Vượt). The parent's parts: Vượt, Chưa đạt → Chưa đạt.
    ("12", "Xây dựng nông thôn mới", "", "", "", "", C),
    ("-", "Số xã đạt chuẩn nông thôn mới", "Xã", "300", "312", "Vượt", V),
    # "-" in the result is no figure → Chưa có số liệu.
    ("+", "Trong đó: số xã đạt chuẩn nông thôn mới nâng cao", "Xã", "100", "-", "", NO_DATA),
    # 9 < 10 → Chưa đạt.
    ("-", "Số huyện đạt chuẩn, hoàn thành nhiệm vụ xây dựng nông thôn mới", "Huyện", "10", "9", "Chưa đạt", C),
    ("III. XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ",),
    # A per-year target against the entered term figure, grouped by a plain space: 3.150 ≥ 3.000 → Vượt.
    ("13", "Kết nạp đảng viên mới", "Đảng viên", "3.000 đảng viên/năm", "3 150", "Vượt", V),
    # A name with Word's soft hyphen inside a word; "80% trở lên" a lower bound, 85,5 beyond → Vượt.
    ("14", R("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên hằng năm (bình quân giai đo", SHY, "ạn)"),
     "%", "80% trở lên", Bold("85,5"), "Vượt", V),
    # Qualitative: a person decides; the office's "Đạt" is only the reported status → Chưa đánh giá.
    ("15", "Xây dựng Đảng bộ trong sạch, vững mạnh", "", "Hoàn thành tốt nhiệm vụ", "Hoàn thành", "Đạt", PENDING),
]
TERM_ROWS = TERM_FIRST + TERM_SECOND
TERM_SECTIONS = [("I", "KINH TẾ"), ("II", "VĂN HÓA - XÃ HỘI"), ("III", "XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ")]
# Numbered targets 1 - 15: met 1, 3, 4, 6, 8, 9, 10, 11, 13, 14 (exceeded 3, 4, 9, 11, 13, 14); behind 2, 5, 12;
# no figure 7; a person's call 15.
TERM_HEADLINE = ("Có 10/15 chỉ tiêu chủ yếu đạt và vượt; trong đó 06 chỉ tiêu vượt; còn 03 chỉ tiêu chưa đạt "
                 "(chỉ tiêu số 2, 5, 12).",
                 "Còn 01 chỉ tiêu chưa có số liệu (chỉ tiêu số 7); 01 chỉ tiêu chờ người đánh giá (chỉ tiêu số 15).")
TERM_HEADER: list[list[str | None]] = [
    ["TT", "Chỉ tiêu", "Đơn vị\ntính", "Mục tiêu Nghị quyết Đại hội XIX", "Kết quả thực hiện", "Đánh giá"],
    [None, None, None, None, "nhiệm kỳ 2020 - 2025", None],
]
TERM_MERGES = [(0, c, 1, c) for c in (0, 1, 2, 3, 5)]
TERM_REQUEST = ImportRequest(Layout.TERM, "Đảng bộ tỉnh Nghệ An", 19, 2020, 2025, file_name="bao-cao-chinh-tri.docx")


def political_report(first: Sequence[Row] = TERM_FIRST, second: Sequence[Row] = TERM_SECOND) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    for line in ("ĐẢNG BỘ TỈNH NGHỆ AN", "TỈNH ỦY", "*", "Số 01-BC/TU", "Vinh, ngày 10 tháng 10 năm 2025"):
        document.add_paragraph(line)
    document.add_paragraph("BÁO CÁO CHÍNH TRỊ")
    document.add_paragraph("CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XIX TẠI ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH "
                           "LẦN THỨ XX, NHIỆM KỲ 2025 - 2030")
    document.add_paragraph("Phần thứ nhất. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH LẦN THỨ XIX, "
                           "NHIỆM KỲ 2020 - 2025")
    document.add_paragraph("Trong nhiệm kỳ, kinh tế của tỉnh tăng trưởng khá; tốc độ tăng trưởng GRDP bình quân ước "
                           "đạt 9,8%/năm, có 10/15 chỉ tiêu chủ yếu đạt và vượt (chi tiết tại các phụ lục).")
    _signature_table(document)
    _page_break(document)
    document.add_paragraph("MỤC LỤC CÁC PHỤ LỤC")
    _contents_table(document)
    _page_break(document)
    for line in ("Phụ lục 1B", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU",
                 "ĐẢNG BỘ TỈNH NGHỆ AN LẦN THỨ XIX, NHIỆM KỲ 2020 - 2025",
                 "(Kèm theo Báo cáo chính trị tại Đại hội đại biểu Đảng bộ tỉnh lần thứ XX)"):
        document.add_paragraph(line)
    _table(document, TERM_HEADER, TERM_MERGES, first, 6)
    _page_break(document)
    _table(document, TERM_HEADER, TERM_MERGES, second, 6)
    document.add_paragraph("Ghi chú: số liệu ghi (ước) là số ước thực hiện.")
    return _saved(document)


# =========================================================================== 2. a district's annual plan, Word
# Đảng bộ huyện Đông Anh, 2024 (annual layout): "Thực hiện năm 2024" is the year's figure.
ANNUAL_FIRST: list[Row] = [
    # 12,6 inside 12 - 13 → Đạt.
    ("1", "Tốc độ tăng giá trị sản xuất", "%", "12 - 13", "12,6", "Đạt", D),
    # A non-breaking space grouping thousands and a decimal comma: 9.120,5 > 8.500 → Vượt.
    ("2", "Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "8.500", "9\u00a0120,5", "Vượt", V),
    # An estimate typed in front: 176 < 180 → Chưa đạt.
    ("3", "Giá trị sản xuất trên 1 ha đất canh tác", "Triệu đồng", "180", "Ước 176", "Cơ bản đạt", C),
    # "giảm còn" a level to come down to, lower-is-better: 0,75 better than 0,8 → Vượt.
    ("4", "Tỷ lệ hộ nghèo giảm còn", "%", "giảm còn 0,8", "0,75", "Vượt", V),
    # 3 = 3 → Đạt.
    ("5", "Số xã đạt chuẩn nông thôn mới kiểu mẫu", "Xã", "3", "3", "Đạt", D),
    # "≥ 96" lower bound; 95,4 (its "%" a run of its own) below → Chưa đạt.
    ("6", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "≥ 96", R("95,4", "%"), "Chưa đạt", C),
    # 4.350 > 4.000 → Vượt.
    ("7", "Số lao động được giải quyết việc làm mới", "Lao động", "4.000", "4.350", "Vượt", V),
]
# The table goes on after a page break as a second Word table without the header.
ANNUAL_SECOND: list[Row] = [
    # "-" is no figure → Chưa có số liệu.
    ("8", "Tỷ lệ trường học đạt chuẩn quốc gia", "%", "85", "-", "", NO_DATA),
    # 100 = 100 → Đạt.
    ("9", "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "%", "100", "100", "Đạt", D),
    # A bold figure: 472 > 450 → Vượt.
    ("10", "Kết nạp đảng viên mới", "Đảng viên", "450", Bold("472"), "Vượt", V),
    # One part judged (Vượt), one without a figure → Chưa đủ số liệu.
    ("11", "Chất lượng tổ chức đảng và đảng viên", "", "", "", "", INCOMPLETE),
    ("-", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", "trên 85", "88,2", "Vượt", V),
    ("-", "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", "%", "trên 85", "…", "", NO_DATA),
    # An index (previous year = 100) for a growth rate: 109,4 is 12 times 9 and 9,4 would be inside
    # 9 - 10 → Cần kiểm tra.
    ("12", "Tốc độ tăng giá trị sản xuất công nghiệp - xây dựng", "%", "9 - 10", "109,4", "Vượt", CHECK),
]
ANNUAL_ROWS = ANNUAL_FIRST + ANNUAL_SECOND
# Numbered 1 - 12: met 1, 2, 4, 5, 7, 9, 10 (exceeded 2, 4, 7, 10); behind 3, 6; to check 12; no figure 8;
# parts missing 11.
ANNUAL_HEADLINE = ("Có 7/12 chỉ tiêu chủ yếu đạt và vượt; trong đó 04 chỉ tiêu vượt; còn 02 chỉ tiêu chưa đạt "
                   "(chỉ tiêu số 3, 6); 01 chỉ tiêu cần kiểm tra số liệu (chỉ tiêu số 12).",
                   "Còn 01 chỉ tiêu chưa có số liệu (chỉ tiêu số 8); 01 chỉ tiêu chưa đủ số liệu (chỉ tiêu số 11).")
ANNUAL_HEADER: list[list[str | None]] = [
    ["TT", "Nội dung chỉ tiêu", "ĐVT", "Kế hoạch\nnăm 2024", "Thực hiện\nnăm 2024", "Đánh giá"]]
ANNUAL_REQUEST = ImportRequest(Layout.ANNUAL, "Đảng bộ huyện Đông Anh", 24, 2020, 2025, year=2024,
                               file_name="nghi-quyet-2024.docx")


def annual_report(first: Sequence[Row] = ANNUAL_FIRST, second: Sequence[Row] = ANNUAL_SECOND) -> bytes:
    document = Document()
    for line in ("ĐẢNG BỘ HUYỆN ĐÔNG ANH", "BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NĂM 2024",
                 "Năm 2024, trong bối cảnh còn nhiều khó khăn, Đảng bộ huyện đã lãnh đạo hoàn thành phần lớn các "
                 "chỉ tiêu; kết quả cụ thể như sau:", "Biểu số 01", "CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2024"):
        document.add_paragraph(line)
    _table(document, ANNUAL_HEADER, [], first, 6)
    document.add_paragraph("")
    _table(document, [], [], second, 6, numbers=False)
    document.add_paragraph("Nơi nhận: Thường trực Huyện ủy; lưu VP.")
    return _saved(document)


# =========================================================================== 3. a mid-term review to mid-2023
# Đảng bộ tỉnh Lạng Sơn, XVII, 2020 - 2025 (years 2021..2025). Columns: Năm 2021 | Năm 2022 | 6 tháng năm 2023
# under "Kết quả thực hiện" | "Trung bình (hoặc lũy kế) giai đoạn 2021 - 6 tháng 2023" (span 2,5) | Đánh giá |
# "Dự kiến thực hiện đến năm 2025". No figure for 2025: each numeric whole-term status is a forecast
# "tạm tính đến năm 2023" (DOMAIN "Forecasts"), unless a term figure was entered.
# STT | Chỉ tiêu | ĐVT | Mục tiêu | 2021 | 2022 | 6t 2023 | giai đoạn | Đánh giá | Dự kiến 2025 | expected
MIDTERM_ROWS: list[Row] = [
    ("I. KINH TẾ",),
    # Mean growth; the so-far 8,05 (also the geometric mean of 7,2 and 8,9) inside 8 - 8,5 → Có khả năng đạt.
    ("1", "Tốc độ tăng trưởng kinh tế (GRDP) bình quân", "%", "8 - 8,5", "7,2", "8,9", "4,1", "8,05", "Đạt", "",
     LIKELY),
    # Cumulative ("Tổng … giai đoạn"): the so-far figure 124.000 covers 2,5 years, a pace of 49.600;
    # 124.000 + 49.600 × 2,5 = 248.000 < 250.000 → Khó đạt (the office wrote "Đạt").
    ("2", "Tổng vốn đầu tư toàn xã hội giai đoạn 2021 - 2025", "Tỷ đồng", "250.000", "46.500", "52.300", "25.200",
     "124.000", "Đạt", "", UNLIKELY),
    # Parent of "a)"/"b)" parts, each a level: a) lower-is-better (agricultural share, "giảm còn"), trend
    # 22,4 → 21,0 gives 16,8 in 2025, better than 18 → Có khả năng đạt; b) trend 31 → 32 gives 35 ≥ 35 →
    # Có khả năng đạt. The worst → Có khả năng đạt.
    ("3", "Cơ cấu kinh tế", "", "", "", "", "", "", "", "", LIKELY),
    ("a)", "Tỷ trọng nông, lâm nghiệp và thủy sản", "%", "giảm còn 18", "22,4", "21,0", "-", "", "Đạt", "", LIKELY),
    ("b)", "Tỷ trọng công nghiệp - xây dựng", "%", "35", "31", "32", "-", "", "Đạt", "", LIKELY),
    # A term figure entered as an estimate ("Dự kiến … đến năm 2025", grouped by a space): the entered term
    # figure wins over the forecast (DOMAIN "Term targets ... an entered term figure wins"); 12.500 > 12.000
    # → Vượt. DOMAIN is silent on whether an office's "Dự kiến" (its own projection) counts as an entered
    # term figure or should stay a labelled forecast; the product takes it as the term's estimate, kept.
    ("4", "Thu ngân sách nhà nước trên địa bàn năm 2025", "Tỷ đồng", "12.000", "8.950", "10.120", "5.300", "",
     "Đạt", "12 500", V),
    # "trong đó" cells (main figure, certified share): level, trend of the main figures 66,5 → 68 gives 72,5
    # in 2025 ≥ 70 → Có khả năng đạt.
    ("5", "Tỷ lệ lao động qua đào tạo (trong đó có bằng cấp, chứng chỉ)", "%", "70 (30)", "66,5 (25,1)",
     "68 (26,3)", "-", "", "Đạt", "", LIKELY),
    ("II. XÃ HỘI",),
    # Level, lower-is-better, the "%" a run of its own: trend 2,9 → 2,4 gives 0,9 in 2025 ≤ 1,5 → Có khả năng đạt.
    ("6", "Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "%", "dưới 1,5", R("2,9", "%"), R("2,4", "%"), "…", "",
     "Đạt", "", LIKELY),
    ("III. XÂY DỰNG ĐẢNG",),
    # Per year: the mean of the full years (1.620 + 1.480) / 2 = 1.550 ≥ 1.500 → Có khả năng đạt.
    ("7", "Kết nạp đảng viên mới", "Đảng viên", "1.500 đảng viên/năm", "1.620", "1.480", "710", "", "Đạt", "",
     LIKELY),
    # A mean (catalogue) or a level, both agree: mean 91,4 and trend 97,7 in 2025 meet "trên 90" →
    # Có khả năng đạt.
    ("8", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", "trên 90", "90,5", "92,3", "-", "",
     "Đạt", "", LIKELY),
    # Qualitative → Chưa đánh giá.
    ("9", "Xây dựng Đảng bộ trong sạch, vững mạnh", "", "Hoàn thành tốt nhiệm vụ", "-", "-", "-", "", "Đạt", "",
     PENDING),
]
# Numbered 1 - 9: 4 exceeded (an entered term figure); forecasts: on track 1, 3, 5, 6, 7, 8; unlikely 2;
# a person's call 9.
MIDTERM_HEADLINE = ("Có 1/9 chỉ tiêu chủ yếu đạt và vượt; trong đó 01 chỉ tiêu vượt; tạm tính đến năm 2023: 06 chỉ "
                    "tiêu đã đạt hoặc có khả năng đạt (chỉ tiêu số 1, 3, 5, 6, 7, 8); 01 chỉ tiêu khó đạt "
                    "(chỉ tiêu số 2).",
                    "Còn 01 chỉ tiêu chờ người đánh giá (chỉ tiêu số 9).")
MIDTERM_HEADER: list[list[str | None]] = [
    ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu NQĐH", "Kết quả thực hiện", None, None,
     "Trung bình (hoặc lũy kế) giai đoạn 2021 - 6 tháng 2023", "Đánh giá", "Dự kiến thực hiện đến năm 2025"],
    [None, None, None, None, "Năm 2021", "Năm 2022", "6 tháng\nnăm 2023", None, None, None],
]
MIDTERM_MERGES = [(0, 4, 0, 6)] + [(0, c, 1, c) for c in (0, 1, 2, 3, 7, 8, 9)]
MIDTERM_REQUEST = ImportRequest(Layout.MIDTERM, "Đảng bộ tỉnh Lạng Sơn", 17, 2020, 2025,
                                file_name="so-ket-giua-nhiem-ky.docx")


def midterm_report(rows: Sequence[Row] = MIDTERM_ROWS) -> bytes:
    document = Document()
    for line in ("BÁO CÁO SƠ KẾT GIỮA NHIỆM KỲ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH LẠNG SƠN "
                 "LẦN THỨ XVII, NHIỆM KỲ 2020 - 2025",
                 "Sau hơn hai năm rưỡi thực hiện Nghị quyết, phần lớn các chỉ tiêu có khả năng đạt.",
                 "Phụ lục", "TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU"):
        document.add_paragraph(line)
    _table(document, MIDTERM_HEADER, MIDTERM_MERGES, [r[:10] if len(r) > 1 else r for r in rows], 10)
    return _saved(document)


# A review at the end of 2023, typed before the year's statistics were out: its third year column is headed
# "Ước thực hiện năm 2023" (DOMAIN: an estimate and an official figure are both kept, the official one decides).
# STT | Chỉ tiêu | ĐVT | Mục tiêu | 2021 | 2022 | Ước 2023 | Đánh giá | expected
LATE_ROWS: list[Row] = [
    # Per year: the mean of the full years (1.620 + 1.480 + 1.560) / 3 = 1.553,3 ≥ 1.500 → Có khả năng đạt.
    ("1", "Kết nạp đảng viên mới", "Đảng viên", "1.500 đảng viên/năm", "1.620", "1.480", "1.560", "Đạt", LIKELY),
    # Level: trend 90,5 → 92,3 → 93,0 (slope 1,25) gives 95,6 in 2025 ≥ "trên 90" → Có khả năng đạt.
    ("2", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", "trên 90", "90,5", "92,3", "93,0", "Đạt",
     LIKELY),
]
LATE_HEADER: list[list[str | None]] = [
    ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu NQĐH", "Kết quả thực hiện", None, None, "Đánh giá"],
    [None, None, None, None, "Năm 2021", "Năm 2022", "Ước thực hiện năm 2023", None],
]
LATE_REQUEST = ImportRequest(Layout.MIDTERM, "Đảng bộ tỉnh Cao Bằng", 19, 2020, 2025, file_name="so-ket.docx")


def late_review() -> bytes:
    document = Document()
    for line in ("BÁO CÁO SƠ KẾT GIỮA NHIỆM KỲ", "ĐẢNG BỘ TỈNH CAO BẰNG LẦN THỨ XIX, NHIỆM KỲ 2020 - 2025"):
        document.add_paragraph(line)
    _table(document, LATE_HEADER, [(0, 4, 0, 6)] + [(0, c, 1, c) for c in (0, 1, 2, 3, 7)], LATE_ROWS, 8)
    return _saved(document)


# --------------------------------------------------------------------------- reading verdicts back


def _norm(text: str) -> str:
    return " ".join(text.split())


def key(number: str, name: str) -> str:
    return f"{number}|{_norm(name)}"


def expected(rows: Sequence[Row]) -> dict[str, Status]:
    return {key(seen(r[0]), seen(r[1])): r[-1] for r in rows if len(r) > 1 and r[-1] is not None}


def got(resolution: Resolution, period: str | None = None, year: int | None = None) -> dict[str, Status]:
    if period is None:
        period, year = default_period(resolution)
    return {key(r.target.number, r.target.name): r.status for r in rows_for(resolution, period, year)}


def mismatches(want: dict[str, Status], have: dict[str, Status]) -> list[str]:
    out = [f"{k}: expected {want[k].label}, product {have.get(k) and Status(have[k]).label}"
           for k in want if have.get(k) != want[k]]
    return out + [f"{k}: not in the document, product {Status(have[k]).label}" for k in have if k not in want]


def imported(data: bytes, request: ImportRequest) -> Resolution:
    """A dry run first (it must succeed and write nothing but its log), then the import."""
    before = counts()
    trial = run_import(data, request, dry_run=True)
    assert trial.succeeded, trial.errors
    assert counts() == before
    assert trial.log.dry_run and trial.log.summary.startswith("Chạy thử (chưa ghi gì): bảng")
    outcome = run_import(data, request)
    assert outcome.succeeded, outcome.errors
    assert outcome.summary.counts()["created"] == trial.summary.counts()["created"]
    return Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)


def sections(resolution: Resolution) -> list[tuple[str, str]]:
    return [(s.code, s.title) for s in resolution.sections.order_by("order")]


def headline(resolution: Resolution) -> tuple[str, str]:
    period, year = default_period(resolution)
    found = headline_for(rows_for(resolution, period, year))
    return found.sentence, found.unjudged


# --------------------------------------------------------------------------- the tests



def test_every_verdict_of_a_political_reports_appendix_typed_in_word_follows_the_written_rules(
        empty_database: None) -> None:
    resolution = imported(political_report(), TERM_REQUEST)
    assert mismatches(expected(TERM_ROWS), got(resolution)) == []
    assert headline(resolution) == TERM_HEADLINE


def test_the_sections_merged_across_the_width_and_the_sub_rows_keep_their_places(empty_database: None) -> None:
    resolution = imported(political_report(), TERM_REQUEST)
    assert sections(resolution) == TERM_SECTIONS
    parents = {t.number + " " + t.name: t.parent.number if t.parent else "" for t in
               Target.objects.filter(resolution=resolution).select_related("parent")}
    assert parents["a) Công nghiệp - xây dựng"] == "6"
    assert parents["+ Trong đó: số xã đạt chuẩn nông thôn mới nâng cao"] == "-"
    assert parents["- Số huyện đạt chuẩn, hoàn thành nhiệm vụ xây dựng nông thôn mới"] == "12"


def test_the_figures_are_stored_as_a_person_reads_them_in_the_word_cells(empty_database: None) -> None:
    resolution = imported(political_report(), TERM_REQUEST)
    stored = {r.target.number: r for r in Result.objects.filter(target__resolution=resolution).select_related(
        "target")}
    shown = {n: (r.raw_text, r.value.normalize() if r.value is not None else None, r.figure)
             for n, r in stored.items() if n in ("1", "2", "3", "4", "9", "11", "13")}
    assert shown == {
        "1": ("9,8", Decimal("9.8"), Result.Figure.ESTIMATE),
        "2": ("87,6", Decimal("87.6"), Result.Figure.ESTIMATE),
        "3": ("27\u00a0350", Decimal("27350"), Result.Figure.OFFICIAL),
        "4": ("362.415", Decimal("362415"), Result.Figure.OFFICIAL),
        "9": ("76,2 (31,5)", Decimal("76.2"), Result.Figure.OFFICIAL),
        "11": ("12,5", Decimal("12.5"), Result.Figure.ESTIMATE),
        "13": ("3 150", Decimal("3150"), Result.Figure.OFFICIAL),
    }
    assert stored["9"].value_sub.normalize() == Decimal("31.5")


def test_the_report_states_its_committee_congress_and_term_above_the_appendix(db: None) -> None:
    assert stated_title(political_report(), "bao-cao-chinh-tri.docx", Layout.TERM) == StatedTitle(
        "Đảng bộ tỉnh Nghệ An", 19, (2020, 2025), None, "1B")


def test_every_verdict_of_an_annual_plan_typed_in_word_follows_the_written_rules(empty_database: None) -> None:
    resolution = imported(annual_report(), ANNUAL_REQUEST)
    assert mismatches(expected(ANNUAL_ROWS), got(resolution)) == []
    assert headline(resolution) == ANNUAL_HEADLINE


def test_every_forecast_of_a_midterm_review_typed_in_word_follows_the_written_rules(empty_database: None) -> None:
    resolution = imported(midterm_report(), MIDTERM_REQUEST)
    assert mismatches(expected(MIDTERM_ROWS), got(resolution)) == []
    assert sections(resolution) == [("I", "KINH TẾ"), ("II", "XÃ HỘI"), ("III", "XÂY DỰNG ĐẢNG")]
    assert headline(resolution) == MIDTERM_HEADLINE


def test_a_midterm_year_column_headed_as_an_estimate_holds_estimates(empty_database: None) -> None:
    resolution = imported(late_review(), LATE_REQUEST)
    assert mismatches(expected(LATE_ROWS), got(resolution)) == []
    figures = {(r.target.number, r.year): r.figure for r in Result.objects.filter(target__resolution=resolution)}
    assert figures[("1", 2023)] == figures[("2", 2023)] == Result.Figure.ESTIMATE
    assert figures[("1", 2022)] == Result.Figure.OFFICIAL


def test_a_bad_cell_in_the_second_half_of_a_split_table_is_named_and_nothing_is_written(
        empty_database: None) -> None:
    second = [tuple("8,5,2" if i == 4 else v for i, v in enumerate(row)) if row[0] == "10" else row
              for row in TERM_SECOND]
    data = political_report(TERM_FIRST, second)
    before, logs = counts(), ImportLog.objects.count()
    for dry_run in (True, False):
        outcome = run_import(data, TERM_REQUEST, dry_run=dry_run)
        assert not outcome.succeeded
        assert counts() == before
        # The row is named where a person sees it: the document's 4th table, the second half of Phụ lục 1B,
        # after its repeated header (3 rows), section II and rows 8 and 9: row 10 is its 7th row. (It was
        # named "Bảng 'Phụ lục 1B', dòng 20", counted in the joined table, at first.)
        assert any(e.startswith("Bảng 4 (phần tiếp của bảng 'Phụ lục 1B'), dòng 7, cột E (Kết quả thực hiện "
                                "nhiệm kỳ 2020 - 2025)") and "8,5,2" in e for e in outcome.errors), outcome.errors
    assert ImportLog.objects.count() == logs + 2
    assert [(log.succeeded, log.refused_count > 0) for log in ImportLog.objects.order_by("-pk")[:2]] == [
        (False, True), (False, True)]


@pytest.fixture
def empty_database(db: None) -> None:
    """The seeds stay; the documents' committees are new to the database (none of their names is seeded)."""
