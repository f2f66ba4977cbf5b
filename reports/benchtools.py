"""Shared bits of the benchmark commands."""

from __future__ import annotations

from decimal import Decimal

from indicators.numbers import format_number


def vn(value: float, places: int) -> str:
    """A timing the Vietnamese way (9,84), through the project's one number formatter."""
    return format_number(Decimal(str(round(value, places))), places)
