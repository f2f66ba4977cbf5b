"""Prefetched related rows read without a related manager (resolutions.prefetched)."""

from __future__ import annotations

from typing import Any

from resolutions.models import Resolution, Target
from resolutions.prefetch import prefetched


def test_prefetched_rows_are_read_without_a_query(hung_yen_xix: Resolution, django_assert_num_queries: Any) -> None:
    targets = list(Target.objects.filter(resolution=hung_yen_xix).prefetch_related("results"))
    with django_assert_num_queries(0):
        read = {t.pk: list(prefetched(t, "results")) for t in targets}
    assert read == {t.pk: list(t.results.all()) for t in targets}
    assert any(read.values())


def test_rows_not_prefetched_are_queried(hung_yen_xix: Resolution, django_assert_num_queries: Any) -> None:
    target = next(t for t in Target.objects.filter(resolution=hung_yen_xix) if t.results.exists())
    stored = list(target.results.all())
    with django_assert_num_queries(1):
        assert list(prefetched(target, "results")) == stored != []
