"""Guessing how a term target measures the whole term, from its wording, when nothing else says so.

Plain typed functions, no Django, no database (DOMAIN.md "Evaluation rules": term targets measure the
term by their basis; "Forecasts": cumulative, per-year and mean targets, end-of-term levels). A typed
table has no basis column and a row the catalogue does not know would otherwise be judged as a level
at the end of the term; its own words often say otherwise. In order, the first that applies decides:

1. a growth rate averaged over the years ("Tốc độ tăng … bình quân", "tăng bình quân 12%/năm",
   "tăng trưởng … hằng năm") → mean of growth rates (geometric);
2. anything else averaged over the years ("giảm bình quân hằng năm", "trung bình mỗi năm") → mean;
3. a total over the term ("lũy kế", "cộng dồn", "Tổng … giai đoạn / 5 năm / nhiệm kỳ"), never for a
   rate (%, ‰, "tỷ lệ", "tốc độ") → sum;
4. a count per year ("3.000 người/năm", unit "đảng viên/năm"), never money or a rate → mean;
5. otherwise None: the caller keeps its default (the level at the end of the term).

"bình quân" per head, per worker or per hectare ("bình quân đầu người") is a level, not a mean over
the years.
"""

from __future__ import annotations

import re

from indicators.term_figures import TermBasis
from indicators.text import fold_text

__all__ = ["guess_basis", "is_per_year"]

_GROWTH_RE = re.compile(r"\b(?:toc do tang|tang truong|tang binh quan|toc do phat trien)\b")
# "bình quân" / "trung bình" over the years: not followed by what it is taken per (head, worker, ha…),
# unless that is a year ("bình quân mỗi năm").
_PER_UNIT = r"(?:\s+(?:dau|nguoi|lao|ha|ho|thang|(?:moi|mot|1|tren)\s+(?!nam\b)\w+)\b|\s*/\s*(?!nam\b)\w)"
_ANY_MEAN_RE = re.compile(rf"\b(?:binh quan|trung binh)\b(?!{_PER_UNIT})")
# A mean over the years said as such ("bình quân hằng năm", "trung bình mỗi năm", "bình quân giai
# đoạn"), or a change averaged ("giảm bình quân"); a bare "bình quân" names a level ("Năng suất lao
# động bình quân", "Tuổi thọ bình quân").
_TIME_MEAN_RE = re.compile(
    r"\b(?:binh quan|trung binh)\s*(?:/\s*nam|(?:hang|moi|mot|1|5|nam) nam|nam|(?:ca )?giai doan|(?:ca )?nhiem ky)\b"
    r"|\b(?:giam|tang) (?:binh quan|trung binh)\b"
)
_YEARLY_RE = re.compile(r"\b(?:hang nam|moi nam)\b|/\s*nam\b")
_TOTAL_RE = re.compile(
    r"\b(?:luy ke|cong don)\b|\btong\b.*\b(?:giai doan|nhiem ky|5 nam|nam nam|ca ky)\b|\bca nhiem ky\b"
)
# A share of growth ("Đóng góp bình quân của TFP vào tăng trưởng") is no growth rate.
_SHARE_NAME_RE = re.compile(r"^\s*(?:ty le|ty trong|dong gop|co cau)\b")
_RATE_NAME_RE = re.compile(r"^\s*(?:ty le|ty trong|toc do|chi so)\b")
_MONEY_RE = re.compile(r"\b(?:dong|usd)\b")


def _is_rate(name: str, target_text: str, unit: str) -> bool:
    return "%" in unit or "‰" in unit or "%" in target_text or bool(_RATE_NAME_RE.match(name))


def guess_basis(name: str, target_text: str = "", unit: str = "") -> TermBasis | None:
    """The term basis the wording of a target states (rules in the module docstring), or None."""
    folded_name = fold_text(name)
    folded_target = fold_text(target_text)
    folded_unit = fold_text(unit)
    both = f"{folded_name} | {folded_target}"  # kept apart: a name's last word never runs into a figure
    averaged = bool(_ANY_MEAN_RE.search(both)) or bool(_YEARLY_RE.search(folded_name))
    growth = bool(_GROWTH_RE.search(folded_name)) and not _SHARE_NAME_RE.match(folded_name)
    if growth and (averaged or _YEARLY_RE.search(folded_target)):
        return TermBasis.GROWTH_MEAN
    if _TIME_MEAN_RE.search(both):
        return TermBasis.MEAN
    rate = _is_rate(folded_name, target_text, unit)
    if not rate and _TOTAL_RE.search(folded_name):
        return TermBasis.SUM
    if is_per_year(target_text, unit) and not rate and not _MONEY_RE.search(f"{folded_target} {folded_unit}"):
        return TermBasis.MEAN
    return None


def is_per_year(target_text: str, unit: str) -> bool:
    """A per-year target ("1.600 đảng viên/năm", "bình quân hằng năm").

    Only telling for a target stored as cumulative: "triệu đồng/năm" of an income to reach by the end
    of the term is a level, and its term basis (năm cuối) already says so.
    """
    folded = fold_text(f"{target_text} {unit}")
    return "/nam" in folded.replace(" ", "") or "hang nam" in folded or "moi nam" in folded
