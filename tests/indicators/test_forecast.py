"""Forecasts for a term still running (indicators.forecast), one test per rule, without a database."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from indicators.evaluation import Direction
from indicators.expressions import parse_expression
from indicators.forecast import (
    SoFar,
    TermFigures,
    figure_so_far,
    forecast,
    judged_basis,
    term_is_running,
)
from indicators.numbers import format_number, parse_number
from indicators.statuses import Status
from indicators.term_figures import TermBasis


def figures(yearly: dict[int, str] | None = None, half: dict[int, str] | None = None,
            so_far: SoFar | None = None, first: int = 2021, last: int = 2025) -> TermFigures:
    return TermFigures(
        first, last, {y: parse_number(v) for y, v in (yearly or {}).items()},
        {y: parse_number(v) for y, v in (half or {}).items()}, so_far,
    )


# --------------------------------------------------------------------------- when a term is running


def test_a_term_is_running_until_its_last_year_has_a_figure_or_a_term_figure_is_entered() -> None:
    assert term_is_running(figures({2021: "5"}), term_entered=False)
    assert not term_is_running(figures({2025: "5"}), term_entered=False)
    assert not term_is_running(figures({2021: "5"}), term_entered=True)


# --------------------------------------------------------------------------- cumulative (lũy kế)


def test_cumulative_already_met_is_secured_for_good() -> None:
    verdict = forecast(parse_expression("250.000"), figures({2021: "90.000", 2022: "95.000", 2023: "100.000"}),
                       TermBasis.SUM)
    assert verdict.status == Status.SECURED
    assert verdict.as_of == 2023
    assert "285.000" in verdict.explanation and verdict.explanation.endswith("(tạm tính đến năm 2023)")


def test_cumulative_on_pace_to_meet_the_target_is_likely() -> None:
    # 144.000 in three years is 48.000 a year: 240.000 by 2025 against 230.000.
    verdict = forecast(parse_expression("230.000"), figures({2021: "40.000", 2022: "50.000", 2023: "54.000"}),
                       TermBasis.SUM)
    assert verdict.status == Status.LIKELY
    assert "48.000/năm" in verdict.explanation and "240.000" in verdict.explanation


def test_cumulative_off_pace_is_unlikely() -> None:
    verdict = forecast(parse_expression("300.000"), figures({2021: "40.000", 2022: "50.000", 2023: "54.000"}),
                       TermBasis.SUM)
    assert verdict.status == Status.UNLIKELY


def test_a_figure_for_the_period_so_far_covers_the_years_it_names_and_wins_over_the_yearly_ones() -> None:
    # DOMAIN.md: 144.000 tỷ for 2021-2023 is a pace of 48.000 a year, so 240.000 by 2025 against 230.000.
    so_far = SoFar(D("144000"), 2023, D("3"))
    verdict = forecast(parse_expression("230.000"), figures({2021: "1", 2022: "1", 2023: "1"}, so_far=so_far),
                       TermBasis.SUM)
    assert verdict.status == Status.LIKELY
    assert "240.000" in verdict.explanation


def test_the_figure_so_far_counts_a_period_so_far_figure_with_the_later_years_by_the_basis() -> None:
    # DOMAIN.md's mid-term example, then the years after it: 144.000 tỷ for 2021-2023, 50.000 in 2024
    # and 52.000 in 2025 make 246.000 for the term; the so-far figure wins over 2021-2023's own figures.
    so_far = SoFar(D("144000"), 2023, D("3"))
    f = figures({2021: "1", 2022: "1", 2023: "1", 2024: "50.000", 2025: "52.000"}, so_far=so_far)
    value, note = figure_so_far(f, TermBasis.SUM)
    assert value == D("246000") and note.startswith("Lũy kế 2021 - 2025: 246.000")
    # A mean weighs the so-far figure by the years it covers: (8 × 3 + 5 + 5) / 5 = 6,8.
    mean = figures({2024: "5", 2025: "5"}, so_far=SoFar(D("8"), 2023, D("3")))
    assert figure_so_far(mean, TermBasis.MEAN)[0] == D("6.80")
    assert D("6.7") < figure_so_far(mean, TermBasis.GROWTH_MEAN)[0] < D("6.8")
    # A level is the latest figure known; without a so-far figure, the yearly figures as before.
    assert figure_so_far(mean, TermBasis.LATEST)[0] == D("5")
    assert figure_so_far(figures(so_far=SoFar(D("7"), 2023, D("3"))), TermBasis.LATEST)[0] == D("7")
    assert figure_so_far(figures({2021: "2", 2022: "3"}), TermBasis.SUM) == (D("5"), "Lũy kế 2 năm: 5")
    assert figure_so_far(figures(), TermBasis.SUM) == (None, "")
    # A so-far figure ending with a first half year says so.
    assert figure_so_far(figures(so_far=SoFar(D("8"), 2023, D("2.5"))), TermBasis.GROWTH_MEAN) == (
        D("8"), "Từ đầu nhiệm kỳ đến 6 tháng năm 2023: 8%")


def test_a_half_year_report_counts_as_half_a_year_of_pace() -> None:
    # 2021, 2022 and the first half of 2023: 100.000 in 2,5 years is 40.000 a year → 200.000 by 2025.
    f = figures({2021: "40.000", 2022: "40.000"}, half={2023: "20.000"})
    verdict = forecast(parse_expression("210.000"), f, TermBasis.SUM)
    assert verdict.status == Status.UNLIKELY
    assert "200.000" in verdict.explanation and "6 tháng năm 2023" in verdict.explanation
    assert forecast(parse_expression("200.000"), f, TermBasis.SUM).status == Status.LIKELY


def test_a_per_year_target_stored_as_cumulative_is_judged_by_its_mean() -> None:
    f = figures({2021: "1.700", 2022: "1.650"})
    verdict = forecast(parse_expression("1.600"), f, TermBasis.SUM, per_year=True)
    assert verdict.status == Status.LIKELY and verdict.rule == "forecast_mean"


def test_a_per_year_target_stored_as_cumulative_is_judged_by_its_mean_for_every_rule() -> None:
    # "1.600 đảng viên/năm" linked to the catalogue's new party members (usually lũy kế): the term
    # figure, the forecast and a year's verdict all read it as a mean, never as the sum of the years.
    assert judged_basis(TermBasis.SUM, "1.600", "đảng viên/năm") == TermBasis.MEAN
    assert judged_basis("sum", "2.000 đảng viên mỗi năm", "") == TermBasis.MEAN
    # A real total stays a total; other bases are what the target says.
    assert judged_basis(TermBasis.SUM, "250.000", "tỷ đồng") == TermBasis.SUM
    assert judged_basis(TermBasis.LATEST, "115 triệu đồng/năm", "triệu đồng/năm") == TermBasis.LATEST
    assert judged_basis("growth_mean", "10", "%/năm") == TermBasis.GROWTH_MEAN


# --------------------------------------------------------------------------- means


def test_a_mean_target_is_forecast_by_the_mean_of_the_full_years_so_far() -> None:
    f = figures({2021: "7", 2022: "8", 2023: "9"})
    assert forecast(parse_expression("trên 7,5"), f, TermBasis.MEAN).status == Status.LIKELY
    assert forecast(parse_expression("trên 8,5"), f, TermBasis.MEAN).status == Status.UNLIKELY


def test_a_growth_mean_is_forecast_by_the_geometric_mean_so_far() -> None:
    f = figures({2021: "9", 2022: "10", 2023: "11"})
    verdict = forecast(parse_expression("7,5 - 8"), f, TermBasis.GROWTH_MEAN)
    assert verdict.status == Status.LIKELY  # beyond the good end of the range: still on track
    assert "10%/năm" in verdict.explanation


def test_a_half_year_alone_is_not_a_full_year_for_a_mean() -> None:
    assert forecast(parse_expression("5"), figures(half={2021: "6"}), TermBasis.MEAN).status == Status.NO_DATA


# --------------------------------------------------------------------------- end-of-term level


def test_an_end_of_term_level_is_forecast_by_the_least_squares_line_read_at_the_last_year() -> None:
    # 100, 110, 120 in 2021-2023: the line reaches 140 in 2025.
    f = figures({2021: "100", 2022: "110", 2023: "120"})
    verdict = forecast(parse_expression("140"), f, TermBasis.LATEST)
    assert verdict.status == Status.LIKELY and "140" in verdict.explanation
    assert forecast(parse_expression("141"), f, TermBasis.LATEST).status == Status.UNLIKELY


def test_a_single_figure_is_its_own_forecast() -> None:
    verdict = forecast(parse_expression("130 triệu đồng/năm"), figures({2026: "95,5"}, first=2026, last=2030),
                       TermBasis.LATEST)
    assert verdict.status == Status.UNLIKELY and verdict.as_of == 2026


def test_a_lower_is_better_level_trending_down_far_enough_is_likely() -> None:
    f = figures({2021: "3", 2022: "2,5", 2023: "2"})
    assert forecast(parse_expression("giảm còn 1,2"), f, TermBasis.LATEST, Direction.LOWER).status == Status.LIKELY
    assert forecast(parse_expression("dưới 0,9"), f, TermBasis.LATEST, Direction.LOWER).status == Status.UNLIKELY


def test_no_figure_at_all_is_no_data_not_a_forecast() -> None:
    for basis in TermBasis:
        verdict = forecast(parse_expression("100"), figures(), basis)
        assert verdict.status == Status.NO_DATA and verdict.as_of is None


def test_up_to_a_year_forgets_what_came_later() -> None:
    f = figures({2021: "1", 2022: "2", 2023: "3"}, so_far=SoFar(D("6"), 2023, D("3")))
    earlier = f.up_to(2022)
    assert dict(earlier.yearly) == {2021: D(1), 2022: D(2)} and earlier.so_far is None


@given(st.lists(st.decimals(min_value=D("0"), max_value=D("1000"), places=1), min_size=1, max_size=4))
def test_a_cumulative_forecast_never_gets_worse_when_the_sum_so_far_grows(values: list[D]) -> None:
    target = parse_expression("1.000")
    f = figures({2021 + i: format_number(v) for i, v in enumerate(values)})
    bigger = figures({**{y: format_number(v) for y, v in f.yearly.items()}, 2021: format_number(values[0] + 100)})
    order = [Status.UNLIKELY, Status.LIKELY, Status.SECURED]
    assert order.index(forecast(target, bigger, TermBasis.SUM).status) >= order.index(
        forecast(target, f, TermBasis.SUM).status
    )
