"""The load generator: percentiles, and a short run against a live server (signed-in users, real pages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from reports.loadtest import Page, Sample, Summary, percentile, run
from resolutions.demo import ensure_demo_users
from resolutions.models import Resolution
from resolutions.seeds import load_seeds


def test_percentiles_interpolate_between_ranks() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([7.0], 95) == 7.0 and percentile([], 95) == 0.0


def test_a_summary_counts_errors_and_the_rate() -> None:
    summary = Summary([Sample("a", 200, 0.1), Sample("a", 500, 0.2, "HTTP 500"), Sample("b", 200, 0.3)], 1.5)
    assert [s.label for s in summary.errors] == ["a"]
    assert summary.rate == pytest.approx(2.0)
    assert summary.times("b") == [0.3]


@pytest.fixture(scope="module", autouse=True)
def seeds_reloaded_after_the_flush(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        load_seeds()
        ensure_demo_users()


@pytest.mark.django_db(transaction=True)
def test_a_short_run_signs_users_in_and_times_the_pages(live_server: Any) -> None:
    load_seeds()
    ensure_demo_users()
    resolution = Resolution.objects.get(congress__committee__key="hung-yen-2020", kind="congress")
    address = urlsplit(live_server.url)
    pages = [Page("Trang chủ", "/"), Page("Bảng chỉ tiêu", f"/nghi-quyet/{resolution.pk}/"),
             Page("Excel", f"/nghi-quyet/{resolution.pk}/excel/", content_type="application/vnd.openxmlformats")]
    # One user per run: the test database is SQLite in memory, whose one connection the live server's
    # threads share, so two sign-ins at once (one writing a failed attempt) would interleave savepoints.
    refused = run(address.hostname, address.port, [("canbo.hungyen", "sai")], pages, duration=0,
                  behind_proxy=False)
    assert refused.sign_in_errors == ["canbo.hungyen: đăng nhập 'canbo.hungyen' không được (HTTP 200)"]
    assert refused.samples == []
    summary = run(address.hostname, address.port, [("lanhdao.hungyen", "LanhDao@2025")],
                  pages, duration=1.5, think=(0.05, 0.1), behind_proxy=False)
    assert summary.sign_in_errors == []
    assert len(summary.samples) >= 3 and summary.errors == []
    assert {s.status for s in summary.samples} == {200}
