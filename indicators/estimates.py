"""The estimate mark (ước) of a figure, printed the way party offices print it: "9,5 (ước)".

Every export prints an estimated figure with the mark; every import reads it back. Offices also
type the mark in front ("Ước 9,5", "ước đạt 95%") or spelled out ("9,5 (ước thực hiện)"); all of
them mean the same. Which stored figure an imported estimate updates is decided by the importer;
only the notation lives here.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MARK", "mark_estimate", "split_estimate"]

MARK = "(ước)"

_WORDS = r"ước(?:\s+(?:tính|thực\s+hiện|th))?|ưth"
# "9,5 (ước)", "9,5 (Ước thực hiện)", "9,5 (ƯTH)"
_SUFFIX = re.compile(rf"^(?P<figure>.*?\S)\s*\(\s*(?:{_WORDS})\s*\)$", re.IGNORECASE | re.DOTALL)
# "Ước 9,5", "ước: 9,5", "Ước thực hiện 9,5", "ước đạt 95%": a figure follows the word ("ước lượng
# dân số" is not a figure)
_PREFIX = re.compile(rf"^(?:{_WORDS})\s*:?\s+(?P<figure>\D{{0,12}}\d.*)$", re.IGNORECASE | re.DOTALL)


def mark_estimate(figure: str) -> str:
    """``figure`` as printed for an estimate: "9,5" → "9,5 (ước)"; an empty figure stays empty."""
    figure = figure.strip()
    return f"{figure} {MARK}" if figure else ""


def split_estimate(text: str) -> tuple[str, bool]:
    """The figure without its estimate mark, and whether it had one.

    "9,5 (ước)" → ("9,5", True); "Ước 9,5" → ("9,5", True); "ước đạt 95%" → ("đạt 95%", True);
    "9,5" → ("9,5", False). A mark alone ("(ước)", "Ước") is not a figure and is left as it is.
    """
    cleaned = unicodedata.normalize("NFC", text).strip()
    for pattern in (_SUFFIX, _PREFIX):
        found = pattern.match(cleaned)
        if found:
            return found.group("figure").strip(), True
    return cleaned, False
