"""Targets that cascade: when subordinates' figures may be summed, and the gap to the committee's own.

A district target may serve the province target above it. For count indicators (new-countryside
communes, national-standard schools, new party members) the province's page shows the sum of its
districts' targets and figures beside its own and flags any gap. Rates, averages, growth, money per
head and indices are never summed; neither are counts measured differently (a 5-year total against
a yearly average).

Plain functions, no Django, no database. Figures are Decimals; texts are Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.expressions import Expression, Kind
from indicators.numbers import format_number

__all__ = ["Part", "RollUp", "is_count_unit", "roll_up", "same_unit"]

# Nouns that count things (units as the documents write them; folded to lower case, NFC).
_COUNT_NOUNS = (
    "xã", "phường", "thị trấn", "huyện", "trường", "đảng viên", "chi bộ", "đảng bộ", "tổ chức", "hộ",
    "người", "lao động", "công trình", "mô hình", "làng", "thôn", "khu", "cơ sở", "doanh nghiệp",
    "hợp tác xã", "lượt", "dự án", "cụm", "nhà", "trạm", "điểm", "câu lạc bộ",
)


def _fold(unit: str) -> str:
    unit = unicodedata.normalize("NFC", unit or "").lower()
    unit = re.sub(r"\s*/\s*", "/", unit)  # "đảng viên /năm" → "đảng viên/năm"
    return " ".join(unit.split()).strip(" .;:")


def same_unit(a: str, b: str) -> bool:
    """Units equal once case, spaces and spaces around "/" are ignored ("đảng viên /năm" = "Đảng viên/năm")."""
    return _fold(a) == _fold(b)


def is_count_unit(unit: str) -> bool:
    """Whether a unit counts things, so subordinates' figures add up: "xã", "trường", "đảng viên/năm".

    Not counts: "%", "‰", money ("tỷ đồng"), per head or per 10.000 people ("bác sỹ/vạn dân"), years of age.
    """
    folded = _fold(unit)
    if not folded or "%" in folded or "‰" in folded or "tỷ lệ" in folded:
        return False
    base, _, per = folded.partition("/")
    if per and per != "năm":
        return False
    return any(base == noun or base.startswith(noun + " ") for noun in _COUNT_NOUNS)


@dataclass(frozen=True)
class Part:
    """A committee's target on the indicator: who, its unit, how its term figure is made, target and figure."""

    name: str
    unit: str
    basis: str
    target: Expression
    figure: Decimal | None


@dataclass
class RollUp:
    """The subordinates' sums beside the committee's own target and figure, and what does not add up."""

    summable: bool
    reason: str = ""
    target_sum: tuple[Decimal, Decimal] | None = None  # (low, high); equal for point targets
    figure_sum: Decimal | None = None
    with_figures: int = 0
    parts: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def target_sum_text(self) -> str:
        if self.target_sum is None:
            return ""
        low, high = self.target_sum
        return format_number(low) if low == high else f"{format_number(low)} - {format_number(high)}"


def _bounds(expr: Expression) -> tuple[Decimal, Decimal] | None:
    """A target's (low, high) for summing: points and lower bounds by their value, ranges by both ends."""
    if expr.kind in (Kind.POINT, Kind.LOWER) and expr.value is not None:
        return expr.value, expr.value
    if expr.kind == Kind.RANGE and expr.low is not None and expr.high is not None:
        return expr.low, expr.high
    return None


_BASIS_WORDS = {"latest": "mức năm cuối", "sum": "lũy kế cả kỳ", "mean": "bình quân năm",
                "growth_mean": "bình quân tăng trưởng"}


def _difference(own: Decimal, total: Decimal, noun: str, owner: str) -> str | None:
    """"Tổng chỉ tiêu các đảng bộ cấp dưới (240) thấp hơn chỉ tiêu của tỉnh (250): chênh 10." or None when equal."""
    gap = own - total
    if gap == 0:
        return None
    side = "thấp hơn" if gap > 0 else "cao hơn"
    return (f"Tổng {noun} các đảng bộ cấp dưới ({format_number(total)}) {side} {noun} của {owner} "
            f"({format_number(own)}): chênh {format_number(abs(gap))}.")


def roll_up(own: Part, parts: Sequence[Part], owner: str = "cấp trên") -> RollUp:
    """Sum the subordinates' targets and figures when they add up, and flag every gap to ``own``.

    Summable only when ``own`` and every part count the same thing (``is_count_unit``, ``same_unit``)
    measured the same way (same term basis). A missing figure is flagged (the sum covers fewer
    subordinates); a part whose target has no figure leaves the target sum out.
    """
    result = RollUp(summable=False, parts=len(parts))
    if not parts:
        result.reason = "Chưa có chỉ tiêu cấp dưới nào liên kết với chỉ tiêu này."
        return result
    if not is_count_unit(own.unit):
        result.reason = (f"Đơn vị '{own.unit or '(không ghi)'}' không phải số đếm: không cộng số liệu các đảng bộ "
                         "cấp dưới; mỗi đảng bộ được so với chỉ tiêu của chính mình.")
        return result
    for part in parts:
        if not same_unit(part.unit, own.unit):
            result.reason = (f"{part.name} tính theo '{part.unit or '(không ghi)'}', khác '{own.unit}': không cộng được.")
            return result
        if part.basis != own.basis:
            result.reason = (f"{part.name} tính {_BASIS_WORDS.get(part.basis, part.basis)}, {owner} tính "
                             f"{_BASIS_WORDS.get(own.basis, own.basis)}: không cộng được.")
            return result
    result.summable = True
    bounds = [_bounds(p.target) for p in parts]
    if all(b is not None for b in bounds):
        result.target_sum = (sum((b[0] for b in bounds), Decimal(0)),  # type: ignore[index]
                             sum((b[1] for b in bounds), Decimal(0)))  # type: ignore[index]
    else:
        missing = ", ".join(p.name for p, b in zip(parts, bounds, strict=True) if b is None)
        result.flags.append(f"Không cộng được chỉ tiêu: {missing} không có mục tiêu bằng số.")
    figures = [p.figure for p in parts if p.figure is not None]
    result.with_figures = len(figures)
    if figures:
        result.figure_sum = sum(figures, Decimal(0))
    if len(figures) < len(parts):
        absent = ", ".join(p.name for p in parts if p.figure is None)
        result.flags.append(f"Tổng số liệu mới gồm {len(figures)}/{len(parts)} đảng bộ cấp dưới; chưa có số liệu: {absent}.")
    own_bounds = _bounds(own.target)
    if own_bounds is not None and result.target_sum is not None:
        gap = _difference(own_bounds[0], result.target_sum[0], "chỉ tiêu", owner)
        if gap:
            result.flags.append(gap)
    if own.figure is not None and result.figure_sum is not None:
        gap = _difference(own.figure, result.figure_sum, "số liệu", owner)
        if gap:
            result.flags.append(gap)
    return result
