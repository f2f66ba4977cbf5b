"""Plausibility of an entered figure: warnings a person must confirm, and ambiguous texts refused.

Plain typed functions, no Django, no database. Real reports carry unit and separator slips
("328,096" tỷ đồng where 328.096 is meant); data entry flags such figures and asks the official to
confirm them. It never corrects them.
"""

from __future__ import annotations

from decimal import Decimal

from indicators.numbers import ambiguous_token, format_number

__all__ = ["FACTOR", "ambiguity_error", "is_percentage", "plausibility_warnings"]

# More than ten times, or less than a tenth of, a reference figure is likely a unit or separator slip.
FACTOR = Decimal(10)


def is_percentage(unit: str) -> bool:
    """Whether a unit is a percentage ("%", "% GRDP"); per mille ("‰", "%o") is not."""
    compact = unit.replace(" ", "").lower()
    return "%" in compact and "%o" not in compact and "‰" not in compact


def ambiguity_error(text: str, unit: str) -> str | None:
    """A short Vietnamese refusal when ``text`` could be read two ways for a percentage, else None.

    "1.234" is 1234 in Vietnamese writing but 1,234 for someone used to English writing; for a
    percentage either reading could be the intended one, so the figure is refused, never guessed.
    The message shows both readings of the person's own number and how to write each one
    ("1.234" → "1234", or "1,2340" for the decimal: a fourth decimal digit makes it unambiguous).
    """
    token = ambiguous_token(text) if is_percentage(unit) else None
    if token is None:
        return None
    sign = token[0] if token[0] in "+-−" else ""
    head, tail = token.lstrip("+-−").replace(",", ".").split(".")
    whole, decimal = f"{sign}{head}{tail}", f"{sign}{head},{tail}"
    return f"số '{token}' không rõ là {whole} hay {decimal} — hãy viết {whole}, hoặc {decimal}0 nếu là số thập phân"


def _ratio_warning(value: Decimal, reference: Decimal | None, label: str) -> str | None:
    """A warning when ``value`` is more than FACTOR times or less than 1/FACTOR of ``reference``."""
    if reference is None or reference == 0 or value == 0:
        # Zero is a real figure ("không còn hộ nghèo"), not a separator slip.
        return None
    ratio = abs(value) / abs(reference)
    if ratio > FACTOR:
        return (
            f"Số liệu {format_number(value)} lớn hơn {format_number(FACTOR)} lần {label} "
            f"({format_number(reference)}): có thể nhầm đơn vị hoặc dấu phân cách."
        )
    if ratio * FACTOR < 1:
        return (
            f"Số liệu {format_number(value)} nhỏ hơn một phần {format_number(FACTOR)} {label} "
            f"({format_number(reference)}): có thể nhầm đơn vị hoặc dấu phân cách."
        )
    return None


def plausibility_warnings(
    value: Decimal,
    *,
    unit: str,
    target: Decimal | None = None,
    previous: Decimal | None = None,
    previous_label: str = "năm trước",
) -> list[str]:
    """Warnings (Vietnamese) about a figure that is probably a slip; empty when it looks plausible.

    - a percentage outside 0-100;
    - more than 10× or less than a tenth of the target, or of the previous period's figure.
    """
    warnings: list[str] = []
    if is_percentage(unit) and not (Decimal(0) <= value <= Decimal(100)):
        warnings.append(f"Tỷ lệ {format_number(value)}% nằm ngoài khoảng 0-100%.")
    for reference, label in ((target, "mục tiêu"), (previous, f"số liệu {previous_label}")):
        warning = _ratio_warning(value, reference, label)
        if warning:
            warnings.append(warning)
    return warnings
