"""The results section of a report ("Kết quả thực hiện các chỉ tiêu chủ yếu"), written the way the
documents write it (seed 000 part I, seed 002):

    Có 14/16 chỉ tiêu chủ yếu đạt và vượt; ...
    I. KINH TẾ
    (1) Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân 9,17%/năm, đạt 122% mục tiêu
        (mục tiêu 7,5-8%), vượt chỉ tiêu.

Plain functions over ``resolutions.verdicts.Row`` (no database; rows may be built by hand): the
status of each sentence is the row's effective status, the rate its verdict's rate, so the text can
never disagree with the scoreboard or the appendix. Statuses that are not verdicts are worded as
what they are: forecasts of a running term say "tạm tính" (and give the figure so far, never a
whole-term one), a figure to check is never called met
or not met, a parent missing parts says which parts lack figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from indicators.evaluation import Direction
from indicators.forecast import judged_basis
from indicators.numbers import format_number
from indicators.statuses import FORECAST, Status
from indicators.term_figures import TermBasis
from indicators.text import fold_text, lower_first, with_unit
from reports.headline import headline_for
from resolutions.models import Result
from resolutions.verdicts import Row

SECTION_TITLE = "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU"
DETAILS_LINE = "(Chi tiết tại Phụ lục kèm theo)"

_VERDICT_WORDS: dict[Status, str] = {
    Status.EXCEEDED: "vượt chỉ tiêu",
    Status.ACHIEVED: "đạt chỉ tiêu",
    Status.BASICALLY: "cơ bản đạt chỉ tiêu",
    Status.NOT_ACHIEVED: "chưa đạt chỉ tiêu",
    Status.FAILED: "không đạt chỉ tiêu",
    Status.SECURED: "đã đạt chỉ tiêu",
    Status.LIKELY: "có khả năng đạt chỉ tiêu",
    Status.UNLIKELY: "khó đạt chỉ tiêu",
    Status.CHECK: "số liệu cần kiểm tra lại, chưa đánh giá đạt hay chưa đạt",
    Status.PENDING: "chưa đánh giá (chờ người có thẩm quyền đánh giá)",
    Status.INCOMPLETE: "chưa đủ số liệu để đánh giá",
    Status.NO_DATA: "chưa có số liệu",
}
# A rate "đạt 122% mục tiêu" is shown only beside a verdict on a real figure.
_RATED = frozenset({Status.EXCEEDED, Status.ACHIEVED, Status.BASICALLY, Status.NOT_ACHIEVED, Status.FAILED})
_SENTENCE_END = re.compile(r"[\s.;:,]+$")
_MARK_SPLIT = re.compile(r"[;]|\.\s")


@dataclass(frozen=True)
class Line:
    """One paragraph of the section: a heading (section row) or text."""

    text: str
    heading: bool = False


@dataclass
class Narrative:
    """The section's title, its headline sentence(s) and its paragraphs, in document order."""

    title: str
    period_label: str
    headline: list[str]
    lines: list[Line] = field(default_factory=list)

    def as_text(self) -> str:
        """Plain text ready to paste: title, headline, then one paragraph per line."""
        parts = [self.title, f"({self.period_label})", *self.headline]
        parts += [line.text for line in self.lines]
        parts.append(DETAILS_LINE)
        return "\n".join(parts)


# --------------------------------------------------------------------------- small pieces


def rate_text(rate: Decimal) -> str:
    """An achievement rate as the documents print it: whole percent ("122%"); one decimal under 10%
    ("0,1%"), where rounding would hide the figure."""
    places = Decimal(1) if abs(rate) >= 10 else Decimal("0.1")
    return f"{format_number(rate.quantize(places, rounding=ROUND_HALF_UP))}%"


def status_words(status: Status, as_of: int | None = None) -> str:
    """The verdict clause: "vượt chỉ tiêu"; forecasts add "(tạm tính đến năm 2024)"."""
    words = _VERDICT_WORDS[Status(status)]
    if status in FORECAST:
        words += f" (tạm tính đến năm {as_of})" if as_of else " (tạm tính)"
    return words


def _as_of(row: Row) -> int | None:
    """The last year a forecast covers (None for a final verdict)."""
    return row.verdict.as_of if row.is_forecast else None


def _is_estimate(row: Row) -> bool:
    return row.result is not None and row.result.figure == Result.Figure.ESTIMATE


_IN_WHICH = re.compile(r"^trong đó\s*:?\s*", re.IGNORECASE)


def _name(row: Row) -> str:
    """The target's name on one line, without a closing full stop or a leading "Trong đó"
    (sub-targets follow "Trong đó:" already)."""
    name = _SENTENCE_END.sub("", " ".join(row.target.name.split()))
    if row.depth > 0:
        name = _IN_WHICH.sub("", name) or name
    return name


def _says(name: str, *words: str) -> bool:
    folded = fold_text(name)
    return any(w in folded for w in words)


def _figure_clause(row: Row, term: bool, name: str) -> str:
    """"bình quân 9,17%/năm", "ước đạt 133 triệu đồng", "còn 0,63%", or "" without a figure."""
    text = row.figure_text.strip()
    if not text:
        return ""
    unit = row.target.unit
    # The basis the verdict used: a per-year target stored as lũy kế is a mean (indicators.forecast).
    basis = judged_basis(row.target.term_basis, row.target.target_text, row.target.unit) if term else TermBasis.LATEST
    if basis == TermBasis.GROWTH_MEAN and unit.strip() == "%":
        unit = "%/năm"
    figure = with_unit(text, unit)
    estimate = "ước " if _is_estimate(row) else ""
    as_of = _as_of(row)
    if as_of is not None and term:
        # A running term: the figure is the one so far, never "cả giai đoạn".
        so_far = f"đến năm {as_of}" if basis != TermBasis.SUM else f"từ đầu nhiệm kỳ đến năm {as_of}"
        mean = "bình quân " if basis in (TermBasis.MEAN, TermBasis.GROWTH_MEAN) and not _says(name, "binh quan") else ""
        verb = "còn" if row.target.direction == Direction.LOWER and basis == TermBasis.LATEST else "đạt"
        clause = f"{mean}{so_far} {estimate}{verb} {figure}"
    elif basis in (TermBasis.MEAN, TermBasis.GROWTH_MEAN):
        clause = f"{estimate}{figure}" if _says(name, "binh quan") else f"bình quân {estimate}{figure}"
    elif basis == TermBasis.SUM and not _says(name, "giai doan", "luy ke", "nhiem ky"):
        clause = f"cả giai đoạn {estimate}đạt {figure}"
    elif row.target.direction == Direction.LOWER:
        clause = f"{estimate}còn {figure}"
    else:
        clause = f"{estimate}đạt {figure}"
    return clause


def _missing_parts(row: Row) -> list[str]:
    """Names of the parts of a parent that have no verdict (for "chưa đủ số liệu")."""
    out = []
    for child in row.children:
        if child.status in (Status.NO_DATA, Status.PENDING, Status.INCOMPLETE, Status.CHECK):
            out.append(lower_first(_name(child)))
    return out


def clause(row: Row, *, term: bool) -> str:
    """One target in words, without its number: name, figure, rate, target, verdict."""
    name = _name(row)
    figure = _figure_clause(row, term, name)
    # A name that is itself a sentence ("... đạt từ 90% trở lên; đảng viên ...") takes a colon.
    joiner = ": " if _MARK_SPLIT.search(name) else " "
    parts = [f"{name}{joiner}{figure}" if figure else name]
    status = Status(row.status)
    rate = row.verdict.rate
    if rate is not None and status in _RATED and figure:
        parts.append(f"đạt {rate_text(rate)} mục tiêu")
    target_text = row.target_text.strip()  # the target in force (an adjustment may govern the period)
    notes = []
    if term and figure and row.term_note and row.result is None and not row.is_forecast:
        notes.append("tính từ số liệu các năm")
    if target_text:
        adjusted = " (đã điều chỉnh)" if row.adjustment is not None else ""
        notes.append(f"mục tiêu{adjusted} {with_unit(target_text, row.target.unit)}")
    head = ", ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")
    if not target_text and status == Status.PENDING and not row.children:
        return head  # a figure given for information, with no target to judge it by
    words = status_words(status, _as_of(row))
    if status == Status.INCOMPLETE:
        missing = _missing_parts(row)
        if missing:
            words += f" (còn thiếu: {', '.join(missing)})"
    elif status == Status.CHECK and row.verdict.explanation:
        words += f" ({_SENTENCE_END.sub('', row.verdict.explanation)})"
    return f"{head}, {words}"


def _descendants(row: Row) -> list[Row]:
    out = []
    for child in row.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def target_paragraph(row: Row, *, term: bool) -> str:
    """"(1) ... , vượt chỉ tiêu. Trong đó: a ...; b ...." for a top-level row."""
    number = row.target.number.strip().rstrip(".")
    lead = f"({number}) " if row.target.is_numbered else "- "
    text = lead + clause(row, term=term) + "."
    parts = [lower_first(clause(c, term=term)) for c in _descendants(row)]
    if parts:
        text += " Trong đó: " + "; ".join(parts) + "."
    return text


def build_narrative(rows: Sequence[Row], *, period_label: str, term: bool) -> Narrative:
    """The results section for evaluated ``rows`` (document order, as ``rows_for`` returns them):
    the headline (``reports.headline``, which counts forecasts, figures to check and targets without
    figures), then one paragraph per top-level target under its section's heading.

    ``term`` words term figures by their basis ("bình quân", "cả giai đoạn"); forecasts name the
    last year their figures cover ("tạm tính đến năm 2024", the verdict's ``as_of``).
    """
    headline = headline_for(rows)
    lines_head = [headline.sentence]
    if headline.unjudged:
        lines_head.append(headline.unjudged)
    narrative = Narrative(SECTION_TITLE, period_label, lines_head)
    current: object = None
    for row in rows:
        if row.depth != 0:
            continue
        section = row.target.section
        key = (section.pk or id(section)) if section is not None else None  # rows built by hand: unsaved
        if section is not None and key != current:
            current = key
            if section.code or section.title:
                code = f"{section.code}. " if section.code else ""
                narrative.lines.append(Line(f"{code}{section.title}".strip(), heading=True))
        narrative.lines.append(Line(target_paragraph(row, term=term)))
    return narrative
