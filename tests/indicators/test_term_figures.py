"""A term's figure from its yearly figures (indicators.term_figures); no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.term_figures import TermBasis, resolve_term_figure, term_figure, term_figure_explanation

D = Decimal

YEARS = [D("9.0"), D("10.0"), D("11.0")]


def test_term_figure_latest_is_the_last_year() -> None:
    assert term_figure(TermBasis.LATEST, YEARS) == D("11.0")


def test_term_figure_sum_is_the_cumulative_total() -> None:
    assert term_figure(TermBasis.SUM, [D(1600), D(1686), D("1700.5")]) == D("4986.5")


def test_term_figure_mean_is_the_arithmetic_mean() -> None:
    assert term_figure(TermBasis.MEAN, YEARS) == D(10)
    assert term_figure(TermBasis.MEAN, [D(1), D(2), D(2)]) == D("1.67")


def test_growth_mean_is_the_geometric_mean_of_yearly_rates() -> None:
    # 1,09 · 1,10 · 1,11 = 1,33089; cube root ≈ 1,0999690 → 9,9969 % → 10,00.
    assert term_figure(TermBasis.GROWTH_MEAN, YEARS) == D("10.00")
    # 1,05 · 1,10 = 1,155; square root ≈ 1,0747093 → 7,47 % (the arithmetic mean would say 7,5).
    assert term_figure(TermBasis.GROWTH_MEAN, [D(5), D(10)]) == D("7.47")
    # Halving then doubling is no growth, although the arithmetic mean is 25 %.
    assert term_figure(TermBasis.GROWTH_MEAN, [D(-50), D(100)]) == D("0.00")
    # 1,00 · 1,21 = 1,21; square root = 1,1 exactly.
    assert term_figure(TermBasis.GROWTH_MEAN, [D(0), D(21)]) == D("10.00")


def test_growth_mean_is_undefined_when_a_year_loses_everything() -> None:
    assert term_figure(TermBasis.GROWTH_MEAN, [D(10), D(-100)]) is None


@pytest.mark.parametrize("basis", list(TermBasis))
def test_term_figure_of_no_years_is_none(basis: TermBasis) -> None:
    assert term_figure(basis, []) is None


def test_entered_term_figure_wins_over_the_computed_one() -> None:
    assert resolve_term_figure(TermBasis.GROWTH_MEAN, YEARS, D("9.69")) == D("9.69")
    assert resolve_term_figure(TermBasis.GROWTH_MEAN, YEARS, None) == D("10.00")
    assert resolve_term_figure(TermBasis.SUM, [], None) is None


def test_term_figure_explanations_are_vietnamese() -> None:
    rates = [D("9.5"), D("9.6"), D("9.7"), D("9.8"), D("9.85")]
    assert term_figure(TermBasis.GROWTH_MEAN, rates) == D("9.69")
    assert (
        term_figure_explanation(TermBasis.GROWTH_MEAN, rates, None)
        == "Bình quân tăng trưởng (trung bình nhân) 5 năm: 9,69%"
    )
    assert term_figure_explanation(TermBasis.SUM, [D(1600), D(1686)], None) == "Lũy kế 2 năm: 3.286"
    entered = term_figure_explanation(TermBasis.GROWTH_MEAN, YEARS, D("9.69"))
    assert entered.startswith("Ước thực hiện (nhập tay): 9,69%")
    assert term_figure_explanation(TermBasis.MEAN, [], None) == "Chưa có số liệu năm nào"


@given(st.lists(st.decimals(min_value=D("-20"), max_value=D("30"), places=2), min_size=1, max_size=6))
def test_growth_mean_lies_between_the_smallest_and_largest_year(rates: list[Decimal]) -> None:
    assume(all(rate > -100 for rate in rates))
    growth = term_figure(TermBasis.GROWTH_MEAN, rates)
    assert growth is not None
    assert min(rates) - D("0.01") <= growth <= max(rates) + D("0.01")
