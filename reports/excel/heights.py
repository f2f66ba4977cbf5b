"""Row heights for wrapped text, so a sheet reads and prints whole in Excel and LibreOffice alike.

Neither program fits a row to its wrapped text when it opens a file (Excel keeps the stored
height; LibreOffice keeps it too once a height is stored), so the exporter stores each row's height.
The text is wrapped word by word with the widths of Times New Roman (Liberation Serif, which
LibreOffice uses in its place, has the same metrics), a little wider than measured so a row is
never short of a line.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

__all__ = ["column_points", "line_height", "lines_needed", "text_points"]

# Advance widths in thousandths of an em (Adobe Times-Roman / Times-Bold font metrics).
_ORDER = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_REGULAR = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921,
    722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611,
    722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333,
    444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278,
    500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
]
_BOLD = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930,
    722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667,
    722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333,
    500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333,
    556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
]
_WIDTHS = {False: dict(zip(_ORDER, _REGULAR, strict=True)), True: dict(zip(_ORDER, _BOLD, strict=True))}
_SAFETY = 1.06  # measured text is taken 6 % wider: a row one line too tall is fine, one too short is not
_UNKNOWN = 556  # a character outside the table (symbols): about a capital letter's width
# Excel measures a column width in widths of the default font's digit (Calibri 11: 7 px) plus 5 px
# of padding; 1 px = 0.75 pt. A cell loses about 2 px on each side to its border and margin.
_DIGIT_PX = 7
_PADDING_PX = 5
_MARGIN_PT = 3.0
_INDENT_PT = 9.0  # one indent level (Excel: three spaces of the default font)


def _base(ch: str) -> str:
    """The letter under the diacritics ("ữ" → "u", "Đ" → "D"), which sets the width."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


@lru_cache(maxsize=4096)
def _char_width(ch: str, bold: bool) -> int:
    widths = _WIDTHS[bold]
    return widths.get(ch) or widths.get(_base(ch)) or _UNKNOWN


def text_points(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` (Times New Roman), with the safety margin."""
    widths = _WIDTHS[bold]
    total = 0
    for ch in text:
        w = widths.get(ch)
        total += w if w is not None else _char_width(ch, bold)
    return total * size / 1000 * _SAFETY


def column_points(width: float, indent: int = 0) -> float:
    """The width in points that text may use in a column ``width`` characters wide."""
    return max(1.0, (width * _DIGIT_PX + _PADDING_PX) * 0.75 - 2 * _MARGIN_PT - indent * _INDENT_PT)


def line_height(size: float) -> float:
    """The height of one line of text at ``size`` points (12 pt → 15,75 pt as Excel sizes rows)."""
    return math.ceil(size * 1.3125 / 0.75) * 0.75


@lru_cache(maxsize=65536)
def lines_needed(text: str, available: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at spaces into ``available`` points (at least 1).

    Line breaks in the text are kept; a word wider than the column is broken, as both programs do.
    """
    lines = 0
    space = text_points(" ", size, bold)
    for paragraph in text.split("\n"):
        if text_points(paragraph, size, bold) <= available:
            lines += 1
            continue
        used = 0.0
        count = 1
        for word in paragraph.split():
            width = text_points(word, size, bold)
            if used and used + space + width <= available:
                used += space + width
                continue
            if used:
                count += 1
            while width > available:  # a word wider than the column is broken
                count += 1
                width -= available
            used = width
        lines += count
    return max(1, lines)
