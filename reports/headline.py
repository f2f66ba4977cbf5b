"""The headline sentence every report opens with, in the documents' own style.

Plain typed functions, no database: the counts come from ``resolutions.verdicts.tally`` and the
numbers of the targets from the same rows, so the headline can never disagree with the table.
Documents write counts under ten with a leading zero after "còn" ("còn 02 chỉ tiêu chưa đạt")
and without it elsewhere ("trong đó 9 chỉ tiêu vượt").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from indicators.evaluation import MET, NOT_MET, UNJUDGED, Status
from resolutions.verdicts import Row, numbers_by_status, tally

BEHIND = NOT_MET


@dataclass(frozen=True)
class Headline:
    """The headline sentence and the line for targets the rules could not judge yet."""

    sentence: str
    unjudged: str
    total: int
    met: int
    exceeded: int
    behind: int


def padded(count: int) -> str:
    """A count as the documents print it after "còn": two digits under ten ("02")."""
    return f"{count:02d}" if 0 <= count < 10 else str(count)


def _numbers(numbers: Sequence[str]) -> str:
    """" (chỉ tiêu số 7, 12)" or "" when the numbers are unknown."""
    shown = [n for n in numbers if n]
    return f" (chỉ tiêu số {', '.join(shown)})" if shown else ""


def _sum(counts: Mapping[Status, int], statuses: Iterable[Status]) -> int:
    return sum(counts.get(status, 0) for status in statuses)


def build_headline(
    counts: Mapping[Status, int],
    numbers_by_status: Mapping[Status, Sequence[str]] | None = None,
    noun: str = "chỉ tiêu chủ yếu",
) -> Headline:
    """The headline from counts by status, e.g.

    "Có 14/16 chỉ tiêu chủ yếu đạt và vượt; trong đó 9 chỉ tiêu vượt; còn 02 chỉ tiêu chưa đạt
    (chỉ tiêu số 7, 12)." ``numbers_by_status`` gives the targets' numbers (STT) per status, in
    document order, for the clauses that name them.
    """
    numbers_by_status = numbers_by_status or {}
    total = sum(counts.values())
    met = _sum(counts, MET)
    exceeded = counts.get(Status.EXCEEDED, 0)
    behind = _sum(counts, BEHIND)
    if total == 0:
        return Headline("Nghị quyết chưa có chỉ tiêu nào để đánh giá.", "", 0, 0, 0, 0)

    def named(statuses: Iterable[Status]) -> list[str]:
        return [n for status in statuses for n in numbers_by_status.get(status, ())]

    judged = total - _sum(counts, UNJUDGED)
    clauses = [f"Có {met}/{total} {noun} đạt và vượt"] if judged else [f"Chưa có {noun} nào được đánh giá"]
    if exceeded:
        clauses.append(f"trong đó {exceeded} chỉ tiêu vượt")
    basically = counts.get(Status.BASICALLY, 0)
    if basically:
        clauses.append(f"{padded(basically)} chỉ tiêu cơ bản đạt{_numbers(named([Status.BASICALLY]))}")
    remaining = []
    if behind:
        remaining.append(f"{padded(behind)} chỉ tiêu chưa đạt{_numbers(named(BEHIND))}")
    unlikely = counts.get(Status.UNLIKELY, 0)
    if unlikely:
        remaining.append(f"{padded(unlikely)} chỉ tiêu khó đạt{_numbers(named([Status.UNLIKELY]))}")
    if remaining:
        clauses.append("còn " + ", ".join(remaining))
    sentence = "; ".join(clauses) + "."

    parts = []
    no_data = counts.get(Status.NO_DATA, 0)
    if no_data:
        parts.append(f"{padded(no_data)} chỉ tiêu chưa có số liệu{_numbers(named([Status.NO_DATA]))}")
    pending = counts.get(Status.PENDING, 0)
    if pending:
        parts.append(f"{padded(pending)} chỉ tiêu chờ người đánh giá{_numbers(named([Status.PENDING]))}")
    unjudged = ("Còn " + "; ".join(parts) + ".") if parts else ""
    return Headline(sentence, unjudged, total, met, exceeded, behind)


def headline_for(rows: Sequence[Row]) -> Headline:
    """The headline of evaluated rows: counts from ``tally`` (the engine's one count), numbers from the same rows."""
    return build_headline(tally(rows), numbers_by_status(rows))
