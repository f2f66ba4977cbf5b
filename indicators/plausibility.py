"""Plausibility of an entered figure: warnings a person must confirm, and ambiguous texts refused.

Plain typed functions, no Django, no database. Real reports carry unit and separator slips
("328,096" tỷ đồng where 328.096 is meant); data entry flags such figures and asks the official to
confirm them. It never corrects them.
"""

from __future__ import annotations

from decimal import Decimal

from indicators.numbers import ambiguous_grouping, format_number

__all__ = ["FACTOR", "ambiguity_error", "is_percentage", "plausibility_warnings"]

# More than ten times, or less than a tenth of, a reference figure is likely a unit or separator slip.
FACTOR = Decimal(10)


def is_percentage(unit: str) -> bool:
    """Whether a unit is a percentage ("%", "% GRDP"); per mille ("‰", "%o") is not."""
    compact = unit.replace(" ", "").lower()
    return "%" in compact and "%o" not in compact and "‰" not in compact


def ambiguity_error(text: str, unit: str) -> str | None:
    """A Vietnamese refusal when ``text`` could be read two ways for a percentage, else None.

    "1.234" is 1234 in Vietnamese writing but 1,234 for someone used to English writing; for a
    percentage either reading could be the intended one, so the figure is refused, never guessed.
    """
    if not is_percentage(unit) or not ambiguous_grouping(text):
        return None
    return (
        f"Số '{text.strip()}' không rõ nghĩa với chỉ tiêu tính bằng %: một dấu phân cách đứng trước "
        "đúng 3 chữ số có thể là phân cách hàng nghìn hoặc dấu thập phân. Hãy viết rõ: dùng dấu phẩy "
        "cho phần thập phân và thêm chữ số 0 (ví dụ 1,2340), hoặc viết số nguyên không có dấu chấm (1234)."
    )


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
