"""Vietnamese descriptions of what a backup holds ("10 tài khoản, 9 đảng bộ, ... ; tổng 5.012 bản ghi")."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from indicators.numbers import format_number

# The rows people recognise, in the order they think of them; the rest are counted in the total.
NAMED = [
    ("auth.user", "tài khoản"), ("resolutions.committee", "đảng bộ"), ("resolutions.resolution", "nghị quyết"),
    ("resolutions.target", "chỉ tiêu"), ("resolutions.result", "kết quả"),
    ("resolutions.historicaltarget", "lịch sử chỉ tiêu"), ("resolutions.historicalresult", "lịch sử kết quả"),
    ("reports.importlog", "lần nhập phụ lục"),
]


def described(value: Counter[str] | float) -> str:
    """Counts of a backup in words, or a size in MB, the Vietnamese way."""
    if not isinstance(value, Counter):
        return format_number(Decimal(str(round(value, 1))), 1)
    parts = [f"{format_number(Decimal(value[label]))} {word}" for label, word in NAMED if value.get(label)]
    parts.append(f"tổng {format_number(Decimal(sum(value.values())))} bản ghi")
    return ", ".join(parts)
