"""The four official appendix layouts: their columns, headers and how a typed header is recognised.

Export builds its header rows from ``export_columns``; import maps each typed header cell back to
a ``Column`` with ``classify_header``. Both sides share the column keys below, so a table written
by the exporter is always read back by the importer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from indicators.text import fold_text


class Layout(StrEnum):
    TERM = "term"  # Phụ lục 1A / 1B: results of the term
    MIDTERM = "midterm"  # mid-term review: one column per year
    TARGETS = "targets"  # Phụ lục 2: new-term targets, unit inside the target text
    ANNUAL = "annual"  # an annual resolution's plan and result


LAYOUT_LABELS: dict[Layout, str] = {
    Layout.TERM: "Kết quả thực hiện nhiệm kỳ (Phụ lục 1A, 1B)",
    Layout.MIDTERM: "Đánh giá giữa nhiệm kỳ (theo từng năm)",
    Layout.TARGETS: "Mục tiêu nhiệm kỳ mới (Phụ lục 2)",
    Layout.ANNUAL: "Kế hoạch và thực hiện năm",
}

# Layouts of a congress (term) resolution; ANNUAL is the only layout of an annual resolution.
CONGRESS_LAYOUTS = (Layout.TERM, Layout.MIDTERM, Layout.TARGETS)


class Kind(StrEnum):
    """What a column holds."""

    NUMBER = "number"
    NAME = "name"
    UNIT = "unit"
    TARGET = "target"
    RESULT = "result"  # term layout: the term result; annual layout: the year's result
    YEAR = "year"  # midterm: one year
    HALF = "half"  # midterm: first six months of a year
    TERM = "term"  # midterm: "Trung bình (hoặc lũy kế) giai đoạn"
    ESTIMATE = "estimate"  # midterm: "Dự kiến thực hiện đến năm <end>"
    VERDICT = "verdict"
    NOTE = "note"
    BASELINE = "baseline"  # targets: the previous term's last-year figure ("Năm gốc 2025"), never read back


@dataclass(frozen=True)
class Column:
    """One column of a layout: its kind, year (for year/half columns) and printed header."""

    kind: Kind
    header: str
    year: int | None = None
    group: str = ""  # midterm: the header spanning the year columns ("Kết quả thực hiện")
    width: float = 14
    estimate: bool = False  # a result column headed "Ước thực hiện": its figures are estimates
    official: bool = False  # a result column headed "... (chính thức)": its unmarked figures are official
    mark: str = ""  # a verdict split into tick columns ("Đánh giá" over "Vượt | Đạt | Chưa đạt"): this one's word

    @property
    def is_figure(self) -> bool:
        return self.kind in {Kind.RESULT, Kind.YEAR, Kind.HALF, Kind.TERM, Kind.ESTIMATE}


# Columns each layout must have for a sheet to be read as that layout (unit and verdict may be
# missing from a typed table; the rest carry the data itself).
REQUIRED: dict[Layout, set[Kind]] = {
    Layout.TERM: {Kind.NUMBER, Kind.NAME, Kind.TARGET, Kind.RESULT},
    Layout.MIDTERM: {Kind.NUMBER, Kind.NAME, Kind.TARGET},
    Layout.TARGETS: {Kind.NUMBER, Kind.NAME, Kind.TARGET},
    Layout.ANNUAL: {Kind.NUMBER, Kind.NAME, Kind.TARGET, Kind.RESULT},
}
ALLOWED: dict[Layout, set[Kind]] = {
    Layout.TERM: {Kind.NUMBER, Kind.NAME, Kind.UNIT, Kind.TARGET, Kind.RESULT, Kind.VERDICT, Kind.NOTE},
    Layout.MIDTERM: {Kind.NUMBER, Kind.NAME, Kind.UNIT, Kind.TARGET, Kind.YEAR, Kind.HALF, Kind.TERM,
                     Kind.VERDICT, Kind.ESTIMATE, Kind.NOTE},
    Layout.TARGETS: {Kind.NUMBER, Kind.NAME, Kind.UNIT, Kind.TARGET, Kind.NOTE, Kind.BASELINE},
    Layout.ANNUAL: {Kind.NUMBER, Kind.NAME, Kind.UNIT, Kind.TARGET, Kind.RESULT, Kind.VERDICT, Kind.NOTE},
}
KIND_LABELS: dict[Kind, str] = {
    Kind.NUMBER: "STT", Kind.NAME: "Chỉ tiêu", Kind.UNIT: "Đơn vị tính", Kind.TARGET: "Mục tiêu",
    Kind.RESULT: "Kết quả thực hiện", Kind.YEAR: "Năm ...", Kind.HALF: "6 tháng năm ...",
    Kind.TERM: "Trung bình (hoặc lũy kế) giai đoạn", Kind.ESTIMATE: "Dự kiến thực hiện đến năm ...",
    Kind.VERDICT: "Đánh giá", Kind.NOTE: "Ghi chú", Kind.BASELINE: "Năm gốc",
}

_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")


def half_header(year: int) -> str:
    return f"6 tháng năm {year}"


def export_columns(
    layout: Layout, *, term: tuple[int, int], year: int | None, ordinal_roman: str,
    periods: list[tuple[str, int]] | None = None, so_far_end: tuple[str, int] | None = None,
) -> list[Column]:
    """The columns the exporter writes for ``layout``.

    ``periods`` (midterm only) lists the ("year" | "half", year) columns, in order; ``so_far_end``
    the last ("year" | "half", year) the "giai đoạn" column covers (default: the last period column,
    else the term's last year).
    """
    start, end = term
    head = [Column(Kind.NUMBER, "STT", width=6), Column(Kind.NAME, "Chỉ tiêu", width=48)]
    unit = Column(Kind.UNIT, "Đơn vị tính", width=12)
    if layout == Layout.TERM:
        return head + [
            unit, Column(Kind.TARGET, f"Mục tiêu NQĐH {ordinal_roman}".strip(), width=16),
            Column(Kind.RESULT, "Kết quả thực hiện", width=16),
            Column(Kind.VERDICT, "Đánh giá mức độ hoàn thành", width=16),
        ]
    if layout == Layout.TARGETS:
        return head + [Column(Kind.TARGET, f"Mục tiêu {start} - {end}", width=28)]
    if layout == Layout.ANNUAL:
        return head + [
            unit, Column(Kind.TARGET, f"Kế hoạch năm {year}", width=16),
            Column(Kind.RESULT, f"Thực hiện năm {year}", width=16),
            Column(Kind.VERDICT, "Đánh giá", width=14),
        ]
    years = [
        Column(Kind.HALF if period == "half" else Kind.YEAR,
               half_header(y) if period == "half" else f"Năm {y}", year=y, group="Kết quả thực hiện", width=12)
        for period, y in (periods or [])
    ]
    return head + [unit, Column(Kind.TARGET, "Mục tiêu NQĐH", width=14)] + years + [
        Column(Kind.TERM, so_far_header(start + 1, so_far_end or (periods[-1] if periods else ("year", end))), width=16),
        Column(Kind.VERDICT, "Đánh giá", width=12),
        Column(Kind.ESTIMATE, f"Dự kiến thực hiện đến năm {end}", year=end, width=16),
    ]


def so_far_header(first: int, last: tuple[str, int]) -> str:
    """The mid-term "giai đoạn" column's header naming the years it covers, up to the table's last
    year or half-year column: "Trung bình (hoặc lũy kế) giai đoạn 2021 - 6 tháng 2023"."""
    period, year = last
    end = f"6 tháng {year}" if period == "half" else str(year)
    span = end if period != "half" and year == first else f"{first} - {end}"
    return f"Trung bình (hoặc lũy kế) giai đoạn {span}"


def _years(folded: str) -> list[int]:
    return [int(y) for y in _YEAR_RE.findall(folded)]


def classify_header(layout: Layout, text: str) -> Column | None:
    """The column a typed header means in ``layout`` ("Kết quả\\nthực hiện" → RESULT), or None.

    Headers are compared without accents, case or line breaks, so "ĐVT", "Đơn vị\\ntính" and
    "đơn vị tính" are the same column.
    """
    folded = fold_text(text.replace("\n", " "))
    if not folded:
        return None
    years = _years(folded)
    year = years[-1] if years else None
    if folded in {"stt", "tt", "so tt", "so thu tu"}:
        return Column(Kind.NUMBER, text)
    if folded.startswith("don vi") or folded in {"dvt", "dv", "d.v.t"}:
        return Column(Kind.UNIT, text)
    if "danh gia" in folded or folded.startswith("so sanh voi muc tieu"):
        return Column(Kind.VERDICT, text)
    if folded.startswith("ghi chu"):
        return Column(Kind.NOTE, text)
    if folded.startswith("nam goc"):
        return Column(Kind.BASELINE, text, year=year)
    if folded.startswith(("muc tieu", "ke hoach", "chi tieu nq", "chi tieu dai hoi", "chi tieu nghi quyet")) or (
        folded == "kh" or folded.startswith("kh ")
    ):
        return Column(Kind.TARGET, text, year=year)
    if folded.startswith(("chi tieu", "noi dung", "ten chi tieu", "cac chi tieu", "danh muc chi tieu")):
        return Column(Kind.NAME, text)
    if layout == Layout.MIDTERM:
        if "du kien" in folded or "kha nang" in folded:
            return Column(Kind.ESTIMATE, text, year=year)
        if any(w in folded for w in ("trung binh", "luy ke", "binh quan", "giai doan")):
            return Column(Kind.TERM, text)
        official = "chinh thuc" in folded
        estimate = folded.startswith("uoc")  # "Ước thực hiện năm 2023": its figures are estimates, as below
        if year is not None and "6 thang" in folded:
            return Column(Kind.HALF, text, year=year, estimate=estimate, official=official)
        if year is not None:
            return Column(Kind.YEAR, text, year=year, estimate=estimate, official=official)
        return None
    if any(w in folded for w in ("ket qua", "thuc hien", "uoc")) or folded == "th" or folded.startswith("th "):
        return Column(Kind.RESULT, text, year=year, estimate=folded.startswith("uoc"), official="chinh thuc" in folded)
    return None
