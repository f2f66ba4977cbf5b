"""Implausible figures: far off, and a likely slip explains it (indicators.implausible)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.implausible import (
    Reference,
    SlipKind,
    could_be_index,
    figure_could_be_index,
    find_slip,
    is_far_off,
    looks_like_growth_rate,
    scalable_unit,
)

TARGET = "mục tiêu"


def ref(value: str, label: str = TARGET) -> Reference:
    return Reference(label, Decimal(value))


def test_a_decimal_comma_where_a_thousands_dot_was_meant_is_a_separator_slip() -> None:
    slip = find_slip(Decimal("328.096"), "328,096", [ref("250000")])
    assert slip is not None
    assert slip.kind == SlipKind.SEPARATOR
    assert slip.likely == Decimal("328096")
    assert "328.096" in slip.reason and "250.000" in slip.reason


def test_a_thousands_dot_where_a_decimal_comma_was_meant_is_a_separator_slip() -> None:
    slip = find_slip(Decimal("7500"), "7.500", [ref("7.5")])
    assert slip is not None and slip.kind == SlipKind.SEPARATOR and slip.likely == Decimal("7.5")


def test_a_figure_a_thousand_times_off_without_a_separator_is_a_unit_slip() -> None:
    slip = find_slip(Decimal("328"), "328", [ref("250000")], unit="Tỷ đồng")
    assert slip is not None and slip.kind == SlipKind.UNIT and slip.likely == Decimal("328000")


def test_a_figure_grouped_twice_in_a_scaled_unit_is_a_unit_slip_not_a_moved_separator() -> None:
    # Third audit: 26.750.000 (triệu) against 25.000 tỷ đồng, once explained as a thousands dot for a comma.
    slip = find_slip(Decimal("26750000"), "26.750.000", [ref("25000")], unit="Tỷ đồng")
    assert slip is not None and slip.kind == SlipKind.UNIT and slip.likely == Decimal("26750")
    assert "ghi nhầm đơn vị" in slip.reason
    # Without a unit written at several scales, the moved separator is still the explanation.
    kept = find_slip(Decimal("26750000"), "26.750.000", [ref("25000")], unit="người")
    assert kept is not None and kept.kind == SlipKind.SEPARATOR


def test_a_unit_slip_is_only_suspected_for_units_written_at_several_scales() -> None:
    # 1 against 130 xã: a thousand times off, but "xã" has no "nghìn xã" twin: judged as written.
    assert find_slip(Decimal("1"), "1", [ref("130")], unit="xã") is None
    assert find_slip(Decimal("1"), "1", [ref("130")]) is None
    assert scalable_unit("Triệu USD") and scalable_unit("tỷ đồng") and scalable_unit("nghìn tấn")
    assert not scalable_unit("%") and not scalable_unit("bác sỹ/vạn dân") and not scalable_unit("xã")


def test_an_index_reported_for_a_growth_rate_is_an_index_slip() -> None:
    slip = find_slip(Decimal("107.5"), "107,5", [ref("7.5")], growth_rate=True)
    assert slip is not None and slip.kind == SlipKind.INDEX and slip.likely == Decimal("7.5")


def test_an_index_is_not_suspected_for_a_target_that_is_not_a_growth_rate() -> None:
    assert find_slip(Decimal("107.5"), "107,5", [ref("7.5")], growth_rate=False) is None


def test_a_far_off_figure_no_slip_explains_is_judged_as_written() -> None:
    # Growth 0,8 % against a 10 % target: far off, but real.
    assert find_slip(Decimal("0.8"), "0,8", [ref("10")], growth_rate=True) is None
    # 40 times the target: neither a thousand nor an index.
    assert find_slip(Decimal("400"), "400", [ref("10")], growth_rate=True) is None


def test_a_figure_within_ten_times_of_every_reference_is_plausible() -> None:
    assert find_slip(Decimal("95"), "95", [ref("10"), ref("99", "năm trước")]) is None
    assert find_slip(Decimal("100"), "100", [ref("10")]) is None  # exactly ten times is not "more than"


def test_the_previous_years_figure_is_a_reference_too() -> None:
    slip = find_slip(Decimal("350.5"), "350,5", [ref("340000", "số liệu năm 2023")], unit="tỷ đồng")
    assert slip is not None and slip.likely == Decimal("350500")
    assert "số liệu năm 2023 340.000" in slip.reason


def test_an_index_two_years_running_is_still_found_against_the_target() -> None:
    slip = find_slip(Decimal("107.5"), "107,5", [ref("7.5"), ref("106.8", "số liệu năm 2022")], growth_rate=True)
    assert slip is not None and slip.likely == Decimal("7.5")


@pytest.mark.parametrize("value, reference", [("0", "100"), ("5", "0")])
def test_zero_is_never_far_off(value: str, reference: str) -> None:
    assert not is_far_off(Decimal(value), Decimal(reference))


@pytest.mark.parametrize(
    "name, unit, basis, expected",
    [
        ("Tốc độ tăng trưởng kinh tế (GRDP)", "%", False, True),
        ("Giá trị sản xuất tăng bình quân", "%", False, True),
        ("Tăng trưởng GRDP", "", True, True),
        ("Tỷ lệ hộ nghèo", "%", False, False),
        ("Tỷ trọng công nghiệp trong GRDP", "%", False, False),
        ("Tốc độ tăng dân số", "‰", False, False),
    ],
)
def test_growth_rates_are_recognised_by_basis_or_by_name_and_percent(
    name: str, unit: str, basis: bool, expected: bool
) -> None:
    assert looks_like_growth_rate(name, unit, basis) is expected


@pytest.mark.parametrize(("value", "could"), [
    (Decimal("107.5"), True), (Decimal("50"), True), (Decimal("200"), True),
    (Decimal("49.9"), False), (Decimal("200.1"), False), (Decimal("7.5"), False), (None, False),
])
def test_only_a_figure_between_50_and_200_could_be_an_index_for_a_growth_rate(value: Decimal | None, could: bool) -> None:
    assert could_be_index(value) is could


def test_a_figure_could_be_an_index_by_either_end() -> None:
    assert figure_could_be_index(Decimal("107"), Decimal("107"))
    assert figure_could_be_index(Decimal("7"), Decimal("108")) and figure_could_be_index(None, Decimal("108"))
    assert not figure_could_be_index(Decimal("7"), Decimal("8")) and not figure_could_be_index(None, None)
