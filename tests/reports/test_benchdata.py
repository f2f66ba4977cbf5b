"""The generated datasets behind ``manage.py bench``: the national builder writes its results with
PostgreSQL's COPY, the province builder with ``bulk_create``; both must give the same rows."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db import connection

from reports.benchdata import _ResultWriter, build_national, make_committees, make_indicators, populate
from resolutions.models import Result, Target

pytestmark = pytest.mark.django_db


def _stored(rows: list[Result]) -> list[tuple]:
    skip = {"id", "target", "entered_at", "updated_at"}
    names = [f.attname for f in Result._meta.concrete_fields if f.name not in skip]
    return sorted((tuple(getattr(r, n) for n in names) for r in rows), key=repr)


def test_a_small_country_builds_with_every_result_stored_and_counted():
    data = build_national(committees=40, provinces=2, districts=4, targets=4, terms=((2020, 2025),), prefix="t")
    assert len(data.committees) == 40
    assert len(data.resolutions) == 40
    results = Result.objects.filter(target__resolution__in=data.resolutions)
    # 4 targets × 5 years each, and a term estimate for target 8, 16… (none among 4).
    assert results.count() == 40 * 4 * 5
    one = results.select_related("target").filter(year=2021).order_by("target__order").first()
    assert one.value is not None and one.value_kind == "point"
    assert one.check_reason == "" and one.version == 1 and one.entered_at is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_same_rows_as_bulk_create():
    committees = make_committees(2, "cp", None, districts=1)
    indicators = make_indicators("cp", 3)
    copied = populate(committees[:1], indicators, ((2020, 2025),), random.Random(1), _ResultWriter(use_copy=True))
    bulk = populate(committees[1:], indicators, ((2020, 2025),), random.Random(1), _ResultWriter(use_copy=False))
    by_copy = list(Result.objects.filter(target__resolution__in=copied))
    by_bulk = list(Result.objects.filter(target__resolution__in=bulk))
    assert len(by_copy) == len(by_bulk) == 3 * 5
    assert _stored(by_copy) == _stored(by_bulk)
    assert all(isinstance(r.value, Decimal) for r in by_copy)
    assert Target.objects.filter(resolution__in=copied).count() == 3
