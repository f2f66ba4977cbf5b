"""Quality ratings pages: the dashboard page, its Phụ lục 3 download, the admin entry and import pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.ratings import Counts
from reports.excel.ratings import export_ratings_bytes
from resolutions.models import Committee, RatingCount, Result
from resolutions.ratings import ratings_table
from tests.conftest import login, resolution_by

pytestmark = pytest.mark.django_db


def page_of(key: str, year: int = 2024) -> str:
    return f"{reverse('reports:ratings', args=[Committee.objects.get(key=key).pk])}?nam={year}"


def entry_url(key: str, year: int) -> str:
    return f"{reverse('admin:resolutions_ratingcount_entry')}?committee={Committee.objects.get(key=key).pk}&year={year}"


def test_the_district_page_shows_seed_001s_rates_and_flags_the_collectives() -> None:
    html = login("canbo.vinhbao").get(page_of("vinh-bao")).content.decode()
    assert "Kết quả đánh giá, xếp loại chất lượng năm 2024" in html
    assert "20,4" in html and "79,6" in html and "0,46" in html
    assert "Cộng các mức xếp loại (30 + 118 + 0 + 0 = 148) khác số được đánh giá, xếp loại (153): chênh 5 tập thể." in html
    assert "Văn bản ghi 30/148 tập thể HTXSNV" in html
    # The 2025 target judged from the ratings is listed for 2025, with its 2024 figure as context on 2024.
    assert "Chỉ tiêu đánh giá từ số liệu xếp loại năm 2024" in html
    assert "49/49 tổ chức cơ sở đảng từ hoàn thành tốt nhiệm vụ trở lên" in html


def test_the_city_page_sums_its_districts() -> None:
    html = login("canbo.haiphong").get(page_of("hai-phong")).content.decode()
    assert html.count("Đảng bộ huyện Vĩnh Bảo") >= 3 and "cộng từ cấp dưới" not in html


def test_others_get_404_and_the_download_needs_the_export_permission() -> None:
    assert login("canbo.khoaichau").get(page_of("vinh-bao")).status_code == 404
    url = reverse("reports:ratings_export", args=[Committee.objects.get(key="vinh-bao").pk]) + "?nam=2024"
    assert login("canbo.khoaichau").get(url).status_code == 404
    response = login("canbo.vinhbao").get(url)
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "PHỤ LỤC 3"
    assert "filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c%203" in response["Content-Disposition"]


def formset_post(rows: dict[str, dict[str, Any]], versions: dict[str, int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"xl-TOTAL_FORMS": "4", "xl-INITIAL_FORMS": "4", "xl-MIN_NUM_FORMS": "0",
                            "xl-MAX_NUM_FORMS": "4"}
    for i, subject in enumerate(["party_orgs", "collectives", "officials", "party_members"]):
        data[f"xl-{i}-subject"] = subject
        data[f"xl-{i}-version"] = str((versions or {}).get(subject, 0))
        for key, value in rows.get(subject, {}).items():
            data[f"xl-{i}-{key}"] = str(value)
    return data


def test_the_official_enters_2025_counts_and_the_target_is_judged_from_them() -> None:
    client = login("canbo.vinhbao")
    page = client.get(entry_url("vinh-bao", 2025)).content.decode()
    assert "Tỷ lệ được tính tự động" in page
    response = client.post(entry_url("vinh-bao", 2025), formset_post({
        "party_orgs": {"total": 41, "rated": 41, "excellent": 9, "good": 29, "completed": 3, "failed": 0},
        "party_members": {"total": 9500, "rated": 9400, "excellent": 1500, "good": 7200, "completed": 650,
                          "failed": 50},
    }))
    assert response.status_code == 302
    stored = RatingCount.objects.get(committee__key="vinh-bao", year=2025, subject="party_orgs")
    assert stored.counts == Counts(41, 41, 9, 29, 3, 0) and stored.entered_by.username == "canbo.vinhbao"
    figures = dict(Result.objects.filter(target__resolution=resolution_by("vinh-bao", 26, 2025), year=2025)
                   .values_list("target__name", "raw_text"))
    assert figures["Tổ chức cơ sở đảng được đánh giá, xếp loại từ hoàn thành tốt nhiệm vụ trở lên"] == "92,7"
    assert figures["Đảng viên được đánh giá, xếp loại từ hoàn thành tốt nhiệm vụ trở lên"] == "92,6"


def test_the_entry_page_refuses_more_rated_than_exist_and_a_stale_version() -> None:
    client = login("canbo.vinhbao")
    bad = client.post(entry_url("vinh-bao", 2025), formset_post({"party_orgs": {"total": 10, "rated": 12}}))
    assert bad.status_code == 200 and "lớn hơn tổng số" in bad.content.decode()
    assert not RatingCount.objects.filter(year=2025).exists()
    # Someone else saved 2024 since this page was loaded (it shows version 0 for a row now at version 1).
    stale = client.post(entry_url("vinh-bao", 2024), formset_post({"party_orgs": {"total": 50, "rated": 50}}))
    assert "vừa được người khác lưu" in stale.content.decode()
    assert RatingCount.objects.get(committee__key="vinh-bao", year=2024, subject="party_orgs").total == 49


def test_an_official_can_only_pick_the_committees_they_rate() -> None:
    response = login("canbo.khoaichau").get(entry_url("vinh-bao", 2024))
    assert response.status_code == 200 and "Lựa chọn đó không phải" in response.content.decode()
    city = login("canbo.haiphong").get(entry_url("vinh-bao", 2024)).content.decode()
    assert "Đảng bộ huyện Vĩnh Bảo — năm 2024" in city  # the city enters its districts' counts


def test_the_import_page_previews_then_confirms() -> None:
    client = login("canbo.vinhbao")
    vinh_bao = Committee.objects.get(key="vinh-bao")
    data = export_ratings_bytes(ratings_table(vinh_bao, 2024))
    upload = io.BytesIO(data)
    upload.name = "pl3.xlsx"
    url = reverse("admin:reports_importlog_import_ratings")
    preview = client.post(url, {"file": upload, "committee": vinh_bao.pk, "year": 2025})
    html = preview.content.decode()
    assert "Kết quả chạy thử" in html and "Tạo mới 3" in html
    assert not RatingCount.objects.filter(year=2025).exists()
    token = preview.context["confirm"]["token"]
    done = client.post(url, {"confirm": "1", "committee": vinh_bao.pk, "year": 2025, "token": token,
                             "file_name": "pl3.xlsx"})
    assert done.status_code == 302
    assert RatingCount.objects.filter(committee=vinh_bao, year=2025).count() == 3


def test_the_ratings_page_costs_the_same_queries_with_thirty_times_the_subordinates() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.ratings import Subject
    from resolutions.ratings import RatingEntry, save_many
    from tests.factories import make_committee

    client = login("quantri")
    city = Committee.objects.get(key="hai-phong")

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_of("hai-phong"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    small, _ = count()
    districts = [make_committee(f"Đảng bộ huyện Thử {i:02d}", parent=city) for i in range(30)]
    save_many(2024, {d: [RatingEntry(Subject.PARTY_ORGS, Counts(10, 10, 2, 7, 1, 0))] for d in districts})
    large, html = count()
    assert large == small == 9 + 3  # session, user, scoping, committees, counts, targets judged from them; session refresh (3)
    assert html.count("Đảng bộ huyện Thử") == 30
