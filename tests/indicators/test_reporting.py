"""Which year's figures are due: pages open on it, never on a future year."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.reporting import latest_due_year, nearest_due_year


@pytest.mark.parametrize(("today", "due"), [
    (dt.date(2026, 11, 25), 2025),
    (dt.date(2026, 11, 30), 2025),
    (dt.date(2026, 12, 1), 2026),
    (dt.date(2027, 1, 15), 2026),
])
def test_a_years_figures_are_due_from_the_first_of_december(today: dt.date, due: int) -> None:
    assert latest_due_year(today) == due


def test_the_nearest_due_year_is_the_latest_due_one_never_a_future_one() -> None:
    assert nearest_due_year(range(2021, 2031), dt.date(2026, 11, 25)) == 2025
    assert nearest_due_year([2030, 2029, 2021], dt.date(2026, 11, 25)) == 2021


def test_when_no_year_is_due_yet_the_first_one_is_proposed_and_none_without_years() -> None:
    assert nearest_due_year(range(2026, 2031), dt.date(2026, 3, 1)) == 2026
    assert nearest_due_year([], dt.date(2026, 3, 1)) is None
