"""Verdict statuses: the words, their order from worst to best, their groups, and reading a document's."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

__all__ = [
    "FORECAST",
    "MET",
    "NOT_MET",
    "ON_TRACK",
    "PERSON_VERDICTS",
    "STATUS_ORDER",
    "UNJUDGED",
    "Status",
    "parse_status",
    "same_judgement",
    "severity",
]


class Status(StrEnum):
    """Degree of completion of a target (Đánh giá mức độ hoàn thành)."""

    EXCEEDED = "vuot"
    ACHIEVED = "dat"
    BASICALLY = "co_ban_dat"
    NOT_ACHIEVED = "chua_dat"
    FAILED = "khong_dat"  # end-of-term "Không đạt" as reported by documents
    # Forecasts for a term still running (indicators.forecast): labelled as such on screen.
    SECURED = "da_dat"  # forecast "Đã đạt": a cumulative target already reached, cannot be undone
    LIKELY = "co_kha_nang_dat"  # forecast "Có khả năng đạt"
    UNLIKELY = "kho_dat"  # forecast "Khó đạt"
    CHECK = "can_kiem_tra"  # implausible figure a likely slip explains (indicators.implausible)
    PENDING = "chua_danh_gia"  # qualitative (or unreadable), no person's verdict yet
    INCOMPLETE = "chua_du_so_lieu"  # a parent target some of whose parts have no verdict
    NO_DATA = "chua_co_so_lieu"

    @property
    def label(self) -> str:
        """The Vietnamese words shown on screen and in exported tables."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[Status, str] = {
    Status.EXCEEDED: "Vượt",
    Status.ACHIEVED: "Đạt",
    Status.BASICALLY: "Cơ bản đạt",
    Status.NOT_ACHIEVED: "Chưa đạt",
    Status.FAILED: "Không đạt",
    Status.SECURED: "Đã đạt",
    Status.LIKELY: "Có khả năng đạt",
    Status.UNLIKELY: "Khó đạt",
    Status.CHECK: "Cần kiểm tra",
    Status.PENDING: "Chưa đánh giá",
    Status.INCOMPLETE: "Chưa đủ số liệu",
    Status.NO_DATA: "Chưa có số liệu",
}

# Worst → best. The two "unknown" statuses rank lowest so that a "worst first" list puts
# them with the targets needing attention; combine_parts() ignores them explicitly.
STATUS_ORDER: tuple[Status, ...] = (
    Status.NO_DATA,
    Status.INCOMPLETE,
    Status.PENDING,
    Status.CHECK,
    Status.FAILED,
    Status.NOT_ACHIEVED,
    Status.UNLIKELY,
    Status.BASICALLY,
    Status.LIKELY,
    Status.ACHIEVED,
    Status.SECURED,
    Status.EXCEEDED,
)
_SEVERITY = {status: rank for rank, status in enumerate(STATUS_ORDER)}
# How reports group verdicts ("Có 14/16 chỉ tiêu đạt và vượt; còn 02 chỉ tiêu chưa đạt").
MET: tuple[Status, ...] = (Status.EXCEEDED, Status.ACHIEVED)
NOT_MET: tuple[Status, ...] = (Status.NOT_ACHIEVED, Status.FAILED)
# Forecasts of a running term ("tạm tính"): on track, and behind.
FORECAST: tuple[Status, ...] = (Status.SECURED, Status.LIKELY, Status.UNLIKELY)
ON_TRACK: tuple[Status, ...] = (Status.SECURED, Status.LIKELY)
# What a person may set as their verdict (an override): a judgement, final or forecast, never "no data",
# "not enough data", "to check" or "awaits a person", which say that there is no verdict.
PERSON_VERDICTS: tuple[Status, ...] = (
    Status.EXCEEDED, Status.ACHIEVED, Status.BASICALLY, Status.NOT_ACHIEVED, Status.FAILED,
    Status.SECURED, Status.LIKELY, Status.UNLIKELY,
)
# No verdict: no data, not enough data, awaits a person, or a figure to check. Counted neither as met
# nor as not met.
UNJUDGED: tuple[Status, ...] = (Status.NO_DATA, Status.INCOMPLETE, Status.PENDING, Status.CHECK)


def severity(status: Status) -> int:
    """Rank of ``status`` in STATUS_ORDER: 0 is the worst; higher is better."""
    return _SEVERITY[Status(status)]


def _fold(text: str) -> str:
    """NFC, lower-case, single spaces, trailing punctuation removed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").lower()
    return " ".join(text.split()).strip(" .;:!")


_STATUS_WORDS: dict[str, Status] = {
    "vượt": Status.EXCEEDED,
    "đạt vượt": Status.EXCEEDED,
    "vượt chỉ tiêu": Status.EXCEEDED,
    "vượt mức": Status.EXCEEDED,
    "vượt kế hoạch": Status.EXCEEDED,
    "hoàn thành vượt": Status.EXCEEDED,
    "hoàn thành vượt mức": Status.EXCEEDED,
    "đạt": Status.ACHIEVED,
    "hoàn thành": Status.ACHIEVED,
    "cơ bản đạt": Status.BASICALLY,
    "cơ bản hoàn thành": Status.BASICALLY,
    "chưa đạt": Status.NOT_ACHIEVED,
    "chưa hoàn thành": Status.NOT_ACHIEVED,
    "không đạt": Status.FAILED,
    "không hoàn thành": Status.FAILED,
    "khó đạt": Status.UNLIKELY,
    "khó hoàn thành": Status.UNLIKELY,
    "đã đạt": Status.SECURED,
    "có khả năng đạt": Status.LIKELY,
    "có khả năng hoàn thành": Status.LIKELY,
    "cần kiểm tra": Status.CHECK,
    "chưa đánh giá": Status.PENDING,
    "chưa đủ số liệu": Status.INCOMPLETE,
    "chưa có số liệu": Status.NO_DATA,
}


def parse_status(text: str | None) -> Status | None:
    """Read a document's verdict ("Vượt ", "Đạt vượt", "Cơ bản đạt", ...); None if empty/unknown.

    Case- and space-insensitive; also accepts the enum values ("chua_dat").
    """
    if not text:
        return None
    folded = _fold(str(text))
    if not folded:
        return None
    if folded in _STATUS_WORDS:
        return _STATUS_WORDS[folded]
    try:
        return Status(folded)
    except ValueError:
        return None


def same_judgement(a: Status | None, b: Status | None) -> bool:
    """Whether two verdicts say the same thing: "Không đạt" (end of term) is "Chưa đạt" worded
    for a finished term, and "Vượt" has several spellings already folded by ``parse_status``.

    Against a forecast, a document's mid-term words mean "on track" or "behind": "Đạt" / "Vượt" /
    "Cơ bản đạt" agree with Đã đạt and Có khả năng đạt; "Chưa đạt" / "Không đạt" / "Khó đạt" agree
    with Khó đạt.
    """
    if a is None or b is None:
        return a is b
    a, b = Status(a), Status(b)
    if a in FORECAST or b in FORECAST:
        return _outlook(a) is not None and _outlook(a) == _outlook(b)
    alias = {Status.FAILED: Status.NOT_ACHIEVED}
    return alias.get(a, a) == alias.get(b, b)


def _outlook(status: Status) -> bool | None:
    """True for "on track", False for "behind", None for statuses that say neither."""
    if status in (*ON_TRACK, *MET, Status.BASICALLY):
        return True
    if status in (*NOT_MET, Status.UNLIKELY):
        return False
    return None
