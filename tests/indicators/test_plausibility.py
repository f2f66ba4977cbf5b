"""Plausibility warnings and ambiguity refusals (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.plausibility import ambiguity_error, is_percentage, plausibility_warnings

D = Decimal


@pytest.mark.parametrize(("unit", "expected"), [("%", True), ("% GRDP", True), ("‰", False), ("%o", False), ("tỷ đồng", False), ("", False)])
def test_a_unit_is_a_percentage_only_with_a_percent_sign(unit: str, expected: bool) -> None:
    assert is_percentage(unit) is expected


def test_a_plausible_figure_has_no_warning() -> None:
    assert plausibility_warnings(D("96"), unit="%", target=D("98"), previous=D("95")) == []


@pytest.mark.parametrize("value", [D("-1"), D("100.5"), D("120")])
def test_a_percentage_outside_0_to_100_is_flagged(value: Decimal) -> None:
    warnings = plausibility_warnings(value, unit="%")
    assert len(warnings) == 1 and "ngoài khoảng 0-100%" in warnings[0]


def test_a_separator_slip_a_thousand_times_too_small_is_flagged_against_the_target() -> None:
    warnings = plausibility_warnings(D("328.096"), unit="tỷ đồng", target=D("300000"))
    assert len(warnings) == 1 and "nhỏ hơn một phần 10 mục tiêu" in warnings[0] and "300.000" in warnings[0]


def test_a_figure_more_than_ten_times_last_years_is_flagged() -> None:
    warnings = plausibility_warnings(D("1200"), unit="tỷ đồng", previous=D("110"), previous_label="năm 2025")
    assert len(warnings) == 1 and "lớn hơn 10 lần số liệu năm 2025" in warnings[0]


def test_exactly_ten_times_is_not_flagged_and_zero_is_a_real_figure() -> None:
    assert plausibility_warnings(D("1000"), unit="", target=D("100"), previous=D("10000")) == []
    assert plausibility_warnings(D("0"), unit="%", target=D("5"), previous=D("2")) == []


def test_both_references_can_warn_at_once() -> None:
    assert len(plausibility_warnings(D("5000"), unit="tỷ đồng", target=D("100"), previous=D("120"))) == 2


@pytest.mark.parametrize(("text", "readings", "decimal"), [
    ("1.234", "không rõ là 1234 hay 1,234", "1,2340"),
    ("328,096", "không rõ là 328096 hay 328,096", "328,0960"),
    ("12,345 %", "không rõ là 12345 hay 12,345", "12,3450"),
])
def test_a_separator_before_exactly_three_digits_is_refused_for_a_percentage_showing_both_readings(
    text: str, readings: str, decimal: str
) -> None:
    message = ambiguity_error(text, "%")
    assert message is not None and readings in message
    # How to write each reading, from the person's own number (not a fixed example), in one short line.
    assert f"hãy viết {readings.split()[3]}, hoặc {decimal} nếu là số thập phân" in message
    assert len(message) < 110 and "\n" not in message


@pytest.mark.parametrize(("text", "unit"), [("1.234", "tỷ đồng"), ("1.234,5", "%"), ("7,5", "%"), ("0,125", "%"), ("1,2340", "%")])
def test_unambiguous_texts_or_other_units_are_accepted(text: str, unit: str) -> None:
    assert ambiguity_error(text, unit) is None
