"""A typed table cell as the text a person sees, the same for a worksheet's cells and a Word table's.

Both readers turn their file into rows of ``Cell``; ``cell_text`` reads one the way the appendix
importer needs it: numbers in Vietnamese format with the decimals their format shows, and every
value that is not a figure or a word (dates, booleans, formulas without a value) refused with a
Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from indicators.estimates import mark_estimate, split_estimate
from indicators.numbers import NumberFormatError, format_number, parse_number
from indicators.text import visible
from reports.excel.safety import max_cell_text
from resolutions.lookup import normalise_name

MAX_COLUMNS = 64  # wider rows are cut: no appendix layout has more than ~15 columns
SHOWN_FORMULA = 60  # characters of a formula quoted in a message


@dataclass
class Cell:
    """One cell of a sheet or a Word table, as the table reader reads it."""

    value: Any
    formula: bool = False  # a formula with no value stored by Excel
    indent: int = 0
    number_format: str = "General"  # of numeric cells: decimals shown, a "(ước)" it adds
    formula_text: str = ""  # a formula whose stored value is taken (with a warning), e.g. "=SUM(E5:E11)"
    coordinate: str = ""  # "E12", for formula cells
    other_workbook: str = ""  # a formula reading another workbook: refused


_norm = normalise_name  # NFC, single spaces, no soft hyphens: cells copied from Word carry NBSP and such


def plain(value: Any) -> str:
    """A header or marker cell as text (no number reading: headers are words and small integers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _norm(str(value))


def _format_digits(number_format: str) -> str:
    """The positive section of a number format without its quoted texts, colours and escaped characters."""
    return re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).split(";")[0]


@lru_cache(maxsize=256)
def _shown_places(number_format: str) -> int | None:
    """Decimals a number format shows ("#,##0.00" → 2, "0" → 0, "0.0%" → 1); None for "General"."""
    digits = _format_digits(number_format)
    if not digits or digits.lower() == "general":
        return None
    _whole, dot, decimals = digits.partition(".")
    return len(re.match(r"[0#?]*", decimals).group()) if dot else 0  # type: ignore[union-attr]


@lru_cache(maxsize=256)
def _percent_format(number_format: str) -> bool:
    """The format shows the number as a percentage ("0.0%": 0,095 is shown "9,5%"); a "%" in quotes or
    escaped ('0.0"%"', "0.0\\%") is printed as is and does not scale the number."""
    return "%" in _format_digits(number_format)


@lru_cache(maxsize=256)
def _format_marks_estimate(number_format: str) -> bool:
    """The format prints an estimate mark after the number ('#,##0.0" (ước)"')."""
    return any(split_estimate(f"0 {q.strip()}")[1] for q in re.findall(r'"([^"]*)"', number_format))


def _numeric_text(number: Decimal, number_format: str) -> str:
    """A numeric cell as shown: as many decimals as its format shows (never fewer than it has); a
    percent format's cell as the percentage a person typed and sees (0,095 in "0.0%" → "9,5%")."""
    percent = _percent_format(number_format)
    if percent:
        number = number.scaleb(2)  # exact: 0,095 → 9,5, never through a float
    places = _shown_places(number_format)
    if places is not None:
        exponent = number.normalize().as_tuple().exponent
        own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        places = max(places, own)
    text = format_number(number, places) + ("%" if percent else "")
    return mark_estimate(text) if _format_marks_estimate(number_format) else text


def cell_text(cell: Cell, where: str, errors: list[str], *, keep: bool = False,
              warnings: list[str] | None = None, longest: int | None = None) -> str:
    """A cell as the text a person sees; numbers in Vietnamese format; problems go to ``errors``.

    Soft hyphens are taken out of texts: a person does not see them ("362.\u00ad415" reads 362.415).

    Numeric cells are read as Decimal through ``parse_number`` (floats via their repr, never
    rounded) and written back the Vietnamese way ("44.923", "7,5"), with the decimals their format
    shows ("95,0"), a percent format's "%" (0,095 in "0.0%" is "9,5%") and the "(ước)" it prints. Dates (Excel's reading of "7-8"), booleans, formulas
    without a stored value and formulas reading another workbook are refused; a formula's stored
    value is taken with a warning naming the cell and the formula. ``longest``: ``max_cell_text()``,
    when the caller has read it once for a whole table.
    """
    if cell.other_workbook:
        errors.append(f"{where}: ô {cell.coordinate} là công thức lấy số liệu từ tệp khác ({cell.other_workbook}); "
                      "không nhận liên kết tới tệp khác, hãy nhập số trực tiếp.")
        return ""
    text = _cell_value_text(cell, where, errors, keep, max_cell_text() if longest is None else longest)
    if cell.formula_text and text and warnings is not None:
        warnings.append(f"{where}: ô {cell.coordinate} là công thức {shown_formula(cell.formula_text)}, "
                        f"lấy giá trị đã lưu {text}.")
    return text


def shown_formula(formula: str) -> str:
    """A formula as quoted in a message: cut to ``SHOWN_FORMULA`` characters."""
    return formula if len(formula) <= SHOWN_FORMULA else formula[:SHOWN_FORMULA - 1] + "…"


def _cell_value_text(cell: Cell, where: str, errors: list[str], keep: bool, longest: int) -> str:
    """``cell_text`` of a cell that reads no other workbook."""
    value = cell.value
    if cell.formula:
        errors.append(f"{where}: ô có công thức nhưng tệp không lưu giá trị đã tính; hãy mở bằng Excel, "
                      "lưu lại, hoặc nhập số trực tiếp.")
        return ""
    if value is None:
        return ""
    if isinstance(value, str):
        value = visible(value)  # a name kept as written keeps no invisible soft hyphen either
        if len(value) > longest:  # the Excel reader refuses these while streaming; this is for Word
            errors.append(f"{where}: nội dung dài {format_number(Decimal(len(value)))} ký tự, vượt giới hạn "
                          f"{format_number(Decimal(longest))} ký tự một ô.")
            return ""
        return unicodedata.normalize("NFC", value).strip() if keep else _norm(value)
    if isinstance(value, bool):
        errors.append(f"{where}: ô có giá trị đúng/sai ({value}), không phải số liệu.")
        return ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        errors.append(f"{where}: ô đang ở dạng ngày tháng ({value}); có thể Excel đã tự đổi '7-8' thành ngày. "
                      "Hãy định dạng ô là Text rồi gõ lại.")
        return ""
    if isinstance(value, (int, float, Decimal)):
        try:
            return _numeric_text(parse_number(value), cell.number_format)
        except NumberFormatError as exc:
            errors.append(f"{where}: {exc}.")
            return ""
    errors.append(f"{where}: không đọc được ô ({type(value).__name__}).")
    return ""
