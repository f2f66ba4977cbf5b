"""Implausible figures ("Cần kiểm tra"): far off its references, and a likely slip explains it.

Plain typed functions, no Django, no database (DOMAIN.md "Evaluation rules", Cần kiểm tra). A figure
is implausible when it is more than ``FACTOR`` times, or under 1/``FACTOR`` of, its target or the same
target's figure for the previous year, **and** one of the usual slips brings it back in line:

- the separator moved by three places ("328,096" tỷ đồng where 328.096 is meant; "7.500" for 7,5 %);
- a unit a thousand times off (nghìn tỷ / tỷ đồng, triệu / nghìn USD);
- an index reported for a growth rate (107,5 with the previous year = 100, where growth 7,5 % is meant).

Far-off figures that no slip explains are real (growth 0,8 % against a 10 % target) and are judged
normally. Nothing here corrects a figure: the likely reading is offered to a person, who confirms the
figure as written (with a reason) or corrects it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from indicators.numbers import format_number, without_trailing_zeros
from indicators.text import fold_text

__all__ = [
    "FACTOR", "Plausibility", "Reference", "Slip", "SlipKind", "find_slip", "is_far_off",
    "could_be_index", "figure_could_be_index", "looks_like_growth_rate", "scalable_unit",
]

# More than ten times, or less than a tenth of, a reference.
FACTOR = Decimal(10)
THOUSAND = Decimal(1000)
INDEX_BASE = Decimal(100)
# An index "previous year = 100" lies in this band; outside it, a figure is not read as an index.
_INDEX_LOW, _INDEX_HIGH = Decimal(50), Decimal(200)


class SlipKind(StrEnum):
    SEPARATOR = "separator"  # a separator moved by three places
    UNIT = "unit"  # a unit a thousand times off
    INDEX = "index"  # an index (previous year = 100) reported for a growth rate


@dataclass(frozen=True)
class Reference:
    """A figure the result is compared with: the target's value, or the previous year's figure."""

    label: str  # "mục tiêu", "số liệu năm 2023"
    value: Decimal


@dataclass(frozen=True)
class Plausibility:
    """What, besides the target, tells whether a figure is plausible.

    ``previous``: the same target's figure a year earlier. ``unit``: the target's unit (a unit slip is
    only suspected for units written at several scales). ``growth_rate``: an index may stand for a
    growth rate. ``confirmed``: a person confirmed the figure as written; it is then never flagged.
    """

    previous: Reference | None = None
    unit: str = ""
    growth_rate: bool = False
    confirmed: bool = False


@dataclass(frozen=True)
class Slip:
    """Why a figure looks like a slip, and what was likely meant."""

    kind: SlipKind
    likely: Decimal
    reason: str  # Vietnamese, ready to show


def _ratio_off(value: Decimal, reference: Decimal) -> bool:
    """More than FACTOR times, or under 1/FACTOR of, ``reference`` (by magnitude)."""
    ratio = abs(value) / abs(reference)
    return ratio > FACTOR or ratio * FACTOR < 1


def is_far_off(value: Decimal, reference: Decimal | None) -> bool:
    """Whether ``value`` is more than 10× or under a tenth of ``reference``; zero is never far off.

    Zero is a real figure ("không còn hộ nghèo"), not a slip, and a zero reference has no scale.
    """
    if reference is None or reference == 0 or value == 0:
        return False
    return _ratio_off(value, reference)


def _in_line(value: Decimal, reference: Decimal) -> bool:
    return reference != 0 and value != 0 and not _ratio_off(value, reference)


_GROWTH_WORDS = ("tang truong", "toc do tang", "tang binh quan", "chi so san xuat")


def could_be_index(value: Decimal | None) -> bool:
    """Whether ``value`` could be an index (năm trước = 100) written for a growth rate: the only
    figures for which ``Plausibility.growth_rate`` matters."""
    return value is not None and _INDEX_LOW <= value <= _INDEX_HIGH


def figure_could_be_index(low: Decimal | None, high: Decimal | None) -> bool:
    """Whether a figure (its low or high end: the one judged) could be an index for a growth rate; only
    then does it matter whether its target measures a growth rate (a costlier question of its name)."""
    return could_be_index(low) or could_be_index(high)


def looks_like_growth_rate(name: str, unit: str, growth_basis: bool) -> bool:
    """Whether a target measures a growth rate in percent (so an index 107,5 may stand for 7,5 %).

    True for a term basis of mean growth, or a percentage whose name speaks of growth ("tốc độ
    tăng", "tăng trưởng"). A share or a rate of coverage ("tỷ lệ", "tỷ trọng") is not a growth rate.
    """
    if growth_basis:
        return True
    compact = unit.replace(" ", "").lower()
    if "%" not in compact or "%o" in compact or "‰" in compact:
        return False
    folded = fold_text(name)
    return any(word in folded for word in _GROWTH_WORDS)


# A decimal comma before exactly three digits ("328,096": 328.096 meant) or a thousands dot before
# exactly three digits ending the number ("7.500": 7,5 meant).
_COMMA_THREE_RE = re.compile(r"\d,\d{3}(?![\d.,])")
_DOT_THREE_RE = re.compile(r"\d\.\d{3}(?![\d.,])")


# Units commonly written at another scale (nghìn tỷ / tỷ đồng, triệu / nghìn USD, nghìn tấn / tấn):
# only these make "a unit a thousand times off" a likely slip. Counts (xã, người, %) have no such twin.
_SCALED_UNIT_WORDS = ("dong", "usd", "tan", "kwh", "m3", "ha", "luot", "nghin", "trieu", "ty")


def scalable_unit(unit: str) -> bool:
    """Whether ``unit`` is one that is also written a thousand times larger or smaller."""
    words = fold_text(unit).replace("/", " ").split()
    return any(word in _SCALED_UNIT_WORDS for word in words)


def _candidates(value: Decimal, text: str, unit: str, growth_rate: bool) -> list[tuple[SlipKind, Decimal, str]]:
    """Readings a slip would give, most specific first, each with a Vietnamese reason."""
    written = text.strip() or format_number(value)
    out: list[tuple[SlipKind, Decimal, str]] = []
    for likely, pattern, shown, swapped in (
        (value * THOUSAND, _COMMA_THREE_RE, "nhỏ hơn", "dấu phẩy thập phân thay cho dấu chấm hàng nghìn"),
        (value / THOUSAND, _DOT_THREE_RE, "lớn hơn", "dấu chấm hàng nghìn thay cho dấu phẩy thập phân"),
    ):
        likely = without_trailing_zeros(likely)
        # "26.750.000" against 25.000 tỷ: a figure grouped twice or more is no decimal slip ("26.750,000"
        # typed with dots); in a unit written at several scales it is the unit that is a thousand times off.
        grouped = shown == "lớn hơn" and written.count(".") > 1 and scalable_unit(unit)
        if pattern.search(written) and not grouped:
            out.append((
                SlipKind.SEPARATOR, likely,
                f"“{written}” có thể đã viết nhầm {swapped}; nhiều khả năng là {format_number(likely)}",
            ))
        elif scalable_unit(unit):
            out.append((
                SlipKind.UNIT, likely,
                f"“{written}” {shown} 1.000 lần, có thể ghi nhầm đơn vị (ví dụ nghìn tỷ và tỷ đồng); "
                f"nhiều khả năng là {format_number(likely)}",
            ))
    if growth_rate and could_be_index(value):
        likely = without_trailing_zeros(value - INDEX_BASE)
        out.append((
            SlipKind.INDEX, likely,
            f"“{written}” giống chỉ số phát triển (năm trước = 100) hơn là tốc độ tăng; "
            f"nhiều khả năng là tăng {format_number(likely)}%",
        ))
    return out


def find_slip(
    value: Decimal,
    text: str,
    references: Sequence[Reference],
    *,
    unit: str = "",
    growth_rate: bool = False,
) -> Slip | None:
    """The likely slip behind ``value`` (written as ``text``), or None when it is plausible.

    A slip is found when ``value`` is far off (``is_far_off``) at least one reference and one slip's
    reading is in line (within 10×) with every reference ``value`` is far off. References it is already
    in line with are not asked again: a previous year written the same wrong way (an index two years
    running) must not hide the slip. Contract: a figure within 10× of all references → None; a far-off
    figure that no slip brings back in line → None (it is judged as written).
    """
    far = [ref for ref in references if is_far_off(value, ref.value)]
    if not far:
        return None
    for kind, likely, reason in _candidates(value, text, unit, growth_rate):
        if all(_in_line(likely, ref.value) for ref in far):
            against = ", ".join(f"{ref.label} {format_number(ref.value)}" for ref in far)
            return Slip(kind, likely, f"Số liệu lệch hơn 10 lần so với {against}: {reason}")
    return None
