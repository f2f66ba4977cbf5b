"""Quality ratings: rates from counts (never typed), totals from summed counts, counts that do not add up."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from indicators.ratings import Counts, Grade, Measure, Subject, format_rate, problems, rate, roll_up, share, total

# Seed 001, chú thích 1 (Vĩnh Bảo, 2024).
PARTY_ORGS = Counts(total=49, rated=49, excellent=10, good=39, completed=0, failed=0)
COLLECTIVES = Counts(total=153, rated=153, excellent=30, good=118, completed=0, failed=0)
OFFICIALS = Counts(total=436, rated=436, excellent=86, good=348, completed=2, failed=0)


def test_the_rates_of_seed_001_are_computed_from_its_counts() -> None:
    assert [format_rate(rate(PARTY_ORGS.grade(g), 49)) for g in (Grade.EXCELLENT, Grade.GOOD)] == ["20,4", "79,6"]
    assert [format_rate(rate(OFFICIALS.grade(g), 436)) for g in (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED)] == [
        "19,7", "79,8", "0,46"]  # under 1%: two decimals, as the document writes "0,46%"


def test_a_share_of_good_or_better_adds_the_excellent_and_the_good() -> None:
    assert share(PARTY_ORGS, Measure.GOOD_OR_BETTER).rate == Decimal("100.0")
    assert share(OFFICIALS, Measure.COMPLETED_OR_BETTER) == share(OFFICIALS, Measure.COMPLETED_OR_BETTER)
    assert share(OFFICIALS, Measure.GOOD_OR_BETTER).part == 434
    assert share(Counts(total=10), Measure.GOOD).rate is None  # no grade known: no rate


def test_the_collectives_of_seed_001_do_not_add_up_and_say_so() -> None:
    assert problems(COLLECTIVES, Subject.COLLECTIVES) == [
        "Cộng các mức xếp loại (30 + 118 + 0 + 0 = 148) khác số được đánh giá, xếp loại (153): chênh 5 tập thể."
    ]
    assert problems(PARTY_ORGS) == [] and problems(OFFICIALS) == []


def test_more_rated_than_exist_is_flagged() -> None:
    assert problems(Counts(total=10, rated=12)) == ["Số được đánh giá, xếp loại (12) lớn hơn tổng số (10)."]


def test_grades_summing_above_the_base_are_flagged_even_when_some_are_unknown() -> None:
    assert problems(Counts(rated=10, excellent=6, good=5))[0].startswith("Cộng các mức xếp loại (6 + 5 + 0 + 0 = 11)")
    assert problems(Counts(rated=10, excellent=6, good=3)) == []  # HTNV, Không HTNV unknown: may be the rest


def test_a_total_row_sums_counts_it_never_averages_rates() -> None:
    small = Counts(rated=10, excellent=9, good=1, completed=0, failed=0)  # 90% excellent
    large = Counts(rated=90, excellent=9, good=81, completed=0, failed=0)  # 10% excellent
    both = total([small, large])
    assert both == Counts(rated=100, excellent=18, good=82, completed=0, failed=0)
    assert rate(both.excellent, both.base) == Decimal("18.0")  # not (90 + 10) / 2 = 50


def test_unknown_figures_stay_unknown_in_a_sum() -> None:
    assert total([Counts(total=5), Counts(rated=3)]) == Counts(total=5, rated=3)
    assert total([]).is_empty


def test_counts_roll_up_the_hierarchy_from_the_lowest_committees_with_counts() -> None:
    # province 1 ← districts 2, 3 ← communes 4, 5 (under 2). District 2's own entry is replaced by its communes' sum.
    parents = {1: None, 2: 1, 3: 1, 4: 2, 5: 2}
    own = {2: Counts(rated=99), 3: Counts(rated=5, excellent=1), 4: Counts(rated=10, excellent=2), 5: Counts(rated=20)}
    rolled = roll_up(parents, own)
    assert rolled[2] == Counts(rated=30, excellent=2)
    assert rolled[1] == Counts(rated=35, excellent=3)
    assert rolled[3] == own[3] and 6 not in rolled


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=8))
def test_the_total_rate_is_the_rate_of_the_summed_counts(rows: list[tuple[int, int]]) -> None:
    items = [Counts(rated=a + b, excellent=a, good=b) for a, b in rows]
    summed = total(items)
    assert summed.rated == sum(a + b for a, b in rows)
    assert rate(summed.excellent, summed.base) == rate(sum(a for a, _ in rows), sum(a + b for a, b in rows))
