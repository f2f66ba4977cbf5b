"""Vietnamese number reading and formatting (indicators.numbers); no database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.numbers import (
    NumberFormatError,
    ambiguous_grouping,
    format_number,
    parse_number,
    to_decimal_or_none,
    without_trailing_zeros,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.600", Decimal("1600")),
        ("7,5", Decimal("7.5")),
        ("44.923", Decimal("44923")),
        ("1.234,5", Decimal("1234.5")),
        ("1.100.000", Decimal("1100000")),
        ("328,096", Decimal("328.096")),  # always a decimal comma, never "fixed" to 328096
        ("-3,2", Decimal("-3.2")),
        ("−3,2", Decimal("-3.2")),  # Unicode minus from Word
        ("+5", Decimal("5")),
        ("95,0", Decimal("95.0")),
        ("0,35", Decimal("0.35")),
        (" 1 234 ", Decimal("1234")),
        ("\u00a012,5\u00a0", Decimal("12.5")),
        ("1234", Decimal("1234")),
    ],
)
def test_vietnamese_text_is_read_with_dot_for_thousands_and_comma_for_decimals(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_numeric_excel_cells_convert_through_their_shortest_text() -> None:
    assert parse_number(0.1) == Decimal("0.1")
    assert parse_number(9.69) == Decimal("9.69")
    assert parse_number(1600) == Decimal(1600)
    assert parse_number(Decimal("2.5")) == Decimal("2.5")


@pytest.mark.parametrize(
    "bad",
    [
        "1,2,3",
        "1.23.4",
        "1.2345",
        "",
        "   ",
        "abc",
        "12a",
        "+",
        ",5",
        "5,",
        "1,234.5",
        "1234567890123456789",
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        10**16,
        True,
    ],
)
def test_malformed_numbers_raise_a_vietnamese_error(bad: object) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_number(bad)  # type: ignore[arg-type]
    assert str(caught.value).startswith("Không đọc được số")


def test_number_error_names_the_text_and_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"Không đọc được số '1,2,3'"):
        parse_number("1,2,3")


def test_huge_numbers_are_refused_with_a_reason() -> None:
    with pytest.raises(NumberFormatError, match="quá lớn"):
        parse_number("1234567890123456789")


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("95.0"), None, "95"),
        (Decimal("0.35"), None, "0,35"),
        (Decimal("1100000"), None, "1.100.000"),
        (Decimal("-0"), None, "0"),
        # Every digit kept, however many (no decimal context rounds it to 28 digits).
        (Decimal("-123456789012345678901234567890.1250"), None, "-123.456.789.012.345.678.901.234.567.890,125"),
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("5"), 2, "5,00"),
        (Decimal("1234567.891"), 1, "1.234.567,9"),
        (None, None, ""),
    ],
)
def test_format_number_writes_vietnamese_style(value: Decimal | None, places: int | None, expected: str) -> None:
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("text", "ambiguous"),
    [
        ("1.234", True),
        ("328,096", True),
        ("1.234 %", True),
        ("-1.234", True),
        ("1.234,5", False),
        ("1.234.567", False),
        ("7,5", False),
        ("0,125", False),
        ("12", False),
        ("", False),
    ],
)
def test_ambiguous_grouping_flags_one_separator_before_three_digits(text: str, ambiguous: bool) -> None:
    assert ambiguous_grouping(text) is ambiguous


def test_to_decimal_or_none_returns_none_for_empty_or_bad_cells() -> None:
    assert to_decimal_or_none("") is None
    assert to_decimal_or_none(None) is None
    assert to_decimal_or_none("1,2,3") is None
    assert to_decimal_or_none("7,5") == Decimal("7.5")


finite_decimals = st.decimals(
    min_value=Decimal("-999999999999999"),
    max_value=Decimal("999999999999999"),
    allow_nan=False,
    allow_infinity=False,
    places=4,
)


@given(finite_decimals)
def test_format_then_parse_returns_the_same_decimal(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


@given(finite_decimals, st.integers(min_value=0, max_value=4))
def test_format_with_fixed_places_then_parse_is_the_rounded_value(value: Decimal, places: int) -> None:
    text = format_number(value, places)
    assert parse_number(text) == value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if places:
        assert len(text.split(",")[1]) == places


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_float_cells_keep_their_shortest_text(value: float) -> None:
    assert parse_number(value) == Decimal(str(value))


def test_trailing_zeros_a_computation_or_the_database_added_are_dropped_without_exponents() -> None:
    assert str(without_trailing_zeros(Decimal("328096.000"))) == "328096"
    assert str(without_trailing_zeros(Decimal("125.000000"))) == "125"
    assert str(without_trailing_zeros(Decimal("1000.00"))) == "1000"
    assert str(without_trailing_zeros(Decimal("1.250000"))) == "1.25"
