"""Vietnamese number reading and formatting — the only place in the project that does this.

Vietnamese documents write "." to group thousands and "," as the decimal mark
("1.600", "7,5", "44.923", "1.234,5"). Values are always ``Decimal``, never floats.
Nothing here guesses: a text that does not follow the format is refused with a
Vietnamese message, so a person can look at it.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from indicators.text import visible

__all__ = [
    "MAX_INTEGER_DIGITS",
    "NumberFormatError",
    "ambiguous_grouping",
    "format_number",
    "parse_number",
    "to_decimal_or_none",
    "without_trailing_zeros",
]

# Largest figure in the seeds is ~1.100.000 (tỷ đồng); 15 digits is far beyond any
# real indicator and still exact in every downstream store.
MAX_INTEGER_DIGITS = 15

# Thousands grouped with ".", optional decimal part after ",": "1.234.567,89".
_GROUPED = re.compile(r"^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$")
# No grouping: "1234", "7,5", "0,35".
_PLAIN = re.compile(r"^(\d+)(?:,(\d+))?$")
# One separator followed by exactly three digits, e.g. "1.234" or "328,096".
_AMBIGUOUS = re.compile(r"^[+\-−]?[1-9]\d{0,2}[.,]\d{3}$")
_NUMBER_TOKEN = re.compile(r"[+\-−]?\d(?:[\d.,]*\d)?")
# Every kind of space a copied Word/Excel cell may carry.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200b]+")


class NumberFormatError(ValueError):
    """A text that is not a number in Vietnamese format; ``str()`` is a Vietnamese message."""

    def __init__(self, text: str, reason: str = "") -> None:
        self.text = text
        self.reason = reason
        message = f"Không đọc được số '{text}'"
        if reason:
            message = f"{message} — {reason}"
        super().__init__(message)


def _check_digits(value: Decimal, shown: str) -> Decimal:
    """Refuse non-finite values and more than MAX_INTEGER_DIGITS integer digits."""
    if not value.is_finite():
        raise NumberFormatError(shown, "không phải là một số hữu hạn")
    integer_digits = max(value.adjusted() + 1, 0) if value != 0 else 0
    if integer_digits > MAX_INTEGER_DIGITS:
        raise NumberFormatError(shown, f"số quá lớn (hơn {MAX_INTEGER_DIGITS} chữ số phần nguyên)")
    return value


def parse_number(value: str | int | float | Decimal) -> Decimal:
    """Read one number written the Vietnamese way, or a numeric Excel cell.

    Contract: "1.600" -> 1600, "7,5" -> 7.5, "1.234,5" -> 1234.5, "328,096" -> 328.096
    (a comma is always the decimal mark), "-3,2" -> -3.2, "+5" -> 5. Spaces (also
    non-breaking) are removed. int/float go through ``str(float)`` so 0.1 stays 0.1.
    Raises ``NumberFormatError`` for "", letters, "1,2,3", bad grouping "1.23.4",
    NaN/infinity and figures with more than 15 integer digits.
    """
    if isinstance(value, bool):
        # bool is an int subclass; a True/False cell is never a figure.
        raise NumberFormatError(str(value), "không phải là số")
    if isinstance(value, Decimal):
        return _check_digits(value, str(value))
    if isinstance(value, int):
        return _check_digits(Decimal(value), str(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise NumberFormatError(str(value), "không phải là một số hữu hạn")
        # repr of a float is the shortest text that round-trips: 0.1 -> "0.1", not 0.1000000000000000055…
        return _check_digits(Decimal(str(value)), str(value))
    if not isinstance(value, str):
        raise NumberFormatError(str(value), "không phải là số")

    shown = value.strip()
    text = _SPACES.sub("", visible(value))
    if not text:
        raise NumberFormatError(shown, "ô trống")
    sign = ""
    if text[0] in "+-−":
        sign = "-" if text[0] in "-−" else ""
        text = text[1:]
    if not text:
        raise NumberFormatError(shown, "chỉ có dấu, không có chữ số")
    match = _GROUPED.match(text) or _PLAIN.match(text)
    if match is None:
        raise NumberFormatError(shown, _reason(text))
    integer = match.group(1).replace(".", "")
    fraction = match.group(2) or ""
    if len(integer.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise NumberFormatError(shown, f"số quá lớn (hơn {MAX_INTEGER_DIGITS} chữ số phần nguyên)")
    digits = f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}"
    return Decimal(digits)


def _reason(text: str) -> str:
    """Explain in Vietnamese why ``text`` (sign removed) is not a Vietnamese number."""
    if re.search(r"[^\d.,]", text):
        return "có ký tự không phải chữ số"
    if text.count(",") > 1:
        return "có nhiều hơn một dấu phẩy"
    if "," in text and "." in text.split(",", 1)[1]:
        return "dấu chấm nghìn đứng sau dấu phẩy thập phân"
    if text[0] in ".," or text[-1] in ".,":
        return "dấu phân cách ở đầu hoặc cuối số"
    return "nhóm nghìn sai (dấu chấm phải tách đúng từng nhóm 3 chữ số)"


def format_number(value: Decimal | None, places: int | None = None) -> str:
    """Write a Decimal the Vietnamese way: Decimal("-1234.5") -> "-1.234,5"; None -> "".

    ``places=None`` keeps the value's own significant decimals (trailing zeros dropped,
    never exponent notation: Decimal("1E+3") -> "1.000"); otherwise rounds half-up to
    exactly ``places`` decimals. ``parse_number(format_number(x)) == x`` for finite x.
    """
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = parse_number(value)
    if not value.is_finite():
        raise NumberFormatError(str(value), "không phải là một số hữu hạn")
    if places is None:
        # "f" writes every digit as it is (never rounds, never an exponent: 1E+3 -> "1000"); only
        # trailing zeros of the decimals are dropped. No decimal context needed: verdict texts
        # format thousands of figures per table.
        plain = format(value.copy_abs(), "f")  # copy_abs, unlike abs(), never rounds either
        if "." in plain:
            plain = plain.rstrip("0").rstrip(".")
    else:
        with localcontext() as ctx:
            # Enough precision that quantize never fails on a 15-digit figure with decimals.
            ctx.prec = max(60, len(value.as_tuple().digits) + 30)
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            plain = format(abs(value), "f")
    integer, _, fraction = plain.partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    negative = value < 0 or (value.is_signed() and value != 0)
    text = f"{grouped},{fraction}" if fraction else grouped
    return f"-{text}" if negative else text


def ambiguous_grouping(text: str) -> bool:
    """True when a number in ``text`` has one separator followed by exactly three digits.

    "1.234" (1234 or 1,234?) and "328,096" (328,096 or 328.096?) could be read either
    way by someone used to another convention; data entry refuses them for percentages.
    "1.234,5", "1.234.567", "0,125" and "7,5" are not ambiguous.
    """
    if not isinstance(text, str):
        return False
    compact = _SPACES.sub("", text)
    return any(_AMBIGUOUS.match(token) for token in _NUMBER_TOKEN.findall(compact))


def to_decimal_or_none(value: str | int | float | Decimal | None) -> Decimal | None:
    """``parse_number`` that returns None for an empty cell or an unreadable figure."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_number(value)
    except (NumberFormatError, InvalidOperation):
        return None


def without_trailing_zeros(value: Decimal) -> Decimal:
    """The figure without the zeros a computation or the database's scale added, never in exponent
    form: 328,096 × 1.000 → 328096 (not 328096,000), a stored 125,000000 → 125, 1,250000 → 1,25."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
