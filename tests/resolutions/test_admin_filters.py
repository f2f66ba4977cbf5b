"""Least knowledge in the admin: filters, autocompletes and choice lists name only what the user may see."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from resolutions.admin.filters import ScopedRelatedFilter, ScopedValuesFilter, scoped_list_filter
from resolutions.models import Committee, Result, Target
from tests.conftest import login

# Committees outside Khoái Châu's scope, as their names appear in lists ("Đảng bộ tỉnh Thái Bình", ...).
OUTSIDE_KHOAI_CHAU = ["Thái Bình", "Vĩnh Bảo", "Hải Phòng", "Hậu Giang", "Phụng Hiệp", "Hưng Yên"]
OUTSIDE_HUNG_YEN = ["Vĩnh Bảo", "Hải Phòng", "Hậu Giang", "Phụng Hiệp"]

CHANGELISTS = [
    "/admin/resolutions/congress/", "/admin/resolutions/resolution/", "/admin/resolutions/target/",
    "/admin/resolutions/result/", "/admin/resolutions/submission/",
]


def names_in(html: str, names: list[str]) -> list[str]:
    return [name for name in names if name in html]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHANGELISTS)
def test_a_district_officials_changelist_names_no_other_committee(url: str) -> None:
    response = login("canbo.khoaichau").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert names_in(html, OUTSIDE_KHOAI_CHAU) == []
    if url != "/admin/resolutions/submission/":  # the other lists have filters by committee
        assert "Đảng bộ huyện Khoái Châu" in html


@pytest.mark.django_db
def test_a_district_officials_filter_sidebar_lists_only_their_committee_congresses_and_resolutions() -> None:
    html = login("canbo.khoaichau").get("/admin/resolutions/target/").content.decode()
    sidebar = html[html.index('id="changelist-filter"'):]
    assert "Đảng bộ huyện Khoái Châu lần thứ XXV" in sidebar and "Đảng bộ huyện Khoái Châu lần thứ XXVI" in sidebar
    assert names_in(sidebar, OUTSIDE_KHOAI_CHAU) == []


@pytest.mark.django_db
def test_a_district_officials_forms_name_no_other_committee() -> None:
    official = login("canbo.khoaichau")
    khoai_chau = Committee.objects.get(key="khoai-chau")
    result = Result.objects.filter(target__resolution__congress__committee=khoai_chau).first()
    target = Target.objects.filter(resolution__congress__committee=khoai_chau).first()
    for url in [f"/admin/resolutions/result/{result.pk}/change/", f"/admin/resolutions/target/{target.pk}/change/",
                f"/admin/resolutions/resolution/{target.resolution_id}/change/", "/admin/resolutions/result/add/",
                f"/admin/resolutions/target/{target.pk}/history/", "/admin/reports/importlog/nhap-phu-luc/"]:
        response = official.get(url)
        assert response.status_code == 200, url
        assert names_in(response.content.decode(), OUTSIDE_KHOAI_CHAU) == [], url


@pytest.mark.django_db
def test_a_leaders_sidebar_lists_their_province_and_its_history_but_not_other_provinces() -> None:
    html = login("lanhdao.hungyen").get("/admin/resolutions/resolution/").content.decode()
    sidebar = html[html.index('id="changelist-filter"'):]
    assert "Đảng bộ tỉnh Thái Bình" in sidebar and "Đảng bộ huyện Khoái Châu" in sidebar
    assert names_in(sidebar, OUTSIDE_HUNG_YEN) == []


@pytest.mark.django_db
def test_an_administrator_still_sees_every_committee_in_the_filters(admin_client_demo: Client) -> None:
    html = admin_client_demo.get("/admin/resolutions/resolution/").content.decode()
    assert names_in(html, OUTSIDE_KHOAI_CHAU) == OUTSIDE_KHOAI_CHAU


@pytest.mark.django_db
def test_the_committee_autocomplete_answers_only_visible_committees() -> None:
    leader = login("lanhdao.hungyen")
    response = leader.get("/admin/autocomplete/", {"app_label": "resolutions", "model_name": "committee",
                                                    "field_name": "parent", "term": "Đảng bộ"})
    assert response.status_code == 200
    texts = [row["text"] for row in json.loads(response.content)["results"]]
    assert any("Khoái Châu" in t for t in texts)
    assert names_in(" ".join(texts), OUTSIDE_HUNG_YEN) == []


@pytest.mark.django_db
def test_a_forged_filter_value_for_another_committee_shows_none_of_its_rows() -> None:
    vinh_bao = Committee.objects.get(key="vinh-bao")
    response = login("canbo.khoaichau").get(
        "/admin/resolutions/target/", {"resolution__congress__committee__id__exact": vinh_bao.pk}
    )
    assert response.status_code == 200
    shown = {t.resolution.congress.committee.key for t in response.context["cl"].result_list}
    assert shown == {"khoai-chau"}
    assert "Vĩnh Bảo" not in response.content.decode()


def test_every_filter_reaching_a_committee_owned_model_is_swapped_for_a_scoped_one() -> None:
    items = scoped_list_filter(Target, ["resolution__congress__committee", "resolution", "section__title",
                                        "target_kind", ("resolution__congress", ScopedRelatedFilter)])
    assert items == [
        ("resolution__congress__committee", ScopedRelatedFilter), ("resolution", ScopedRelatedFilter),
        ("section__title", ScopedValuesFilter), "target_kind", ("resolution__congress", ScopedRelatedFilter),
    ]
