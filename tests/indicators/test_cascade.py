"""Targets that cascade: which units add up across committees, and the gaps to the committee above."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.cascade import Part, is_count_unit, roll_up, same_unit
from indicators.expressions import parse_expression


def part(name: str, target: str, figure: str | None, unit: str = "xã", basis: str = "latest") -> Part:
    return Part(name, unit, basis, parse_expression(target), Decimal(figure) if figure is not None else None)


@pytest.mark.parametrize("unit", ["xã", "Xã", "trường", "đảng viên", "đảng viên /năm", "Đảng viên/năm", "chi bộ",
                                  "lượt", "hộ", "công trình", "tổ chức đảng"])
def test_counts_add_up(unit: str) -> None:
    assert is_count_unit(unit)


@pytest.mark.parametrize("unit", ["%", "‰", "Tỷ đồng", "triệu đồng", "Triệu USD", "bác sỹ/vạn dân",
                                  "giường bệnh/vạn dân", "tuổi", "", "lần", "Tỷ lệ xã"])
def test_rates_money_and_per_head_figures_do_not(unit: str) -> None:
    assert not is_count_unit(unit)


def test_units_compare_without_case_or_spaces_around_the_slash() -> None:
    assert same_unit("đảng viên /năm", "Đảng viên/năm")
    assert not same_unit("đảng viên", "đảng viên/năm")


def test_districts_targets_and_figures_are_summed_and_every_gap_is_named() -> None:
    own = part("Đảng bộ tỉnh A", "100", "98")
    result = roll_up(own, [part("Huyện B", "40", "42"), part("Huyện C", "50", "53")], owner="tỉnh")
    assert result.summable
    assert result.target_sum == (Decimal(90), Decimal(90)) and result.figure_sum == Decimal(95)
    assert result.flags == [
        "Tổng chỉ tiêu các đảng bộ cấp dưới (90) thấp hơn chỉ tiêu của tỉnh (100): chênh 10.",
        "Tổng số liệu các đảng bộ cấp dưới (95) thấp hơn số liệu của tỉnh (98): chênh 3.",
    ]


def test_sums_equal_to_the_committees_own_raise_no_flag() -> None:
    result = roll_up(part("Tỉnh", "trên 90", "95"), [part("B", "40", "45"), part("C", "từ 50 trở lên", "50")])
    assert result.summable and result.flags == [] and result.target_sum_text == "90"


def test_a_district_without_a_figure_is_named_and_the_sum_says_how_many_it_covers() -> None:
    result = roll_up(part("Tỉnh", "100", "90"), [part("Huyện B", "40", "42"), part("Huyện C", "60", None)])
    assert result.with_figures == 1 and result.figure_sum == Decimal(42)
    assert "Tổng số liệu mới gồm 1/2 đảng bộ cấp dưới; chưa có số liệu: Huyện C." in result.flags


def test_ranges_sum_end_by_end() -> None:
    result = roll_up(part("Tỉnh", "10-12", None), [part("B", "4-5", None), part("C", "6", None)])
    assert result.target_sum_text == "10 - 11"


def test_rates_and_differently_measured_counts_are_never_summed() -> None:
    rate = roll_up(part("Tỉnh", "50%", "60", unit="%"), [part("B", "40%", "45", unit="%")])
    assert not rate.summable and "không phải số đếm" in rate.reason
    basis = roll_up(
        part("Đảng bộ tỉnh Hưng Yên", "1.600", "1.686", unit="đảng viên /năm", basis="mean"),
        [part("Đảng bộ huyện Khoái Châu", "1000 đảng viên", "1064", unit="đảng viên /năm", basis="sum")],
        owner="tỉnh",
    )
    assert not basis.summable
    assert basis.reason == "Đảng bộ huyện Khoái Châu tính lũy kế cả kỳ, tỉnh tính bình quân năm: không cộng được."
    unit = roll_up(part("Tỉnh", "100", None, unit="xã"), [part("B", "40", None, unit="trường")])
    assert not unit.summable and "'trường', khác 'xã'" in unit.reason


def test_nothing_linked_is_said_plainly() -> None:
    assert roll_up(part("Tỉnh", "100", None), []).reason == "Chưa có chỉ tiêu cấp dưới nào liên kết với chỉ tiêu này."
