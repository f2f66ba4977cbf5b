"""Guessing whether a target is better when higher or lower, from its wording.

Plain typed functions, no Django, no database. Used only when a row matches no catalogue
indicator; the guess is always shown as "chiều đánh giá do hệ thống suy đoán, cần xác nhận" until
a person confirms it. In order, the first that applies decides:

1. the name sets a level to come down to ("giảm còn", "giảm xuống", "xuống dưới"; "kéo giảm",
   "kiềm chế" too, unless the name measures the fall against a base: "so với năm trước") → lower;
2. the name measures a reduction or an exit ("tỷ lệ giảm hộ nghèo", "số hộ thoát nghèo",
   "hộ nghèo giảm 1,5%", "kéo giảm số vụ tai nạn so với năm trước") → higher: the reduction itself
   is better when larger;
3. the target text is a bound ("không quá 1%", "dưới 1%" → lower; "trên 90%", "từ 3% trở lên",
   "tối thiểu" → higher);
4. the name has a lower-is-better word (hộ nghèo, thất nghiệp, suy dinh dưỡng, tử vong, tai nạn,
   ô nhiễm, tội phạm, tỷ số giới tính khi sinh, tăng dân số tự nhiên, lao động nông nghiệp…), unless
   the name measures dealing with it ("cơ sở gây ô nhiễm được xử lý", "bảo hiểm thất nghiệp",
   "xã không có ma túy") → lower;
5. otherwise higher, the usual case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indicators.evaluation import Direction
from indicators.matching import first_clause
from indicators.text import fold_text

__all__ = ["DirectionGuess", "guess_direction"]

# Phrases are written with accents (shown to people) and matched folded, as whole words.
_LEVEL_DOWN = ["giảm xuống còn", "giảm còn", "giảm xuống", "xuống còn", "xuống dưới", "còn dưới"]
# Verbs of bringing a bad thing down: a level ("Kéo giảm tai nạn giao thông"), unless the name
# measures the fall against a base, which makes the figure the reduction itself.
_BRING_DOWN = ["kéo giảm", "kiềm chế"]
_AGAINST_BASE = ["so với năm", "so với cùng kỳ", "so với đầu", "so với kỳ", "so với giai đoạn"]
_REDUCTION = ["thoát nghèo", "giảm"]
_UPPER_BOUND = ["không quá", "không vượt quá", "tối đa", "dưới", "thấp hơn", "giảm còn", "giảm xuống", "kéo giảm", "<", "≤"]
_LOWER_BOUND = ["trở lên", "tối thiểu", "ít nhất", "trên", "cao hơn", "vượt", ">", "≥"]
_LOWER_IS_BETTER = [
    "hộ nghèo", "cận nghèo", "thất nghiệp", "thiếu việc làm", "suy dinh dưỡng", "thấp còi", "tử vong",
    "người chết", "tai nạn", "ô nhiễm", "tội phạm", "phạm pháp", "vi phạm", "ma túy", "cháy nổ", "cháy, nổ",
    "tỷ số giới tính khi sinh", "mất cân bằng giới tính", "tăng dân số", "gia tăng dân số",
    "phát triển dân số", "sinh con thứ", "lao động nông nghiệp", "lao động có việc làm trong lĩnh vực nông",
    "tỷ trọng nông", "tỷ trọng khu vực nông", "tỷ trọng khu vực i", "cơ cấu kinh tế nông", "tỷ suất chết",
    "tỷ số giới tính", "bỏ học", "tảo hôn",
    "nợ xấu", "tồn đọng", "không hoàn thành nhiệm vụ", "chôn lấp", "thiệt hại", "xếp hạng", "thứ hạng",
    "số vụ", "icor",
]
# Words that turn a lower-is-better subject into something better when higher.
_DEALT_WITH = [
    "được xử lý", "xử lý", "giải tỏa", "bảo hiểm", "không có", "khám phá", "điều tra", "giải quyết", "khắc phục",
    "phòng chống", "phòng, chống", "cai nghiện",
]


def _fold(text: str) -> str:
    """Folded words separated by single spaces, '<' and '>' kept as words."""
    folded = fold_text(text.replace("<", " < ").replace(">", " > ").replace("≤", " ≤ ").replace("≥", " ≥ "))
    return " " + " ".join(re.sub(r"[^a-z0-9<>≤≥]+", " ", folded).split()) + " "


def _find(words: str, phrases: list[str]) -> str | None:
    """The first phrase (as written) found in ``words`` as whole words."""
    for phrase in phrases:
        if _FOLDED[phrase] in words:
            return phrase
    return None


_FOLDED = {p: _fold(p) for p in (*_LEVEL_DOWN, *_BRING_DOWN, *_AGAINST_BASE, *_REDUCTION, *_UPPER_BOUND, *_LOWER_BOUND, *_LOWER_IS_BETTER,
                                   *_DEALT_WITH)}


@dataclass(frozen=True)
class DirectionGuess:
    """A guessed direction and why, in Vietnamese, for the "cần xác nhận" notice."""

    direction: Direction
    reason: str


def guess_direction(name: str, target_text: str = "", context: Sequence[str] = ()) -> DirectionGuess:
    """Guess the direction of a target from its name and target text (rules in the module doc).

    ``context`` holds the names of the rows above a sub-row, nearest first: "Nông, lâm nghiệp và
    thủy sản" under "Cơ cấu kinh tế" is read as "Cơ cấu kinh tế: Nông, lâm nghiệp và thủy sản"
    for the lower-is-better words (rule 4) only.
    """
    words = _fold(name)
    target = _fold(target_text)
    subject = _fold(" ".join([*(first_clause(c) for c in reversed(context)), name]))
    cue = _find(words, _LEVEL_DOWN) or (_find(words, _BRING_DOWN) if not _find(words, _AGAINST_BASE) else None)
    if cue:
        return DirectionGuess(Direction.LOWER, f"tên chỉ tiêu ghi '{cue}' một mức cần giảm tới")
    cue = _find(words, _REDUCTION)
    if cue:
        return DirectionGuess(Direction.HIGHER, f"tên chỉ tiêu đo mức '{cue}', mức đó càng cao càng tốt")
    cue = _find(target, _UPPER_BOUND)
    if cue:
        return DirectionGuess(Direction.LOWER, f"mục tiêu ghi '{cue}', tức là càng thấp càng tốt")
    cue = _find(target, _LOWER_BOUND)
    if cue:
        return DirectionGuess(Direction.HIGHER, f"mục tiêu ghi '{cue}', tức là càng cao càng tốt")
    cue = _find(subject, _LOWER_IS_BETTER)
    if cue:
        handled = _find(subject, _DEALT_WITH)
        if handled:
            return DirectionGuess(
                Direction.HIGHER, f"tên chỉ tiêu có '{cue}' nhưng đo việc '{handled}', nên càng cao càng tốt"
            )
        return DirectionGuess(Direction.LOWER, f"tên chỉ tiêu có '{cue}', loại chỉ số càng thấp càng tốt")
    return DirectionGuess(Direction.HIGHER, "không thấy dấu hiệu càng thấp càng tốt; phần lớn chỉ tiêu càng cao càng tốt")
