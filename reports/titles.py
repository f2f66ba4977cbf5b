"""What an appendix's title says about itself: committee, congress, term, year, appendix number.

Titles name them in capitals ("ĐẢNG BỘ TỈNH THÁI BÌNH LẦN THỨ XX, NHIỆM KỲ 2020 - 2025", or for an
annual table "... NĂM 2024" and "(ĐẠI HỘI LẦN THỨ XII, NHIỆM KỲ 2020 - 2025)"). Plain functions:
the import pages prefill their form from this, so nobody retypes what the file already says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from resolutions.models import to_roman

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LEVEL_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
_WHO_RE = re.compile(
    r"(?P<name>đảng bộ(?:\s+(?!đảng\b)[^\s,()]+){1,8}?)\s*,?\s*\(?\s*(?:đại hội(?:\s+đại biểu)?\s+)?lần thứ\s+"
    r"(?P<ordinal>[IVXLC]+|\d{1,3})\b",
    re.IGNORECASE,
)
_TERM_RE = re.compile(r"nhiệm kỳ\s+((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})", re.IGNORECASE)
_YEAR_RE = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b(?!\s*[-–—])", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"^phụ lục\s*(?:số\s*)?(?P<code>[0-9]+[A-Za-z]?|[IVX]+[A-Za-z]?)?\b", re.IGNORECASE)


@dataclass(frozen=True)
class StatedTitle:
    """What the title states; empty/None where it says nothing."""

    committee_name: str = ""
    ordinal: int | None = None
    term: tuple[int, int] | None = None
    year: int | None = None
    appendix: str = ""

    @property
    def complete(self) -> bool:
        """Committee, congress and term are all stated."""
        return bool(self.committee_name and self.ordinal and self.term)

    def describe(self) -> str:
        """"Đảng bộ tỉnh Thái Bình, Đại hội lần thứ XX, nhiệm kỳ 2020 - 2025" (the parts stated)."""
        parts = []
        if self.committee_name:
            parts.append(self.committee_name)
        if self.ordinal:
            parts.append(f"Đại hội lần thứ {to_roman(self.ordinal)}")
        if self.term:
            parts.append(f"nhiệm kỳ {self.term[0]} - {self.term[1]}")
        if self.year:
            parts.append(f"năm {self.year}")
        return ", ".join(parts)


def from_roman(text: str) -> int | None:
    """"XX" → 20, "XIX" → 19, "I" → 1; None for anything that is not a Roman numeral."""
    text = text.upper()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total if total and to_roman(total) == text else None


def committee_case(name: str) -> str:
    """A committee name in capitals as it is written in running text:
    "ĐẢNG BỘ TỈNH THÁI BÌNH" → "Đảng bộ tỉnh Thái Bình". Names already in mixed case are kept."""
    name = " ".join(name.split())
    if name != name.upper():
        return name[0].upper() + name[1:] if name else name
    lower = name.lower()
    rest = lower.removeprefix("đảng bộ").strip()
    level = next((w for w in _LEVEL_WORDS if rest == w or rest.startswith(w + " ")), "")
    place = rest[len(level):].strip()
    if level:
        return f"Đảng bộ {level} {place.title()}".strip()
    return f"Đảng bộ {rest}".strip()


def parse_title(lines: Sequence[str]) -> StatedTitle:
    """Read the title lines above a table (top to bottom). Unstated parts stay empty.

    The committee is the text from "Đảng bộ" to "lần thứ"; the congress the numeral after
    "lần thứ" (Roman or Arabic); the term "nhiệm kỳ 2020 - 2025"; the year "năm 2024" (annual
    tables, not a term); the appendix number "PHỤ LỤC 1A".
    """
    text = " ".join(unicodedata.normalize("NFC", line).replace("\u00a0", " ") for line in lines if line)
    text = " ".join(text.split())
    committee, ordinal = "", None
    who = _WHO_RE.search(text)
    if who:
        raw = who.group("ordinal")
        ordinal = int(raw) if raw.isdigit() else from_roman(raw)
        committee = committee_case(re.sub(r"^(?:đại hội(?: đại biểu)? )", "", who.group("name"), flags=re.I))
    term = None
    found = _TERM_RE.search(text)
    if found:
        start, end = int(found.group(1)), int(found.group(2))
        term = (start, end) if start < end else None
    found_year = _YEAR_RE.search(text)
    year = int(found_year.group(1)) if found_year else None
    appendix = ""
    for line in lines:
        head = _APPENDIX_RE.match(" ".join(line.split()))
        if head:
            appendix = head.group("code") or ""
            break
    return StatedTitle(committee, ordinal, term, year, appendix)
