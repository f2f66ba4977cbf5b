"""The baseline of a new term ("năm gốc 2025"): the previous term's last-year figure beside the new target.

The figure of the previous term's last year is the baseline: the year's own result (official, else
the estimate), or, for a level reached by the end of the term (term basis "latest"), the term's
result, which is that level. A term average or a cumulative total is not a last-year figure and is
never used as one (the note says so). After a merger a new target continues several committees'
targets: each is shown, and counts and amounts (not rates, averages or figures per head) are added.

Plain functions, no Django, no database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.cascade import is_count_unit, same_unit
from indicators.expressions import Expression
from indicators.numbers import format_number

__all__ = [
    "Baseline", "BaselinePart", "PreviousFigure", "addable_across_merger", "baseline", "baseline_part", "is_amount_unit",
]

_AMOUNT_UNITS = ("tỷ đồng", "triệu đồng", "nghìn tỷ đồng", "nghìn đồng", "đồng", "triệu usd", "tỷ usd", "usd",
                 "ha", "héc-ta", "tấn", "km", "m2", "m²")
# Names of figures that are rates, shares, averages or per head even when their unit is money ("GRDP bình
# quân đầu người", triệu đồng): never added across a merger.
_NOT_ADDABLE_WORDS = ("bình quân", "đầu người", "trung bình", "tỷ lệ", "tỷ trọng", "tốc độ", "chỉ số", "cơ cấu")
_BASIS_WORDS = {"sum": "lũy kế cả kỳ", "mean": "bình quân cả kỳ", "growth_mean": "bình quân tăng trưởng cả kỳ"}


def is_amount_unit(unit: str) -> bool:
    """Absolute amounts that add up across a merger (money, area, weight); never amounts per head."""
    folded = " ".join(unicodedata.normalize("NFC", unit or "").lower().split())
    return "/" not in folded and folded in _AMOUNT_UNITS


@dataclass(frozen=True)
class PreviousFigure:
    """A previous term's target with the figures the baseline may come from."""

    committee: str
    unit: str
    basis: str  # latest | sum | mean | growth_mean
    year: int  # the previous term's last year
    year_figure: Expression | None = None
    year_estimate: bool = False
    term_figure: Expression | None = None
    term_estimate: bool = False


@dataclass(frozen=True)
class BaselinePart:
    """One committee's baseline: the figure as written, its value, where it comes from, or why there is none."""

    committee: str
    text: str
    value: Decimal | None
    source: str
    note: str = ""


def baseline_part(previous: PreviousFigure) -> BaselinePart:
    """The last-year figure of one previous target (see the module docstring for the rule)."""
    year = previous.year
    figure = previous.year_figure
    if figure is not None and figure.is_numeric:
        source = f"Năm {year}" + (" (ước)" if previous.year_estimate else "")
        return BaselinePart(previous.committee, figure.text, figure.value, source)
    term = previous.term_figure
    if term is not None and term.is_numeric and previous.basis == "latest":
        source = f"Kết quả cả nhiệm kỳ (mức năm {year})" + (" (ước)" if previous.term_estimate else "")
        return BaselinePart(previous.committee, term.text, term.value, source)
    if term is not None and term.is_numeric:
        how = _BASIS_WORDS.get(previous.basis, previous.basis)
        return BaselinePart(previous.committee, "", None, "",
                            f"Nhiệm kỳ trước không có số liệu năm {year}; kết quả {how} ({term.text}) "
                            "không phải số liệu năm cuối.")
    return BaselinePart(previous.committee, "", None, "", f"Nhiệm kỳ trước chưa có số liệu năm {year}.")


@dataclass(frozen=True)
class Baseline:
    """A new target's baseline: one part per previous target, and their sum when it means something."""

    year: int
    parts: tuple[BaselinePart, ...]
    combined: Decimal | None = None

    @property
    def text(self) -> str:
        """What the table cell shows: the figure, or the parts named (and their sum) after a merger."""
        found = [p for p in self.parts if p.value is not None]
        if len(self.parts) == 1:
            return found[0].text if found else ""
        shown = "; ".join(f"{p.committee}: {p.text}" for p in found)
        if self.combined is not None:
            return f"{format_number(self.combined)} ({shown})"
        return shown

    @property
    def notes(self) -> list[str]:
        """Where each figure comes from, and why a part has none."""
        out = []
        for p in self.parts:
            prefix = f"{p.committee}: " if len(self.parts) > 1 else ""
            out.append(f"{prefix}{p.source}" if p.value is not None else f"{prefix}{p.note}")
        return out


def addable_across_merger(name: str, unit: str) -> bool:
    """Whether merged committees' figures add up: counts and absolute amounts, unless the name says the
    figure is a rate, a share, an average or per head."""
    folded = unicodedata.normalize("NFC", name or "").lower()
    if any(word in folded for word in _NOT_ADDABLE_WORDS):
        return False
    return is_count_unit(unit) or is_amount_unit(unit)


def baseline(previous: Sequence[PreviousFigure], unit: str, name: str = "") -> Baseline | None:
    """The baseline of a new target (``name``, ``unit``) from the previous targets it continues; None when
    it continues none.

    Several parts (a merger) are added only when every part has a figure, all share ``unit``, and the
    figure adds up (``addable_across_merger``).
    """
    if not previous:
        return None
    parts = tuple(baseline_part(p) for p in previous)
    combined = None
    addable = addable_across_merger(name, unit)
    if len(parts) > 1 and addable and all(p.value is not None for p in parts) and all(
        same_unit(p.unit, unit) for p in previous
    ):
        combined = sum((p.value for p in parts), Decimal(0))  # type: ignore[misc]
    return Baseline(previous[0].year, parts, combined)
