"""The admin's writes that change verdicts keep the stored tallies current (they go through services).

Each test posts the admin's own change form back, as a browser would, with one value changed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
import tablib
from django.test import Client
from django.urls import reverse

from indicators.models import Indicator
from indicators.statuses import Status
from resolutions import services
from resolutions.admin.catalogue import IndicatorResource
from resolutions.models import Congress, Resolution, Result, Target
from resolutions.tallies import stored_tallies
from tests.conftest import login
from tests.factories import make_indicator, make_resolution, make_target
from tests.resolutions.test_tallies import assert_current

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The fields of the page's main form, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data[name] = a.get("value") or "on"
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def change_form(client: Client, url: str) -> dict[str, Any]:
    parser = _Form()
    parser.feed(client.get(url).content.decode())
    return parser.data


def post_change(client: Client, url: str, **changes: Any) -> None:
    data = change_form(client, url) | {k: str(v) for k, v in changes.items()}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 302, re.findall(r'errorlist[^>]*>(.*?)</ul>', html, re.S) or html[:2000]


def term(resolution: Resolution) -> dict[Status, int]:
    return {s: n for s, (n, _x, _y) in stored_tallies(resolution.pk).get(("term", None), {}).items()}


@pytest.fixture
def resolution() -> Resolution:
    resolution = make_resolution()
    target = make_target(resolution, "trên 9,5", number="1")
    services.record_result(target, period="term", year=None, text="9,8")
    return resolution


def test_changing_the_margin_in_the_resolution_admin_recounts_its_tallies(resolution: Resolution) -> None:
    assert term(resolution) == {Status.EXCEEDED: 1}
    post_change(login("quantri"), reverse("admin:resolutions_resolution_change", args=[resolution.pk]),
                exceed_margin="0.5")
    resolution.refresh_from_db()
    assert resolution.exceed_margin == 0.5
    assert term(resolution) == {Status.ACHIEVED: 1}


def test_a_target_text_changed_inline_in_the_resolution_admin_is_recounted(resolution: Resolution) -> None:
    url = reverse("admin:resolutions_resolution_change", args=[resolution.pk])
    client = login("quantri")
    data = change_form(client, url)
    prefix = next(k for k in data if k.endswith("-0-target_text")).removesuffix("target_text")
    post_change(client, url, **{f"{prefix}target_text": "trên 12"})
    assert term(resolution) == {Status.NOT_ACHIEVED: 1}
    assert_current(resolution)


def test_a_target_edited_in_the_target_admin_is_recounted(resolution: Resolution) -> None:
    target = Target.objects.get(resolution=resolution)
    post_change(login("quantri"), reverse("admin:resolutions_target_change", args=[target.pk]), target_text="10")
    assert term(resolution) == {Status.NOT_ACHIEVED: 1}


def test_a_figure_deleted_in_the_result_admin_is_recounted(resolution: Resolution) -> None:
    result = Result.objects.get(target__resolution=resolution)
    login("quantri").post(reverse("admin:resolutions_result_delete", args=[result.pk]), {"post": "yes"})
    assert not Result.objects.filter(pk=result.pk).exists()
    assert term(resolution) == {Status.NO_DATA: 1}


def test_a_congress_given_a_new_term_in_the_admin_recounts_its_resolutions(resolution: Resolution) -> None:
    congress = Congress.objects.get(pk=resolution.congress_id)
    post_change(login("quantri"), reverse("admin:resolutions_congress_change", args=[congress.pk]),
                term_start=2021, term_end=2026)
    assert ("year", 2026) in stored_tallies(resolution.pk)


def test_a_direction_changed_in_the_catalogue_admin_rejudges_the_targets_on_it() -> None:
    indicator = make_indicator("higher")
    resolution = make_resolution()
    target = make_target(resolution, "100", number="1", indicator=indicator)
    services.record_result(target, period="term", year=None, text="120")
    assert term(resolution) == {Status.EXCEEDED: 1}
    post_change(login("quantri"), reverse("admin:indicators_indicator_change", args=[indicator.pk]), direction="lower")
    assert Indicator.objects.get(pk=indicator.pk).direction == "lower"
    assert term(resolution) == {Status.NOT_ACHIEVED: 1}


def test_a_catalogue_file_import_that_changes_a_direction_rejudges_the_targets_on_it() -> None:
    indicator = make_indicator("higher", key="nhap-tu-tep")
    resolution = make_resolution()
    target = make_target(resolution, "100", number="1", indicator=indicator)
    services.record_result(target, period="term", year=None, text="120")
    exported = IndicatorResource().export(Indicator.objects.filter(pk=indicator.pk))
    row = dict(zip(exported.headers, exported[0], strict=True)) | {"Chiều đánh giá": "lower"}
    dataset = tablib.Dataset(list(row.values()), headers=list(row))
    result = IndicatorResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert term(resolution) == {Status.NOT_ACHIEVED: 1}
