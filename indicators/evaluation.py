"""The evaluation engine: target/result expressions, evaluation rules, term figures.

Plain typed functions, no Django, no database. Every verdict carries the rule that
produced it and a Vietnamese explanation that can be shown on screen as is. Numbers are
read and written only through ``indicators.numbers``.

Reading never guesses: a text that looks numeric but is malformed ("1,2,3", "5-",
"8-7,5") becomes ``Kind.UNREADABLE`` with a Vietnamese reason, kept for a person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from functools import lru_cache

from indicators.implausible import Plausibility, Reference, find_slip
from indicators.numbers import NumberFormatError, format_number, parse_number

__all__ = [
    "FORECAST",
    "MET",
    "NOT_MET",
    "ON_TRACK",
    "PERSON_VERDICTS",
    "STATUS_ORDER",
    "UNJUDGED",
    "Direction",
    "Expression",
    "Kind",
    "Rules",
    "Status",
    "TermBasis",
    "Verdict",
    "achievement_rate",
    "evaluate",
    "judge_figure",
    "parse_expression",
    "parse_status",
    "parse_text",
    "resolve_term_figure",
    "severity",
    "term_figure",
    "term_figure_explanation",
]


# --------------------------------------------------------------------------- statuses


class Status(StrEnum):
    """Degree of completion of a target (Đánh giá mức độ hoàn thành)."""

    EXCEEDED = "vuot"
    ACHIEVED = "dat"
    BASICALLY = "co_ban_dat"
    NOT_ACHIEVED = "chua_dat"
    FAILED = "khong_dat"  # end-of-term "Không đạt" as reported by documents
    # Forecasts for a term still running (indicators.forecast): labelled as such on screen.
    SECURED = "da_dat"  # forecast "Đã đạt": a cumulative target already reached, cannot be undone
    LIKELY = "co_kha_nang_dat"  # forecast "Có khả năng đạt"
    UNLIKELY = "kho_dat"  # forecast "Khó đạt"
    CHECK = "can_kiem_tra"  # implausible figure a likely slip explains (indicators.implausible)
    PENDING = "chua_danh_gia"  # qualitative (or unreadable), no person's verdict yet
    INCOMPLETE = "chua_du_so_lieu"  # a parent target some of whose parts have no verdict
    NO_DATA = "chua_co_so_lieu"

    @property
    def label(self) -> str:
        """The Vietnamese words shown on screen and in exported tables."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[Status, str] = {
    Status.EXCEEDED: "Vượt",
    Status.ACHIEVED: "Đạt",
    Status.BASICALLY: "Cơ bản đạt",
    Status.NOT_ACHIEVED: "Chưa đạt",
    Status.FAILED: "Không đạt",
    Status.SECURED: "Đã đạt",
    Status.LIKELY: "Có khả năng đạt",
    Status.UNLIKELY: "Khó đạt",
    Status.CHECK: "Cần kiểm tra",
    Status.PENDING: "Chưa đánh giá",
    Status.INCOMPLETE: "Chưa đủ số liệu",
    Status.NO_DATA: "Chưa có số liệu",
}

# Worst → best. The two "unknown" statuses rank lowest so that a "worst first" list puts
# them with the targets needing attention; combine_parts() ignores them explicitly.
STATUS_ORDER: tuple[Status, ...] = (
    Status.NO_DATA,
    Status.INCOMPLETE,
    Status.PENDING,
    Status.CHECK,
    Status.FAILED,
    Status.NOT_ACHIEVED,
    Status.UNLIKELY,
    Status.BASICALLY,
    Status.LIKELY,
    Status.ACHIEVED,
    Status.SECURED,
    Status.EXCEEDED,
)
_SEVERITY = {status: rank for rank, status in enumerate(STATUS_ORDER)}
# How reports group verdicts ("Có 14/16 chỉ tiêu đạt và vượt; còn 02 chỉ tiêu chưa đạt").
MET: tuple[Status, ...] = (Status.EXCEEDED, Status.ACHIEVED)
NOT_MET: tuple[Status, ...] = (Status.NOT_ACHIEVED, Status.FAILED)
# Forecasts of a running term ("tạm tính"): on track, and behind.
FORECAST: tuple[Status, ...] = (Status.SECURED, Status.LIKELY, Status.UNLIKELY)
ON_TRACK: tuple[Status, ...] = (Status.SECURED, Status.LIKELY)
# What a person may set as their verdict (an override): a judgement, final or forecast, never "no data",
# "not enough data", "to check" or "awaits a person", which say that there is no verdict.
PERSON_VERDICTS: tuple[Status, ...] = (
    Status.EXCEEDED, Status.ACHIEVED, Status.BASICALLY, Status.NOT_ACHIEVED, Status.FAILED,
    Status.SECURED, Status.LIKELY, Status.UNLIKELY,
)
# No verdict: no data, not enough data, awaits a person, or a figure to check. Counted neither as met
# nor as not met.
UNJUDGED: tuple[Status, ...] = (Status.NO_DATA, Status.INCOMPLETE, Status.PENDING, Status.CHECK)


def severity(status: Status) -> int:
    """Rank of ``status`` in STATUS_ORDER: 0 is the worst; higher is better."""
    return _SEVERITY[Status(status)]


def _fold(text: str) -> str:
    """NFC, lower-case, single spaces, trailing punctuation removed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").lower()
    return " ".join(text.split()).strip(" .;:!")


_STATUS_WORDS: dict[str, Status] = {
    "vượt": Status.EXCEEDED,
    "đạt vượt": Status.EXCEEDED,
    "vượt chỉ tiêu": Status.EXCEEDED,
    "vượt mức": Status.EXCEEDED,
    "vượt kế hoạch": Status.EXCEEDED,
    "hoàn thành vượt": Status.EXCEEDED,
    "hoàn thành vượt mức": Status.EXCEEDED,
    "đạt": Status.ACHIEVED,
    "hoàn thành": Status.ACHIEVED,
    "cơ bản đạt": Status.BASICALLY,
    "cơ bản hoàn thành": Status.BASICALLY,
    "chưa đạt": Status.NOT_ACHIEVED,
    "chưa hoàn thành": Status.NOT_ACHIEVED,
    "không đạt": Status.FAILED,
    "không hoàn thành": Status.FAILED,
    "khó đạt": Status.UNLIKELY,
    "khó hoàn thành": Status.UNLIKELY,
    "đã đạt": Status.SECURED,
    "có khả năng đạt": Status.LIKELY,
    "có khả năng hoàn thành": Status.LIKELY,
    "cần kiểm tra": Status.CHECK,
    "chưa đánh giá": Status.PENDING,
    "chưa đủ số liệu": Status.INCOMPLETE,
    "chưa có số liệu": Status.NO_DATA,
}


def parse_status(text: str | None) -> Status | None:
    """Read a document's verdict ("Vượt ", "Đạt vượt", "Cơ bản đạt", ...); None if empty/unknown.

    Case- and space-insensitive; also accepts the enum values ("chua_dat").
    """
    if not text:
        return None
    folded = _fold(str(text))
    if not folded:
        return None
    if folded in _STATUS_WORDS:
        return _STATUS_WORDS[folded]
    try:
        return Status(folded)
    except ValueError:
        return None


# --------------------------------------------------------------------------- expressions


class Kind(StrEnum):
    """Shape of a target or result text."""

    POINT = "point"
    LOWER = "lower"  # lower bound: "trên 9,5", "> 70", "80 trở lên"
    UPPER = "upper"  # upper bound: "dưới 1%", "< 1", "không quá 2"
    RANGE = "range"  # "7,5-8", "3-4 lượt"
    QUALITATIVE = "qualitative"  # words, judged by a person
    EMPTY = "empty"  # "", "-", "–", "…"
    UNREADABLE = "unreadable"  # looks numeric but is malformed; never guessed


class Direction(StrEnum):
    """Whether an indicator is better when higher or when lower."""

    HIGHER = "higher"
    LOWER = "lower"


class TermBasis(StrEnum):
    """How a term target measures the whole term from yearly figures."""

    LATEST = "latest"
    SUM = "sum"
    MEAN = "mean"
    GROWTH_MEAN = "growth_mean"


_NUMERIC_KINDS = frozenset({Kind.POINT, Kind.LOWER, Kind.UPPER, Kind.RANGE})
# A stored kind to its member by a dict lookup: calling the enum costs more than the rest of
# rebuilding an expression, which every verdict does for its target and its figure.
_KINDS: dict[str, Kind] = {kind.value: kind for kind in Kind}
# Fractions ("1/3") are compared by their value at this precision.
_FRACTION_QUANTUM = Decimal("0.000001")


@dataclass(frozen=True)
class Expression:
    """A target or result text with its parsed meaning; the text is kept exactly as written.

    POINT: low == high == value. LOWER: low set. UPPER: high set. RANGE: low <= high.
    ``sub`` is the "trong đó" figure of "Trên 70% (20%)" / "74 (19,6)". ``error`` is a
    Vietnamese reason when the kind is UNREADABLE, otherwise "".
    """

    text: str
    kind: Kind
    low: Decimal | None = None
    high: Decimal | None = None
    sub: Decimal | None = None
    unit: str = ""
    fraction: tuple[int, int] | None = None
    error: str = ""

    @property
    def value(self) -> Decimal | None:
        """The main figure: ``low`` for POINT/LOWER/RANGE, ``high`` for UPPER, else None."""
        if self.kind in (Kind.POINT, Kind.LOWER, Kind.RANGE):
            return self.low
        if self.kind == Kind.UPPER:
            return self.high
        return None

    @property
    def is_numeric(self) -> bool:
        """True for POINT, LOWER, UPPER and RANGE."""
        return self.kind in _NUMERIC_KINDS

    @classmethod
    def from_stored(
        cls,
        text: str,
        kind: Kind | str,
        low: Decimal | None,
        high: Decimal | None,
        sub: Decimal | None = None,
        unit: str = "",
        fraction: tuple[int, int] | None = None,
        error: str = "",
    ) -> Expression:
        """Rebuild from stored columns without re-parsing the text (the stored meaning wins)."""
        return cls(
            text=text or "",
            kind=_KINDS.get(kind) or Kind(kind),  # Kind(kind) only to refuse an unknown kind
            low=low,
            high=high,
            sub=sub,
            unit=unit or "",
            fraction=fraction,
            error=error or "",
        )


_EMPTY_TEXTS = frozenset({"", "-", "–", "—", "…", "...", "..", "x", "?"})
_NUM = r"[+\-−]?\d(?:[\d.,]*\d)?"
_NUM_RE = re.compile(_NUM)
# Counts in fractions may be grouped by thousands ("1.463/1.295" công trình).
_FRACTION_RE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\d.,])")
_RANGE_SEP_RE = re.compile(
    r"^(?P<unit>[^\d\-–—÷]*?)\s*(?P<sep>-|–|—|÷|\bđến\b|\btới\b)\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PAREN_RE = re.compile(r"^(?P<main>.*?)\s*\((?P<inner>[^()]*)\)\s*$", re.DOTALL)
# Words that do not change the meaning of a figure ("đạt 90%", "giảm còn 1,6%").
_POINT_PREFIX_RE = re.compile(
    r"^(?:đạt khoảng|đạt mức|đạt|khoảng|giảm xuống còn|giảm còn|còn|tăng lên|bằng|=)\s*",
    re.IGNORECASE,
)
_LOWER_WORD_RE = re.compile(
    r"^(?:không dưới|không thấp hơn|tối thiểu|ít nhất|trên|hơn|từ)(?=\s|\d|$)\s*", re.IGNORECASE
)
_LOWER_SYMBOL_RE = re.compile(r"^(?:>=|≥|>|=>)\s*")
_UPPER_WORD_RE = re.compile(
    r"^(?:không vượt quá|không quá|không cao hơn|tối đa|dưới|thấp hơn)(?=\s|\d|$)\s*",
    re.IGNORECASE,
)
_UPPER_SYMBOL_RE = re.compile(r"^(?:<=|≤|<|=<)\s*")
_LOWER_SUFFIX_RE = re.compile(r"\s*trở lên$", re.IGNORECASE)
_UPPER_SUFFIX_RE = re.compile(r"\s*trở xuống$", re.IGNORECASE)
_SUB_PREFIX_RE = re.compile(r"^trong đó\s*:?\s*", re.IGNORECASE)


class _Unreadable(Exception):
    """Internal: the text looks numeric but is malformed (message is Vietnamese)."""


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u00a0\u202f\u2007\u2009\u200b]", " ", text)
    return " ".join(text.split())


def _norm_unit(unit: str) -> str:
    """Tidy a unit: per mille "%o" → "‰", single spaces, no stray punctuation."""
    unit = " ".join(unit.split()).strip(" .;:")
    if unit.lower() in ("%o", "% o", "‰"):
        return "‰"
    return unit


def _number(token: str) -> Decimal:
    try:
        return parse_number(token)
    except NumberFormatError as exc:
        raise _Unreadable(str(exc)) from exc


def _unit_only(rest: str, whole: str) -> str:
    """The text after a figure must be a unit: no more digits."""
    if re.search(r"\d", rest):
        raise _Unreadable(f"Không đọc được '{whole}': sau số còn chữ số khác ('{rest.strip()}')")
    return _norm_unit(rest)


def _read_figure(body: str, whole: str) -> tuple[Decimal, str, tuple[int, int] | None]:
    """Read "<number>[unit]" or "<a>/<b>"; return (value, rest of text, fraction)."""
    fraction_match = _FRACTION_RE.match(body)
    if fraction_match:
        numerator, denominator = (g.replace(".", "") for g in fraction_match.groups())
        if len(numerator) > 15 or len(denominator) > 15:
            raise _Unreadable(f"Không đọc được phân số '{whole}': số quá lớn")
        if int(denominator) == 0:
            raise _Unreadable(f"Không đọc được phân số '{whole}': mẫu số bằng 0")
        value = (Decimal(int(numerator)) / Decimal(int(denominator))).quantize(
            _FRACTION_QUANTUM, rounding=ROUND_HALF_UP
        )
        return value, body[fraction_match.end() :], (int(numerator), int(denominator))
    number_match = _NUM_RE.match(body)
    if number_match is None:
        raise _Unreadable(f"Không đọc được '{whole}': không có số")
    return _number(number_match.group(0)), body[number_match.end() :], None


def _parse_body(body: str, whole: str) -> tuple[Kind, Decimal, Decimal, str, tuple[int, int] | None]:
    """Parse a number, fraction or range with optional units; return (kind, low, high, unit, fraction)."""
    low, rest, fraction = _read_figure(body, whole)
    separated = _RANGE_SEP_RE.match(rest)
    if separated is None:
        return Kind.POINT, low, low, _unit_only(rest, whole), fraction
    unit_low = _norm_unit(separated.group("unit"))
    rest_high = separated.group("rest").strip()
    if not rest_high or not re.match(r"\d", rest_high):
        raise _Unreadable(f"Không đọc được khoảng '{whole}': thiếu số ở đầu còn lại của khoảng")
    high, tail, high_fraction = _read_figure(rest_high, whole)
    unit_high = _unit_only(tail, whole)
    if (fraction is None) != (high_fraction is None):
        raise _Unreadable(f"Không đọc được khoảng '{whole}': hai đầu khoảng khác dạng")
    if unit_low and unit_high and unit_low != unit_high:
        raise _Unreadable(f"Không đọc được khoảng '{whole}': hai đầu khoảng khác đơn vị")
    if low > high:
        raise _Unreadable(
            f"Không đọc được khoảng '{whole}': đầu dưới {format_number(low)} lớn hơn đầu trên {format_number(high)}"
        )
    return Kind.RANGE, low, high, unit_high or unit_low, None


def _parse_main(main: str, whole: str) -> Expression | None:
    """Parse the text without its "(trong đó ...)" part; None means qualitative words."""
    body = main
    body = _POINT_PREFIX_RE.sub("", body, count=1)
    bound: Kind | None = None
    symbolic = False
    for pattern, kind, is_symbol in (
        (_LOWER_SYMBOL_RE, Kind.LOWER, True),
        (_UPPER_SYMBOL_RE, Kind.UPPER, True),
        (_LOWER_WORD_RE, Kind.LOWER, False),
        (_UPPER_WORD_RE, Kind.UPPER, False),
    ):
        match = pattern.match(body)
        if match:
            bound, symbolic = kind, is_symbol
            body = body[match.end() :]
            break
    starts_with_from = bool(re.match(r"^từ\b", main, re.IGNORECASE))
    suffix: Kind | None = None
    for pattern, kind in ((_LOWER_SUFFIX_RE, Kind.LOWER), (_UPPER_SUFFIX_RE, Kind.UPPER)):
        match = pattern.search(body)
        if match:
            suffix = kind
            body = body[: match.start()]
            break
    body = body.strip()
    if not re.match(r"[+\-−]?\d", body):
        if symbolic:
            raise _Unreadable(f"Không đọc được '{whole}': sau dấu so sánh không có số")
        return None  # words ("Nhóm 10 tỉnh dẫn đầu", "Hoàn thành việc ...")
    kind, low, high, unit, fraction = _parse_body(body, whole)
    if kind == Kind.RANGE:
        # "từ 7,5 đến 8" is a range; "trên 5-7" or "5-7 trở lên" mixes two meanings.
        if (bound is not None and not starts_with_from) or suffix is not None:
            raise _Unreadable(f"Không đọc được '{whole}': vừa là khoảng vừa là cận")
        return Expression(whole, Kind.RANGE, low, high, unit=unit)
    if bound is not None and suffix is not None and bound != suffix and not starts_with_from:
        raise _Unreadable(f"Không đọc được '{whole}': cận trên và cận dưới mâu thuẫn")
    final = suffix or bound or Kind.POINT
    if final == Kind.LOWER:
        return Expression(whole, Kind.LOWER, low, None, unit=unit, fraction=fraction)
    if final == Kind.UPPER:
        return Expression(whole, Kind.UPPER, None, high, unit=unit, fraction=fraction)
    return Expression(whole, Kind.POINT, low, high, unit=unit, fraction=fraction)


def _parse_sub(inner: str, whole: str) -> Decimal:
    """The "trong đó" figure inside parentheses: one number with an optional unit."""
    body = _SUB_PREFIX_RE.sub("", inner.strip())
    value, rest, _ = _read_figure(body, whole)
    _unit_only(rest, whole)
    return value


@lru_cache(maxsize=16384)
def parse_text(text: str) -> Expression:
    """``parse_expression`` of a text, worked out once per text (an Expression is immutable): an
    import reads each cell's text, checks it and stores its meaning, and a table repeats its texts."""
    return parse_expression(text)


def parse_expression(value: str | int | float | Decimal | None, *, expect_number: bool = False) -> Expression:
    """Read a target or result text (or a numeric Excel cell) into an Expression.

    Never raises: malformed figures give ``Kind.UNREADABLE`` with a Vietnamese ``error``.
    Words with no leading figure are QUALITATIVE, unless ``expect_number`` (a result
    column that must hold a figure), which makes them UNREADABLE instead.
    """
    if value is None:
        return Expression("", Kind.EMPTY)
    if isinstance(value, (bool, int, float, Decimal)):
        try:
            number = parse_number(value)
        except NumberFormatError as exc:
            return Expression(str(value), Kind.UNREADABLE, error=str(exc))
        return Expression(format_number(number), Kind.POINT, number, number)
    if not isinstance(value, str):
        return Expression(str(value), Kind.UNREADABLE, error=f"Không đọc được '{value}'")

    as_written = value.strip()  # the text is kept as written; parsing works on a cleaned copy
    whole = _clean(value)
    if whole in _EMPTY_TEXTS or re.fullmatch(r"[.…\-–—\s]*", whole):
        return Expression(as_written, Kind.EMPTY)
    try:
        main, sub = whole, None
        paren = _PAREN_RE.match(whole)
        if paren and paren.group("main"):
            inner = paren.group("inner")
            main = paren.group("main")
            if re.search(r"\d", inner):
                sub = _parse_sub(inner, whole)
            # A parenthesis without figures is a note ("(ước)"); it does not change the figure.
        parsed = _parse_main(main, whole)
    except _Unreadable as exc:
        return Expression(as_written, Kind.UNREADABLE, error=str(exc))
    if parsed is None:
        if expect_number:
            return Expression(
                as_written,
                Kind.UNREADABLE,
                error=f"Không đọc được '{whole}': cần một số liệu, gặp chữ",
            )
        return Expression(as_written, Kind.QUALITATIVE)
    return replace(parsed, text=as_written, sub=sub)


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Rules:
    """Evaluation settings of one resolution.

    ``exceed_margin``: how far beyond the target (in the target's units) before "Vượt"
    counts; within it the result is "Đạt". ``basic_band``: a shortfall of at most this
    percent of the target counts as "Cơ bản đạt"; None turns the band off.
    """

    exceed_margin: Decimal = Decimal(0)
    basic_band: Decimal | None = None

    def __post_init__(self) -> None:
        if self.exceed_margin < 0:
            raise ValueError("Biên vượt không được âm")
        if self.basic_band is not None and self.basic_band < 0:
            raise ValueError("Ngưỡng 'cơ bản đạt' không được âm")


@dataclass(frozen=True)
class Verdict:
    """A status with the rule that produced it, a Vietnamese explanation and the rate R/T (%).

    ``as_of``: for a forecast (indicators.forecast), the last year its figures cover ("tạm tính đến
    năm …"). ``likely``: for a figure to check (Cần kiểm tra), the reading a slip suggests.
    """

    status: Status
    rule: str
    explanation: str
    rate: Decimal | None = None
    as_of: int | None = None
    likely: Decimal | None = None

    @property
    def is_forecast(self) -> bool:
        return self.as_of is not None


_RULE_NAMES = {
    Kind.POINT: "mục tiêu một mức",
    Kind.LOWER: "mục tiêu cận dưới",
    Kind.UPPER: "mục tiêu cận trên",
    Kind.RANGE: "mục tiêu khoảng",
}


def _figure(result: Expression, target: Expression, direction: Direction) -> Decimal:
    """The result figure compared against the target.

    A bound result ("> 90") is judged by its bound value. A range result is judged by its
    less favourable end (the low end when higher is better, or against an upper bound the
    high end), so a range never earns more than its worst reading.
    """
    if result.kind == Kind.RANGE:
        if target.kind == Kind.UPPER or direction == Direction.LOWER:
            return result.high  # type: ignore[return-value]
        return result.low  # type: ignore[return-value]
    return result.value  # type: ignore[return-value]


def achievement_rate(target: Expression, result: Expression, direction: Direction) -> Decimal | None:
    """R/T in percent, one decimal, for higher-is-better numeric targets; a range uses its low end.

    None when not meaningful: lower-is-better, upper-bound or non-numeric targets, a
    non-numeric result, or a target at or below zero.
    """
    if Direction(direction) != Direction.HIGHER:
        return None
    if target.kind not in (Kind.POINT, Kind.LOWER, Kind.RANGE) or not result.is_numeric:
        return None
    base = target.low
    if base is None or base <= 0:
        return None
    figure = _figure(result, target, direction)
    return (figure / base * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _tolerance(reference: Decimal, rules: Rules) -> Decimal | None:
    """Size of the "Cơ bản đạt" band around ``reference`` (percent of |reference|)."""
    if rules.basic_band is None:
        return None
    return abs(reference) * rules.basic_band / 100


def _judge_threshold(figure: Decimal, threshold: Decimal, good: int, rules: Rules) -> tuple[Status, str]:
    """Compare with one threshold; ``good`` is +1 when higher is better, -1 when lower.

    Returns the status and the Vietnamese comparison phrase.
    """
    gain = (figure - threshold) * good
    if gain > rules.exceed_margin:
        return Status.EXCEEDED, "vượt"
    if gain > 0:
        return Status.ACHIEVED, f"vượt không quá biên {format_number(rules.exceed_margin)} so với"
    if gain == 0:
        return Status.ACHIEVED, "bằng"
    tolerance = _tolerance(threshold, rules)
    if tolerance is not None and -gain <= tolerance:
        return Status.BASICALLY, f"thiếu không quá {format_number(rules.basic_band)}% so với"
    return Status.NOT_ACHIEVED, "chưa đạt"


def _numeric_verdict(target: Expression, figure: Decimal, direction: Direction, rules: Rules) -> tuple[Status, str]:
    """Status and comparison sentence for a numeric target against a figure."""
    good = 1 if direction == Direction.HIGHER else -1
    shown_target = f"“{target.text}”"
    if target.kind in (Kind.POINT, Kind.LOWER):
        threshold = target.value
        assert threshold is not None
        status, phrase = _judge_threshold(figure, threshold, good, rules)
        return status, f"{phrase} mức {shown_target}"
    if target.kind == Kind.UPPER:
        # A cap ("dưới 1%") is met at or under it, whichever way the indicator points.
        cap = target.high
        assert cap is not None
        if figure <= cap:
            return Status.ACHIEVED, f"không vượt mức tối đa {shown_target}"
        tolerance = _tolerance(cap, rules)
        if tolerance is not None and figure - cap <= tolerance:
            return (
                Status.BASICALLY,
                f"cao hơn mức tối đa {shown_target} không quá {format_number(rules.basic_band)}%",
            )
        return Status.NOT_ACHIEVED, f"cao hơn mức tối đa {shown_target}"
    low, high = target.low, target.high
    assert low is not None and high is not None
    good_end, other_end = (high, low) if good > 0 else (low, high)
    if low <= figure <= high:
        return Status.ACHIEVED, f"nằm trong khoảng {shown_target}"
    # Words for "beyond the good end" and "short of the other end", per direction.
    beyond = "cao hơn đầu trên" if good > 0 else "thấp hơn đầu dưới"
    short = "thấp hơn đầu dưới" if good > 0 else "cao hơn đầu trên"
    if (figure - good_end) * good > 0:
        status, _ = _judge_threshold(figure, good_end, good, rules)
        if status == Status.EXCEEDED:
            return status, f"{beyond} khoảng {shown_target}"
        return (
            status,
            f"{beyond} khoảng {shown_target} không quá biên {format_number(rules.exceed_margin)}",
        )
    status, _ = _judge_threshold(figure, other_end, good, rules)
    if status == Status.BASICALLY:
        return (
            status,
            f"{short} khoảng {shown_target} không quá {format_number(rules.basic_band)}%",
        )
    return status, f"{short} khoảng {shown_target}"


def judge_figure(
    target: Expression,
    figure: Decimal,
    direction: Direction = Direction.HIGHER,
    rules: Rules = Rules(),  # noqa: B008 - frozen, immutable default
) -> Status:
    """The status a plain figure earns against a numeric target (point, bounds, range); the one
    comparison that ``evaluate`` and the forecasts (indicators.forecast) share."""
    if not target.is_numeric:
        raise ValueError("judge_figure needs a numeric target")
    return _numeric_verdict(target, figure, Direction(direction), rules)[0]


def _result_phrase(result: Expression, figure: Decimal) -> str:
    if result.kind == Kind.POINT and result.fraction is None:
        return f"Kết quả {format_number(figure)}"
    return f"Kết quả “{result.text}” (xét theo giá trị {format_number(figure)})"


def _with_override(verdict: Verdict, manual_status: Status | None) -> Verdict:
    """A person's status wins; the rule's own verdict stays in the explanation."""
    if manual_status is None or Status(manual_status) == verdict.status:
        return verdict
    manual = Status(manual_status)
    explanation = (
        f"{verdict.explanation}. Người có thẩm quyền đã điều chỉnh thành “{manual.label}” "
        f"(quy tắc cho “{verdict.status.label}”)"
    )
    return replace(verdict, status=manual, rule="override", explanation=explanation)


def evaluate(
    target: Expression,
    result: Expression | None,
    direction: Direction = Direction.HIGHER,
    rules: Rules = Rules(),  # noqa: B008 - frozen, immutable default
    manual_status: Status | None = None,
    plausibility: Plausibility = Plausibility(),  # noqa: B008 - frozen, immutable default
    *,
    unit: str = "",
) -> Verdict:
    """Judge ``result`` against ``target`` by the default rules (DOMAIN.md "Evaluation rules").

    - A numeric result far off the target or ``plausibility.previous`` (the same target's figure a
      year earlier) that a likely slip explains (indicators.implausible): CHECK, rule "check", with
      the likely reading in ``Verdict.likely`` and what it would earn in the explanation; unless a
      person confirmed the figure as written (``plausibility.confirmed``): then the normal rule.
    - UNREADABLE target or result: ``manual_status`` or PENDING, rule "unreadable".
    - QUALITATIVE target or result: ``manual_status`` or PENDING, rule "qualitative".
    - EMPTY target: with a result, ``manual_status`` or PENDING (rule "no_target"); else NO_DATA.
    - No result / EMPTY result: NO_DATA, rule "no_data".
    - Numeric: rule "point" / "lower" / "upper" / "range"; a given ``manual_status`` that
      differs from the rule's status wins with rule "override" (both stay in the explanation).
    - A per mille target against a percentage, or the other way round ("6,4%o", "0,7%"): compared on
      the result's scale (``_per_mille_reading``).
    - A fraction target ("1/3", "30/77") against a figure on another scale (``_fraction_readings``):
      a percentage ("30%", or ``unit`` "%", the row's unit) is compared with the fraction in percent;
      a plain number above 1 is judged only when its readings as a count (against the numerator) and
      as a percentage agree, else ``manual_status`` or PENDING, rule "fraction".
    """
    direction = Direction(direction)
    if target.kind == Kind.UNREADABLE:
        reason = f" ({target.error})" if target.error else ""
        return _person_verdict(manual_status, "unreadable", f"Không đọc được mục tiêu “{target.text}”{reason}")
    if target.kind == Kind.QUALITATIVE:
        return _person_verdict(manual_status, "qualitative", f"Mục tiêu định tính “{target.text}”")
    if result is not None and result.kind == Kind.UNREADABLE:
        reason = f" ({result.error})" if result.error else ""
        return _person_verdict(manual_status, "unreadable", f"Không đọc được kết quả “{result.text}”{reason}")
    if result is not None and result.kind == Kind.QUALITATIVE:
        return _person_verdict(manual_status, "qualitative", f"Kết quả ghi bằng lời “{result.text}”")
    if target.kind == Kind.EMPTY:
        if result is not None and result.kind != Kind.EMPTY:
            # A figure with nothing to compare it to: only a person can judge it.
            return _person_verdict(
                manual_status, "no_target", f"Chỉ tiêu không có mục tiêu bằng số; kết quả “{result.text}”"
            )
        verdict = Verdict(Status.NO_DATA, "no_data", "Chỉ tiêu chưa có mục tiêu và chưa có kết quả → Chưa có số liệu")
        return _with_override(verdict, manual_status)
    if result is None or result.kind == Kind.EMPTY:
        verdict = Verdict(
            Status.NO_DATA, "no_data", f"Chưa có kết quả để so với mục tiêu “{target.text}” → Chưa có số liệu"
        )
        return _with_override(verdict, manual_status)

    readings = _fraction_readings(target, result, unit) or _per_mille_reading(target, result, unit)
    note = ""
    if len(readings) == 2:
        return _two_readings(readings, result, direction, rules, manual_status)
    if readings:
        target, note = readings[0]
    figure = _figure(result, target, direction)
    if not plausibility.confirmed:
        check = _check(target, result, figure, direction, rules, plausibility)
        if check is not None:
            return _with_override(check, manual_status)
    status, sentence = _numeric_verdict(target, figure, direction, rules)
    rate = achievement_rate(target, result, direction)
    rule_name = _RULE_NAMES[target.kind]
    if direction == Direction.LOWER and target.kind != Kind.UPPER:
        rule_name += ", chỉ số càng thấp càng tốt"
    explanation = f"{_result_phrase(result, figure)} {sentence}{note} ({rule_name}) → {status.label}"
    if rate is not None:
        explanation += f" (đạt {format_number(rate)}%)"
    return _with_override(Verdict(status, str(target.kind), explanation, rate), manual_status)


def _written_fraction(expression: Expression) -> tuple[int, int] | None:
    """The fraction an expression was written as ("1/3"), also when it was rebuilt from stored columns
    (``Expression.from_stored`` keeps no fraction)."""
    if expression.fraction is not None:
        return expression.fraction
    if expression.kind not in (Kind.POINT, Kind.LOWER, Kind.UPPER) or "/" not in expression.text:
        return None
    return parse_text(expression.text).fraction


def _is_percent(text: str) -> bool:
    """A percentage sign, not a per mille one ("%o", "‰")."""
    compact = text.replace(" ", "").lower()
    return "%" in compact.replace("%o", "")


def _fraction_readings(target: Expression, result: Expression, unit: str) -> list[tuple[Expression, str]]:
    """A fraction target read on the scale of a result written otherwise, with the words saying so.

    Nothing (compare the values) when the target is no fraction, the result is a fraction too, or the
    result is a plain share (at most 1). One reading, the fraction in percent, when the result is a
    percentage (its own "%" or the row's ``unit``). Two readings when the result is a plain number above
    1: a count against the numerator (30 of "30/77" communes), and a percentage (38,96 %).
    """
    fraction = _written_fraction(target)
    if fraction is None or not result.is_numeric or _written_fraction(result) is not None:
        return []
    numerator, denominator = fraction
    with localcontext() as ctx:
        ctx.prec = 40
        percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(_FRACTION_QUANTUM, rounding=ROUND_HALF_UP)
    shown = format_number(percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    def at(value: Decimal) -> Expression:
        low = value if target.kind != Kind.UPPER else None
        high = value if target.kind != Kind.LOWER else None
        return replace(target, low=low, high=high, fraction=None)

    as_percent = (at(percent), f" (“{target.text}” = {shown}%)")
    if _is_percent(result.text) or _is_percent(unit):
        return [as_percent]
    figure = result.value
    if figure is None or abs(figure) <= 1:
        return []
    return [(at(Decimal(numerator)), f" (đọc là số đếm: {numerator} trên {denominator})"), as_percent]


def _written_unit(expression: Expression) -> str:
    """The unit written inside an expression's text ("6,4%o" → "‰"), also when it was rebuilt from
    stored columns (``Expression.from_stored`` keeps no unit)."""
    if expression.unit or not expression.text:
        return expression.unit
    return parse_text(expression.text).unit


def _may_be_rate(expression: Expression) -> bool:
    """Whether an expression could be written in percent or per mille: its unit or text holds the sign
    (checked before ``_written_unit``, which may parse the text again)."""
    return any(sign in expression.unit or sign in expression.text for sign in "%‰")


_PER_MILLE_IN_PERCENT = {("‰", "%"): Decimal("0.1"), ("%", "‰"): Decimal(10)}


def _per_mille_reading(target: Expression, result: Expression, unit: str) -> list[tuple[Expression, str]]:
    """A per mille target against a result written in percent, or the other way round ("6,4%o" and
    "0,7%"): the target on the result's scale (6,4 ‰ = 0,64 %), with the words saying so; nothing when
    the result has no unit of its own or the same one."""
    if not target.is_numeric or not result.is_numeric or not _may_be_rate(result):
        return []
    result_unit = _norm_unit(_written_unit(result))
    target_unit = _norm_unit(_written_unit(target) or unit)
    factor = _PER_MILLE_IN_PERCENT.get((target_unit, result_unit))
    if factor is None:
        return []
    low = target.low * factor if target.low is not None else None
    high = target.high * factor if target.high is not None else None
    scaled = replace(target, low=low, high=high, unit=result_unit)
    return [(scaled, f" (“{target.text}” = {format_number(scaled.value)}{result_unit})")]


def _two_readings(
    readings: list[tuple[Expression, str]], result: Expression, direction: Direction, rules: Rules,
    manual_status: Status | None,
) -> Verdict:
    """A plain number against a fraction: the verdict both readings give, or a person's."""
    judged = []
    for target, words in readings:
        status = _numeric_verdict(target, _figure(result, target, direction), direction, rules)[0]
        judged.append((status, words.strip(" ()")))
    shown = "; ".join(f"{words} → {status.label}" for status, words in judged)
    head = f"Mục tiêu là phân số “{readings[0][0].text}”, kết quả “{result.text}” là một số"
    if judged[0][0] == judged[1][0]:
        status = judged[0][0]
        verdict = Verdict(status, "fraction", f"{head}; đọc cách nào cũng vậy ({shown}) → {status.label}")
        return _with_override(verdict, manual_status)
    return _person_verdict(manual_status, "fraction", f"{head}, hai cách đọc cho kết quả khác nhau ({shown})")


def _check(
    target: Expression, result: Expression, figure: Decimal, direction: Direction, rules: Rules,
    plausibility: Plausibility,
) -> Verdict | None:
    """CHECK when a likely slip explains a far-off figure (DOMAIN.md "Cần kiểm tra"), else None."""
    references = [Reference("mục tiêu", target.value)] if target.value is not None else []
    if plausibility.previous is not None:
        references.append(plausibility.previous)
    unit = plausibility.unit or target.unit
    slip = find_slip(figure, result.text, references, unit=unit, growth_rate=plausibility.growth_rate)
    if slip is None:
        return None
    likely = Expression(format_number(slip.likely), Kind.POINT, slip.likely, slip.likely)
    reading = evaluate(target, likely, direction, rules, plausibility=Plausibility(confirmed=True))
    rate = f", đạt {format_number(reading.rate)}%" if reading.rate is not None else ""
    explanation = (
        f"{slip.reason}. Nếu là {format_number(slip.likely)} thì {reading.status.label}{rate}. "
        f"Cần người nhập xác nhận số liệu đúng như đã ghi (có lý do) hoặc sửa lại → {Status.CHECK.label}"
    )
    return Verdict(Status.CHECK, "check", explanation, None, likely=slip.likely)


def _person_verdict(manual_status: Status | None, rule: str, reason: str) -> Verdict:
    """A case only a person can judge: their status, or PENDING."""
    if manual_status is None:
        return Verdict(Status.PENDING, rule, f"{reason}: cần người đánh giá → {Status.PENDING.label}")
    manual = Status(manual_status)
    return Verdict(manual, rule, f"{reason}: người đánh giá xác định → {manual.label}")


def same_judgement(a: Status | None, b: Status | None) -> bool:
    """Whether two verdicts say the same thing: "Không đạt" (end of term) is "Chưa đạt" worded
    for a finished term, and "Vượt" has several spellings already folded by ``parse_status``.

    Against a forecast, a document's mid-term words mean "on track" or "behind": "Đạt" / "Vượt" /
    "Cơ bản đạt" agree with Đã đạt and Có khả năng đạt; "Chưa đạt" / "Không đạt" / "Khó đạt" agree
    with Khó đạt.
    """
    if a is None or b is None:
        return a is b
    a, b = Status(a), Status(b)
    if a in FORECAST or b in FORECAST:
        return _outlook(a) is not None and _outlook(a) == _outlook(b)
    alias = {Status.FAILED: Status.NOT_ACHIEVED}
    return alias.get(a, a) == alias.get(b, b)


def _outlook(status: Status) -> bool | None:
    """True for "on track", False for "behind", None for statuses that say neither."""
    if status in (*ON_TRACK, *MET, Status.BASICALLY):
        return True
    if status in (*NOT_MET, Status.UNLIKELY):
        return False
    return None


# --------------------------------------------------------------------------- term figures

_TWO_PLACES = Decimal("0.01")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def term_figure(basis: TermBasis, yearly: Sequence[Decimal]) -> Decimal | None:
    """The term's figure from yearly figures; None when there are none.

    LATEST: the last year. SUM: the total (lũy kế). MEAN: arithmetic mean, rounded to two
    more decimals than the most precise year. GROWTH_MEAN: geometric mean of yearly growth
    rates in percent, ((∏(1 + r/100))^(1/n) − 1)·100 rounded to 2 decimals; None if a
    rate is −100 or below (the product is not positive).
    """
    basis = TermBasis(basis)
    values = [value if isinstance(value, Decimal) else parse_number(value) for value in yearly]
    if not values:
        return None
    if basis == TermBasis.LATEST:
        return values[-1]
    if basis == TermBasis.SUM:
        return sum(values, Decimal(0))
    if basis == TermBasis.MEAN:
        places = max(_places(value) for value in values) + 2
        with localcontext() as ctx:
            ctx.prec = 50
            mean = sum(values, Decimal(0)) / len(values)
        return mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    with localcontext() as ctx:
        # ln/exp need headroom: 50 digits keeps the 2-decimal result exact for any real term.
        ctx.prec = 50
        product = Decimal(1)
        for rate in values:
            product *= 1 + rate / 100
        if product <= 0:
            return None
        root = (product.ln() / len(values)).exp()
        growth = (root - 1) * 100
        return growth.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


_BASIS_LABELS = {
    TermBasis.LATEST: "Số liệu năm cuối",
    TermBasis.SUM: "Lũy kế",
    TermBasis.MEAN: "Trung bình cộng",
    TermBasis.GROWTH_MEAN: "Bình quân tăng trưởng (trung bình nhân)",
}


def resolve_term_figure(basis: TermBasis, yearly: Sequence[Decimal], entered: Decimal | None) -> Decimal | None:
    """The term figure used for evaluation: the entered "ước thực hiện" if any, else computed."""
    if entered is not None:
        return entered
    return term_figure(basis, yearly)


def term_figure_explanation(basis: TermBasis, yearly: Sequence[Decimal], entered: Decimal | None) -> str:
    """Vietnamese sentence saying how the term figure was obtained.

    E.g. "Bình quân tăng trưởng (trung bình nhân) 5 năm: 9,69%"; an entered figure wins
    and the computed one is quoted beside it.
    """
    basis = TermBasis(basis)
    count = len(yearly)
    computed = term_figure(basis, yearly)
    suffix = "%" if basis == TermBasis.GROWTH_MEAN else ""
    computed_text = ""
    if computed is not None:
        span = "" if basis == TermBasis.LATEST else f" {count} năm"
        computed_text = f"{_BASIS_LABELS[basis]}{span}: {format_number(computed)}{suffix}"
    if entered is not None:
        text = f"Ước thực hiện (nhập tay): {format_number(entered)}{suffix}"
        if computed_text:
            text += f", dùng thay cho số tính từ các năm ({computed_text})"
        return text
    if computed_text:
        return computed_text
    if count and basis == TermBasis.GROWTH_MEAN:
        return "Không tính được bình quân tăng trưởng: có năm giảm từ 100% trở lên"
    return "Chưa có số liệu năm nào"
