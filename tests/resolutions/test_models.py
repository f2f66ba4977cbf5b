"""Invariants the database enforces (constraints), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from resolutions.models import Congress, Resolution, Result, to_roman
from tests.factories import make_committee, make_resolution, make_result, make_target


@pytest.mark.parametrize(("n", "roman"), [(1, "I"), (12, "XII"), (19, "XIX"), (20, "XX"), (25, "XXV"), (26, "XXVI")])
def test_congress_ordinals_print_as_roman_numerals(n: int, roman: str) -> None:
    assert to_roman(n) == roman


@pytest.mark.django_db
def test_one_result_per_target_period_and_kind_of_figure() -> None:
    target = make_target(make_resolution())
    make_result(target, "10", period="year", year=2023)
    make_result(target, "11", period="year", year=2023, figure="estimate")  # estimate and official both kept
    with pytest.raises(IntegrityError), transaction.atomic():
        make_result(target, "12", period="year", year=2023)


@pytest.mark.django_db
def test_one_term_result_per_target_and_kind_of_figure() -> None:
    target = make_target(make_resolution())
    make_result(target, "10")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_result(target, "11")


@pytest.mark.django_db
def test_a_year_result_needs_a_year_and_a_term_result_has_none() -> None:
    target = make_target(make_resolution())
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(target=target, period="year", year=None, raw_text="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(target=target, period="term", year=2024, raw_text="1")


@pytest.mark.django_db
def test_term_start_must_be_before_its_end() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Congress.objects.create(committee=make_committee(), ordinal=1, term_start=2025, term_end=2020)


@pytest.mark.django_db
def test_an_override_without_a_reason_is_refused() -> None:
    result = make_result(make_target(make_resolution()), "10")
    result.override_status = "dat"
    with pytest.raises(IntegrityError), transaction.atomic():
        result.save()


@pytest.mark.django_db
def test_an_annual_resolution_needs_its_year_and_is_unique_per_year() -> None:
    committee = make_committee()
    make_resolution(committee, kind="annual", year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_resolution(committee, kind="annual", year=2024)
    congress = Congress.objects.get(committee=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.create(congress=congress, kind="annual", year=None, title="x")


@pytest.mark.django_db
def test_a_target_range_cannot_be_reversed() -> None:
    target = make_target(make_resolution(), "7,5-8")
    target.target_low, target.target_high = target.target_high, target.target_low
    with pytest.raises(IntegrityError), transaction.atomic():
        target.save()
