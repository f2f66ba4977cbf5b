"""Targets with sub-targets and no value of their own: judged from their judged parts only.

Plain typed functions, no Django, no database (DOMAIN.md "Evaluation rules"). The one rule every
page, headline and export uses for a parent target ("Cơ cấu kinh tế" with its three shares):

- every part has a verdict → the worst of them (a forecast if any part is one);
- a part has no figure, awaits a person, needs its figure checked or is itself incomplete →
  **Chưa đủ số liệu**, naming those parts (never a verdict from the other parts alone);
- no part has a figure at all → Chưa có số liệu.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indicators.evaluation import Verdict
from indicators.statuses import UNJUDGED, Status, severity

__all__ = ["Part", "judge_parent"]


@dataclass(frozen=True)
class Part:
    """A sub-target as the parent's explanation names it, with its effective status."""

    label: str  # "4.1 Tỷ trọng nông nghiệp" (number and a short name)
    status: Status
    as_of: int | None = None  # a forecast part: the last year its figures cover


def _listed(parts: Sequence[Part]) -> str:
    return "; ".join(f"{part.label}: {Status(part.status).label}" for part in parts)


def judge_parent(parts: Sequence[Part]) -> Verdict:
    """The verdict of a parent target from its parts (see the module docstring)."""
    if not parts:
        return Verdict(Status.NO_DATA, "parts", "Chỉ tiêu chưa có phần nào để đánh giá → Chưa có số liệu")
    statuses = [Status(part.status) for part in parts]
    if all(status == Status.NO_DATA for status in statuses):
        return Verdict(
            Status.NO_DATA, "parts", f"Chưa phần nào có số liệu ({_listed(parts)}) → {Status.NO_DATA.label}"
        )
    missing = [part for part in parts if Status(part.status) in UNJUDGED]
    if missing:
        return Verdict(
            Status.INCOMPLETE, "parts",
            f"Chưa đủ số liệu để đánh giá cả chỉ tiêu: {_listed(missing)} → {Status.INCOMPLETE.label}",
        )
    worst = min(statuses, key=severity)
    years = [part.as_of for part in parts if part.as_of is not None]
    as_of = max(years) if years else None
    explanation = f"Chỉ tiêu gồm {len(parts)} phần, lấy mức thấp nhất của các phần ({_listed(parts)}) → {worst.label}"
    if as_of is not None:
        explanation += f" (tạm tính đến năm {as_of})"
    return Verdict(worst, "parts", explanation, None, as_of=as_of)
