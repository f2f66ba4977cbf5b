"""Ratings of subordinate organisations (xếp loại chất lượng): counts, rates computed from them, checks.

Per committee and year, for each subject (grassroots party organisations, leadership collectives,
individual officials, party members): the total, how many were rated, and how many got each grade
(HTXSNV, HTTNV, HTNV, Không HTNV). Rates are always computed from counts (never typed), on the
number rated; a total row's rates come from summed counts, never from averaging rates. Counts that
do not add up are flagged, never "fixed": seed 001 writes 30/148 and 118/153 for the same
leadership collectives.

Plain functions, no Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from indicators.numbers import format_number

__all__ = [
    "GRADES", "Counts", "Grade", "Measure", "Share", "Subject", "format_rate", "problems", "rate", "roll_up",
    "share", "total",
]


class Subject(StrEnum):
    """Who is rated."""

    PARTY_ORGS = "party_orgs"
    COLLECTIVES = "collectives"
    OFFICIALS = "officials"
    PARTY_MEMBERS = "party_members"

    @property
    def label(self) -> str:
        return _SUBJECT_LABELS[self]

    @property
    def noun(self) -> str:
        """What one counted item is called in a sentence ("tổ chức cơ sở đảng", "tập thể", "cán bộ")."""
        return _SUBJECT_NOUNS[self]


_SUBJECT_LABELS = {
    Subject.PARTY_ORGS: "Tổ chức cơ sở đảng",
    Subject.COLLECTIVES: "Tập thể lãnh đạo, quản lý",
    Subject.OFFICIALS: "Cá nhân cán bộ lãnh đạo, quản lý",
    Subject.PARTY_MEMBERS: "Đảng viên",
}
_SUBJECT_NOUNS = {
    Subject.PARTY_ORGS: "tổ chức cơ sở đảng", Subject.COLLECTIVES: "tập thể",
    Subject.OFFICIALS: "cán bộ", Subject.PARTY_MEMBERS: "đảng viên",
}


class Grade(StrEnum):
    """The four quality grades, best first."""

    EXCELLENT = "excellent"
    GOOD = "good"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return _GRADE_LABELS[self][1]

    @property
    def short(self) -> str:
        return _GRADE_LABELS[self][0]


GRADES: tuple[Grade, ...] = (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.FAILED)
_GRADE_LABELS = {
    Grade.EXCELLENT: ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"),
    Grade.GOOD: ("HTTNV", "Hoàn thành tốt nhiệm vụ"),
    Grade.COMPLETED: ("HTNV", "Hoàn thành nhiệm vụ"),
    Grade.FAILED: ("Không HTNV", "Không hoàn thành nhiệm vụ"),
}


class Measure(StrEnum):
    """A share a target speaks of ("hoàn thành tốt nhiệm vụ trở lên")."""

    EXCELLENT = "excellent"
    GOOD = "good"
    GOOD_OR_BETTER = "good_or_better"
    COMPLETED_OR_BETTER = "completed_or_better"
    FAILED = "failed"

    @property
    def grades(self) -> tuple[Grade, ...]:
        return _MEASURE_GRADES[self]

    @property
    def label(self) -> str:
        return _MEASURE_LABELS[self]


_MEASURE_GRADES = {
    Measure.EXCELLENT: (Grade.EXCELLENT,),
    Measure.GOOD: (Grade.GOOD,),
    Measure.GOOD_OR_BETTER: (Grade.EXCELLENT, Grade.GOOD),
    Measure.COMPLETED_OR_BETTER: (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED),
    Measure.FAILED: (Grade.FAILED,),
}
_MEASURE_LABELS = {
    Measure.EXCELLENT: "hoàn thành xuất sắc nhiệm vụ",
    Measure.GOOD: "hoàn thành tốt nhiệm vụ",
    Measure.GOOD_OR_BETTER: "từ hoàn thành tốt nhiệm vụ trở lên",
    Measure.COMPLETED_OR_BETTER: "từ hoàn thành nhiệm vụ trở lên",
    Measure.FAILED: "không hoàn thành nhiệm vụ",
}


def _add(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


@dataclass(frozen=True)
class Counts:
    """One subject's counts; None where the figure is not known (an empty cell), 0 where it is zero."""

    total: int | None = None
    rated: int | None = None
    excellent: int | None = None
    good: int | None = None
    completed: int | None = None
    failed: int | None = None

    def grade(self, grade: Grade) -> int | None:
        return getattr(self, grade.value)

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    @property
    def graded(self) -> int | None:
        """The sum of the grades given (None when no grade is known)."""
        known = [self.grade(g) for g in GRADES if self.grade(g) is not None]
        return sum(known) if known else None  # type: ignore[arg-type]

    @property
    def base(self) -> int | None:
        """What rates are computed on: the number rated, else the total."""
        return self.rated if self.rated is not None else self.total

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: _add(getattr(self, f.name), getattr(other, f.name)) for f in fields(self)})


def total(items: Iterable[Counts]) -> Counts:
    """The sum of several committees' counts (a figure unknown everywhere stays unknown)."""
    out = Counts()
    for item in items:
        out = out + item
    return out


_ONE = Decimal("0.1")
_TWO = Decimal("0.01")


def rate(part: int | None, base: int | None) -> Decimal | None:
    """``part`` of ``base`` in percent: one decimal ("20,4"), two below 1% ("0,46"); None without a base."""
    if part is None or not base:
        return None
    value = Decimal(part) * 100 / Decimal(base)
    places = _TWO if 0 < value < 1 else _ONE
    return value.quantize(places, rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    """A rate the Vietnamese way: "20,4"; empty for None."""
    return format_number(value) if value is not None else ""


@dataclass(frozen=True)
class Share:
    """How many of the base have the grades a measure names, and the rate."""

    part: int | None
    base: int | None
    rate: Decimal | None


def share(counts: Counts, measure: Measure) -> Share:
    """The share of ``counts`` a measure names: "từ hoàn thành tốt nhiệm vụ trở lên" = (HTXSNV + HTTNV) / rated."""
    parts = [counts.grade(g) for g in measure.grades]
    part = None if all(p is None for p in parts) else sum(p or 0 for p in parts)
    return Share(part, counts.base, rate(part, counts.base))


def problems(counts: Counts, subject: Subject | None = None) -> list[str]:
    """What does not add up in ``counts`` (Vietnamese, one sentence each); empty when consistent."""
    noun = subject.noun if subject is not None else "đối tượng"
    out = []
    if counts.total is not None and counts.rated is not None and counts.rated > counts.total:
        out.append(f"Số được đánh giá, xếp loại ({counts.rated}) lớn hơn tổng số ({counts.total}).")
    graded, base = counts.graded, counts.base
    if graded is not None and base is not None:
        all_known = all(counts.grade(g) is not None for g in GRADES)
        if graded > base or (all_known and graded != base):
            terms = " + ".join(str(counts.grade(g) or 0) for g in GRADES)
            what = "số được đánh giá, xếp loại" if counts.rated is not None else "tổng số"
            out.append(f"Cộng các mức xếp loại ({terms} = {graded}) khác {what} ({base}): "
                       f"chênh {abs(base - graded)} {noun}.")
    return out


def roll_up(parents: Mapping[int, int | None], own: Mapping[int, Counts]) -> dict[int, Counts]:
    """Counts of each committee summed up the hierarchy.

    A committee with subordinates that have counts (own or rolled up) gets their sum; one without
    gets its own entry. ``parents`` maps committee id → parent id; ``own`` the entered counts.
    Committees with nothing anywhere below them are left out.
    """
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    out: dict[int, Counts] = {}

    def visit(pk: int, seen: frozenset[int]) -> Counts | None:
        if pk in out:
            return out[pk]
        below = [c for c in (visit(child, seen | {pk}) for child in children.get(pk, []) if child not in seen)
                 if c is not None]
        result = total(below) if below else own.get(pk)
        if result is not None and not result.is_empty:
            out[pk] = result
            return result
        return None

    for pk in parents:
        visit(pk, frozenset())
    return out
