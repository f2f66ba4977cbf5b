"""Reading a target or result text ("7,5-8", "trên 9,5", "1/3", "Trên 70% (20%)") into an Expression.

Plain typed functions, no Django, no database. Numbers are read and written only through
``indicators.numbers``. Reading never guesses: a text that looks numeric but is malformed ("1,2,3",
"5-", "8-7,5") becomes ``Kind.UNREADABLE`` with a Vietnamese reason, kept for a person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

from indicators.numbers import NumberFormatError, format_number, parse_number
from indicators.text import visible

__all__ = [
    "FRACTION_QUANTUM",
    "Expression",
    "Kind",
    "norm_unit",
    "parse_expression",
    "parse_text",
]


class Kind(StrEnum):
    """Shape of a target or result text."""

    POINT = "point"
    LOWER = "lower"  # lower bound: "trên 9,5", "> 70", "80 trở lên"
    UPPER = "upper"  # upper bound: "dưới 1%", "< 1", "không quá 2"
    RANGE = "range"  # "7,5-8", "3-4 lượt"
    QUALITATIVE = "qualitative"  # words, judged by a person
    EMPTY = "empty"  # "", "-", "–", "…"
    UNREADABLE = "unreadable"  # looks numeric but is malformed; never guessed


_NUMERIC_KINDS = frozenset({Kind.POINT, Kind.LOWER, Kind.UPPER, Kind.RANGE})
# A stored kind to its member by a dict lookup: calling the enum costs more than the rest of
# rebuilding an expression, which every verdict does for its target and its figure.
_KINDS: dict[str, Kind] = {kind.value: kind for kind in Kind}
# Fractions ("1/3") are compared by their value at this precision.
FRACTION_QUANTUM = Decimal("0.000001")


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
    text = unicodedata.normalize("NFC", visible(text))
    text = re.sub(r"[\u00a0\u202f\u2007\u2009\u200b]", " ", text)
    return " ".join(text.split())


# Thousands grouped by spaces, as some offices type them ("1 600", "12 345,5"): groups of exactly three
# digits after the first, not inside another number. "1 6000" or "2020 2025" are no such grouping.
_SPACE_GROUPS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.])")


def _join_space_groups(text: str) -> str:
    """Space-grouped thousands written with the Vietnamese dot instead: "1 600" → "1.600"."""
    return _SPACE_GROUPS_RE.sub(lambda m: m.group(0).replace(" ", "."), text)


def norm_unit(unit: str) -> str:
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
    return norm_unit(rest)


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
            FRACTION_QUANTUM, rounding=ROUND_HALF_UP
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
    unit_low = norm_unit(separated.group("unit"))
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
        main, sub = _join_space_groups(whole), None
        paren = _PAREN_RE.match(main)
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
