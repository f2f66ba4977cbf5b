"""How periods, targets, sections and committees' lifetimes are named on pages and in messages.

Plain functions over plain values (no queries), so labels cost nothing in lists. Years are built
as text, never through number formatting: "Năm 2025", never "Năm 2.025".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from indicators.text import shorten

__all__ = [
    "NAME_LIMIT", "committee_end_note", "lifetime", "numbered", "period_label", "result_label",
    "section_label", "target_label",
]

NAME_LIMIT = 60  # characters of a target's name in a message


def period_label(period: str, year: int | None, span: Decimal | None = None) -> str:
    """'Năm 2026', '6 tháng đầu năm 2026', 'Cả nhiệm kỳ', 'Từ đầu nhiệm kỳ đến 6 tháng năm 2023'.

    ``period`` is a Result.Period value; ``span`` the years a figure "so far" covers (2,5 when it
    ends with a first half year).
    """
    if period == "term":
        return "Cả nhiệm kỳ"
    if period == "half":
        return f"6 tháng đầu năm {year}"
    if period == "todate":
        return f"Từ đầu nhiệm kỳ đến {'6 tháng ' if span and span % 1 else ''}năm {year}"
    return f"Năm {year}"


def numbered(number: str) -> bool:
    """Whether a target's STT is its own number ("4", "4.2"); sub-rows carry "" or "-"."""
    return bool(number) and number[0].isdigit()


def target_label(number: str, name: str, parent_number: str = "") -> str:
    """A target named by number and (shortened) name: "Chỉ tiêu 4.2 (Tỷ lệ hộ nghèo …)".

    A sub-row without a number of its own is named by the numbered target it belongs to:
    "Chỉ tiêu con của chỉ tiêu 1 (Nông nghiệp tăng)".
    """
    short = shorten(name, NAME_LIMIT)
    if numbered(number):
        return f"Chỉ tiêu {number} ({short})"
    if parent_number:
        return f"Chỉ tiêu con của chỉ tiêu {parent_number} ({short})"
    return f"Chỉ tiêu ({short})"


def result_label(target: str, period: str, year: int | None) -> str:
    """A figure of a target for a period: "Chỉ tiêu 4 (…): kết quả năm 2024"."""
    when = period_label(period, year)
    return f"{target}: kết quả {when[0].lower()}{when[1:]}"


def section_label(code: str, title: str) -> str:
    """A section as pages show it: "I. KINH TẾ" (the stored code stays "I")."""
    code, title = code.strip(), title.strip()
    if code and title and not code.endswith((".", ")")):
        return f"{code}. {title}"
    return f"{code} {title}".strip()


def lifetime(active_from: dt.date | None, active_to: dt.date | None) -> str:
    """A committee's years, when known: "(1997–2025)", "(từ 2025)", "(đến 2025)", or ""."""
    if active_from and active_to:
        return f"({active_from.year}–{active_to.year})"
    if active_from:
        return f"(từ {active_from.year})"
    if active_to:
        return f"(đến {active_to.year})"
    return ""


def committee_end_note(active_to: dt.date | None, successor_name: str = "") -> str:
    """What a committee's end means: "hợp nhất vào Đảng bộ tỉnh Hưng Yên từ 01/07/2025"; "" if active."""
    if active_to is None:
        return ""
    since = (active_to + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    if successor_name:
        return f"hợp nhất vào {successor_name} từ {since}"
    return f"thôi hoạt động từ {since}"
