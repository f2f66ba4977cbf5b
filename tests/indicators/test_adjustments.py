"""The rule for adjusted targets: which adjustment governs a period (indicators.adjustments)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from indicators.adjustments import Adjustment, in_force, period_end
from indicators.expressions import parse_expression

MID_2023 = Adjustment(dt.date(2023, 7, 1), parse_expression("30.000"), "Nghị quyết số 15-NQ/TU", key=1)
START_2025 = Adjustment(dt.date(2025, 1, 1), parse_expression("35.000"), "Nghị quyết số 30-NQ/TU", key=2)


def test_a_year_ends_on_the_31st_of_december_and_a_half_year_on_the_30th_of_june() -> None:
    assert period_end("year", 2023) == dt.date(2023, 12, 31)
    assert period_end("half", 2023) == dt.date(2023, 6, 30)
    assert period_end("term", None) is None


def test_without_adjustments_the_original_is_in_force() -> None:
    assert in_force([], dt.date(2024, 12, 31)) is None
    assert in_force([], None) is None


def test_an_adjustment_from_july_governs_its_own_year_and_later_years_but_not_earlier_ones() -> None:
    assert in_force([MID_2023], period_end("year", 2022)) is None
    assert in_force([MID_2023], period_end("year", 2023)) == MID_2023
    assert in_force([MID_2023], period_end("year", 2024)) == MID_2023


def test_the_first_half_of_the_adjustment_year_is_still_judged_by_the_original() -> None:
    assert in_force([MID_2023], period_end("half", 2023)) is None
    assert in_force([MID_2023], period_end("half", 2024)) == MID_2023


def test_the_latest_adjustment_on_or_before_the_end_of_the_period_wins_in_any_order() -> None:
    for adjustments in ([MID_2023, START_2025], [START_2025, MID_2023]):
        assert in_force(adjustments, period_end("year", 2024)) == MID_2023
        assert in_force(adjustments, period_end("year", 2025)) == START_2025


def test_the_whole_term_is_judged_by_the_latest_adjustment() -> None:
    assert in_force([START_2025, MID_2023], None) == START_2025


@given(st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)), unique=True, max_size=6),
       st.integers(2020, 2026))
def test_the_adjustment_in_force_is_never_later_than_the_period_and_never_older_than_another_eligible(
    dates: list[dt.date], year: int
) -> None:
    adjustments = [Adjustment(d, parse_expression("1"), key=i) for i, d in enumerate(dates)]
    end = period_end("year", year)
    chosen = in_force(adjustments, end)
    eligible = [a for a in adjustments if a.effective_from <= end]  # type: ignore[operator]
    if not eligible:
        assert chosen is None
    else:
        assert chosen is not None and chosen.effective_from <= end  # type: ignore[operator]
        assert all(a.effective_from <= chosen.effective_from for a in eligible)
