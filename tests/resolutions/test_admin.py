"""The Vietnamese admin: every model's list and form, document order, search, filters."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from resolutions.models import Committee, Resolution, Result

MODELS = [
    "resolutions/committee", "resolutions/congress", "resolutions/resolution", "resolutions/target",
    "resolutions/result", "resolutions/membership", "resolutions/submission", "indicators/indicator",
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_working_admin_list(admin_client_demo: Client, model: str) -> None:
    response = admin_client_demo.get(f"/admin/{model}/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.django_db
def test_the_resolution_page_lists_its_targets_in_document_order(
    admin_client_demo: Client, hung_yen_xix: Resolution
) -> None:
    response = admin_client_demo.get(reverse("admin:resolutions_resolution_change", args=[hung_yen_xix.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    names = list(hung_yen_xix.targets.order_by("order").values_list("name", flat=True))
    positions = [html.index(name) for name in ["Tốc độ tăng tổng sản phẩm trên địa bàn", "GRDP bình quân đầu người",
                                                "Kết nạp đảng viên mới"]]
    assert positions == sorted(positions)
    assert len(names) == hung_yen_xix.targets.count()


@pytest.mark.django_db
def test_search_ignores_vietnamese_diacritics(admin_client_demo: Client) -> None:
    response = admin_client_demo.get("/admin/resolutions/committee/", {"q": "khoai chau"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [Committee.objects.get(key="khoai-chau")]
    targets = admin_client_demo.get("/admin/resolutions/target/", {"q": "ty le ho ngheo"})
    found = {t.name for t in targets.context["cl"].result_list}
    assert "Tỷ lệ hộ nghèo" in found


@pytest.mark.django_db
def test_results_filter_by_period(admin_client_demo: Client) -> None:
    response = admin_client_demo.get("/admin/resolutions/result/", {"period__exact": "year"})
    shown = list(response.context["cl"].queryset)
    assert shown and all(r.period == "year" for r in shown)
    assert len(shown) == Result.objects.filter(period="year").count()


@pytest.mark.django_db
def test_the_reconciliation_filter_lists_the_disagreements(admin_client_demo: Client, hung_yen_xix: Resolution) -> None:
    response = admin_client_demo.get(
        "/admin/resolutions/result/", {"doi_chieu": "lech", "target__resolution__id__exact": hung_yen_xix.pk}
    )
    shown = {r.target.name for r in response.context["cl"].queryset}
    assert "Giá trị" in shown and "Tổng vốn đầu tư toàn xã hội" in shown
    assert "Bảo hiểm xã hội" not in shown  # Chưa đạt in both
    agreeing = admin_client_demo.get(
        "/admin/resolutions/result/", {"doi_chieu": "khop", "target__resolution__id__exact": hung_yen_xix.pk}
    )
    agreed = {r.target.name for r in agreeing.context["cl"].queryset}
    assert "Bảo hiểm xã hội" in agreed and "Giá trị" not in agreed
    assert len(agreed) + len(shown) <= 35


@pytest.mark.django_db
def test_the_result_page_explains_its_verdict(admin_client_demo: Client, hung_yen_xix: Resolution) -> None:
    result = Result.objects.get(target__resolution=hung_yen_xix, target__number="2")
    response = admin_client_demo.get(reverse("admin:resolutions_result_change", args=[result.pk]))
    html = response.content.decode()
    assert "Vượt" in html and "133" in html and "130" in html
