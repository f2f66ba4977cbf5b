"""The headline sentence every report opens with, in the documents' own style.

Plain typed functions, no database: the counts come from ``resolutions.verdicts.tally`` and the
numbers of the targets from the same rows, so the headline can never disagree with the table.
Documents write counts of targets under ten with a leading zero ("trong đó 09 chỉ tiêu vượt; còn 02
chỉ tiêu chưa đạt"); the "Có 14/16" ratio is written plain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from indicators.statuses import FORECAST, MET, NOT_MET, ON_TRACK, Status
from resolutions.verdicts import Row, forecast_as_of, numbers_by_status, tally

BEHIND = NOT_MET


@dataclass(frozen=True)
class Headline:
    """The headline sentence and the line for targets the rules could not judge yet.

    ``as_of``: the last year the forecasts cover when some statuses are forecasts ("tạm tính đến năm
    2026"), else None. ``check``: targets whose figure needs checking (counted neither met nor not).
    """

    sentence: str
    unjudged: str
    total: int
    met: int
    exceeded: int
    behind: int
    on_track: int = 0
    unlikely: int = 0
    check: int = 0
    as_of: int | None = None


def padded(count: int) -> str:
    """A count as the documents print it: two digits under ten ("02 chỉ tiêu chưa đạt")."""
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
    as_of: int | None = None,
) -> Headline:
    """The headline from counts by status, e.g.

    "Có 14/16 chỉ tiêu chủ yếu đạt và vượt; trong đó 09 chỉ tiêu vượt; còn 02 chỉ tiêu chưa đạt
    (chỉ tiêu số 7, 12)." ``numbers_by_status`` gives the targets' numbers (STT) per status, in
    document order, for the clauses that name them. Forecasts (Đã đạt, Có khả năng đạt, Khó đạt) get
    clauses of their own, headed "tạm tính đến năm ``as_of``"; a figure to check is named and counted
    neither as met nor as not met.
    """
    numbers_by_status = numbers_by_status or {}
    total = sum(counts.values())
    met = _sum(counts, MET)
    exceeded = counts.get(Status.EXCEEDED, 0)
    behind = _sum(counts, BEHIND)
    basically = counts.get(Status.BASICALLY, 0)
    secured = counts.get(Status.SECURED, 0)
    on_track = secured + counts.get(Status.LIKELY, 0)
    unlikely = counts.get(Status.UNLIKELY, 0)
    check = counts.get(Status.CHECK, 0)
    if total == 0:
        return Headline("Nghị quyết chưa có chỉ tiêu nào để đánh giá.", "", 0, 0, 0, 0)

    def named(statuses: Iterable[Status]) -> str:
        return _numbers([n for status in statuses for n in numbers_by_status.get(status, ())])

    final = met + behind + basically
    forecasts = _sum(counts, FORECAST)
    clauses: list[str] = []
    if final or not forecasts:
        clauses.append(f"Có {met}/{total} {noun} đạt và vượt" if final else f"Chưa có {noun} nào được đánh giá")
        if exceeded:
            clauses.append(f"trong đó {padded(exceeded)} chỉ tiêu vượt")
        if basically:
            clauses.append(f"{padded(basically)} chỉ tiêu cơ bản đạt{named([Status.BASICALLY])}")
        if behind:
            clauses.append(f"còn {padded(behind)} chỉ tiêu chưa đạt{named(BEHIND)}")
    if forecasts:
        when = f"tạm tính đến năm {as_of}" if as_of else "tạm tính"
        outlook = []
        if not final:
            outlook.append(f"{when[0].upper()}{when[1:]}, có {on_track}/{total} {noun} đã đạt hoặc có khả năng đạt")
            if secured:
                outlook.append(f"trong đó {padded(secured)} chỉ tiêu đã đạt{named([Status.SECURED])}")
            if unlikely:
                outlook.append(f"còn {padded(unlikely)} chỉ tiêu khó đạt{named([Status.UNLIKELY])}")
        else:
            if on_track:
                outlook.append(f"{padded(on_track)} chỉ tiêu đã đạt hoặc có khả năng đạt{named(ON_TRACK)}")
            if unlikely:
                outlook.append(f"{padded(unlikely)} chỉ tiêu khó đạt{named([Status.UNLIKELY])}")
            outlook[0] = f"{when}: {outlook[0]}"
        clauses.extend(outlook)
    if check:
        clauses.append(f"{padded(check)} chỉ tiêu cần kiểm tra số liệu{named([Status.CHECK])}")
    sentence = "; ".join(clauses) + "."

    parts = []
    for status, words in (
        (Status.NO_DATA, "chưa có số liệu"),
        (Status.INCOMPLETE, "chưa đủ số liệu"),
        (Status.PENDING, "chờ người đánh giá"),
    ):
        if counts.get(status, 0):
            parts.append(f"{padded(counts[status])} chỉ tiêu {words}{named([status])}")
    unjudged = ("Còn " + "; ".join(parts) + ".") if parts else ""
    return Headline(sentence, unjudged, total, met, exceeded, behind, on_track, unlikely, check, as_of)


def headline_for(rows: Sequence[Row]) -> Headline:
    """The headline of evaluated rows: counts from ``tally`` (the engine's one count), numbers from the same rows."""
    return build_headline(tally(rows), numbers_by_status(rows), as_of=forecast_as_of(rows))
