"""The Vietnamese admin: every model's list and form, document order, search, filters."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
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


# --------------------------------------------------------------------------- years, labels, one look

@pytest.mark.django_db
@pytest.mark.parametrize("page", [
    "/admin/resolutions/congress/", "/admin/resolutions/resolution/", "/admin/resolutions/submission/",
    "/admin/resolutions/result/?period__exact=year",
])
def test_years_in_admin_lists_and_filters_are_never_grouped(admin_client_demo: Client, page: str) -> None:
    from resolutions import workflow
    from resolutions.models import Submission

    xxv = Resolution.objects.get(congress__committee__key="khoai-chau", congress__ordinal=25)
    workflow.submit(xxv, "year", 2025, User.objects.get(username="quantri"))
    assert Submission.objects.filter(year=2025).exists()
    html = admin_client_demo.get(page).content.decode()
    assert "2025" in html
    assert not re.search(r"2\.0[12]\d", html), re.search(r".{60}2\.0[12]\d.{20}", html)


@pytest.mark.django_db
def test_a_results_page_shows_its_year_as_written_and_the_list_names_the_period_in_vietnamese(
    admin_client_demo: Client, hung_yen_xix: Resolution
) -> None:
    result = Result.objects.filter(target__resolution__congress__committee__key="khoai-chau", period="year").first()
    if result is None:
        from resolutions.services import record_result

        target = Resolution.objects.get(congress__committee__key="khoai-chau", congress__ordinal=25).targets.get(number="2")
        result = record_result(target, period="year", year=2024, text="95")
    html = admin_client_demo.get(reverse("admin:resolutions_result_change", args=[result.pk])).content.decode()
    assert f'<div class="readonly">{result.year}</div>' in html
    assert 'name="year"' not in html  # which period a figure is for never changes here
    listing = admin_client_demo.get("/admin/resolutions/result/").content.decode()
    assert "period label" not in listing.lower() and '<th scope="col" class="sortable column-period_text' in listing


@pytest.mark.django_db
def test_the_submission_page_changes_nothing_by_hand_and_shows_its_year_as_written(admin_client_demo: Client) -> None:
    from resolutions import workflow

    xxv = Resolution.objects.get(congress__committee__key="khoai-chau", congress__ordinal=25)
    submission = workflow.submit(xxv, "year", 2025, User.objects.get(username="quantri"))
    html = admin_client_demo.get(reverse("admin:resolutions_submission_change", args=[submission.pk])).content.decode()
    assert '<div class="readonly">2025</div>' in html and 'name="year"' not in html and 'name="state"' not in html


@pytest.mark.django_db
def test_the_admin_wears_the_dashboards_colours_header_and_favicon(admin_client_demo: Client) -> None:
    html = admin_client_demo.get("/admin/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<div id="site-name"><a href="/">Theo dõi chỉ tiêu nghị quyết</a></div>' in html
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text(encoding="utf-8")
    assert "--header-bg: #8b0000;" in css and "#8b0000" in (settings.BASE_DIR / "static" / "css" / "app.css").read_text()


@pytest.mark.django_db
def test_section_rows_read_with_a_dot_but_the_stored_code_is_kept(hung_yen_xix: Resolution) -> None:
    section = hung_yen_xix.sections.get(code="I")
    assert (section.code, str(section)) == ("I", "I. KINH TẾ")


@pytest.mark.django_db
def test_the_admin_refuses_a_figure_for_a_year_after_the_committee_ended_with_a_message(
    admin_client_demo: Client,
) -> None:
    xxvi = Resolution.objects.get(congress__committee__key="khoai-chau", congress__ordinal=26)
    target = xxvi.targets.exclude(number="").first()
    response = admin_client_demo.post(reverse("admin:resolutions_result_add"), {
        "target": target.pk, "period": "year", "year": "2026", "figure": "official", "raw_text": "90",
        "source_note": "", "override_status": "", "override_reason": "",
    })
    assert response.status_code == 200
    assert "thôi hoạt động từ 01/07/2025; không nhập số liệu năm 2026" in response.content.decode()
    assert not Result.objects.filter(target=target, year=2026).exists()
