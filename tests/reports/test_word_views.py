"""Word downloads, the results-section page and the admin upload of Word reports: permissions,
scoping, the title filling the form, preview → confirm."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from reports.models import ImportLog
from reports.word.export import DOCX
from resolutions.models import Committee, Membership, Resolution
from tests.conftest import login, resolution_by
from tests.reports.test_excel_import import counts, term_file
from tests.reports.test_excel_views import IMPORT_URL
from tests.reports.test_word_import import seed_like_report


def word_url(resolution: Resolution, layout: str = "term") -> str:
    return f"{reverse('reports:export_word', args=[resolution.pk])}?layout={layout}"


def section_url(resolution: Resolution, name: str = "reports:results_section", period: str = "") -> str:
    return reverse(name, args=[resolution.pk]) + (f"?period={period}" if period else "")


def leader_without_export(resolution: Resolution) -> Client:
    user = User.objects.create_user("xem.thaibinh", is_staff=True)
    Membership.objects.create(user=user, committee=resolution.congress.committee, role="leader")
    client = Client()
    client.force_login(user)
    return client


class TestWordDownload:
    def test_an_official_downloads_their_table_as_docx_with_a_vietnamese_name(self, thai_binh_xx: Resolution) -> None:
        response = login("canbo.thaibinh").get(word_url(thai_binh_xx))
        assert response.status_code == 200 and response["Content-Type"] == DOCX
        assert response["Content-Disposition"].endswith(".docx")
        assert "filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c" in response["Content-Disposition"]
        document = Document(io.BytesIO(response.content))
        assert any("THÁI BÌNH" in p.text for p in document.paragraphs)

    def test_the_same_checks_as_the_excel_download(self, thai_binh_xx: Resolution) -> None:
        assert login("canbo.khoaichau").get(word_url(thai_binh_xx)).status_code == 404
        assert leader_without_export(thai_binh_xx).get(word_url(thai_binh_xx)).status_code == 403
        assert Client().get(word_url(thai_binh_xx)).status_code == 302
        client = login("canbo.thaibinh")
        assert client.get(word_url(thai_binh_xx, "xyz")).status_code == 400
        assert client.get(word_url(thai_binh_xx, "annual")).status_code == 400

    def test_the_scoreboard_offers_word_beside_excel_in_the_resolutions_own_layout(self, db: None) -> None:
        annual = resolution_by("district-003", 12, 2024)
        page = login("quantri").get(reverse("reports:scoreboard", args=[annual.pk])).content.decode()
        assert f'href="{word_url(annual, "annual")}"' in page and "Tải phụ lục (Word)" in page
        assert f'href="{reverse("reports:export", args=[annual.pk])}?layout=annual"' in page
        assert section_url(annual) in page

    def test_the_admin_export_page_links_word_for_every_layout(self, db: None) -> None:
        response = login("canbo.khoaichau").get(reverse("admin:reports_importlog_export"))
        page = response.content.decode()
        for resolution, links in response.context["rows"]:
            for _label, _excel, word in links:
                assert word.startswith(reverse("reports:export_word", args=[resolution.pk]))
                assert word.replace("&", "&amp;") in page or word in page


class TestResultsSection:
    def test_the_page_shows_the_headline_and_a_paragraph_per_target(self, khoai_chau_xxv: Resolution) -> None:
        response = login("canbo.khoaichau").get(section_url(khoai_chau_xxv))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Có 12/16 chỉ tiêu chủ yếu đạt và vượt" in page
        assert "(12) Tỷ lệ bao phủ bảo hiểm y tế đạt 94%, đạt 96% mục tiêu (mục tiêu trên 98%), chưa đạt chỉ tiêu." in page
        assert "Sao chép đoạn văn" in page and section_url(khoai_chau_xxv, "reports:results_section_word") in page

    def test_a_year_of_the_term_is_written_for_that_year(self, hung_yen_xix: Resolution) -> None:
        response = login("lanhdao.hungyen").get(section_url(hung_yen_xix, period="2021"))
        assert response.status_code == 200
        assert response.context["narrative"].period_label == "Năm 2021"

    def test_the_page_is_scoped_like_the_scoreboard(self, thai_binh_xx: Resolution) -> None:
        assert login("canbo.khoaichau").get(section_url(thai_binh_xx)).status_code == 404
        assert Client().get(section_url(thai_binh_xx)).status_code == 302
        page = leader_without_export(thai_binh_xx).get(section_url(thai_binh_xx))
        assert page.status_code == 200 and "Tải về (Word" not in page.content.decode()

    def test_the_docx_holds_the_section_then_the_appendix_on_its_own_page(self, khoai_chau_xxv: Resolution) -> None:
        response = login("canbo.khoaichau").get(section_url(khoai_chau_xxv, "reports:results_section_word"))
        assert response.status_code == 200 and response["Content-Type"] == DOCX
        document = Document(io.BytesIO(response.content))
        texts = [p.text for p in document.paragraphs if p.text]
        assert texts[0] == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU"
        assert texts[2].startswith("Có 12/16 chỉ tiêu chủ yếu đạt và vượt")
        assert any(t.startswith("(16) ") for t in texts) and "PHỤ LỤC" in texts
        assert len(document.sections) == 2 and len(document.tables) == 1
        assert document.tables[0].rows[0].cells[0].text == "STT"

    def test_the_docx_needs_the_export_permission_and_scope(self, thai_binh_xx: Resolution) -> None:
        url = section_url(thai_binh_xx, "reports:results_section_word")
        assert leader_without_export(thai_binh_xx).get(url).status_code == 403
        assert login("canbo.khoaichau").get(url).status_code == 404


def word_upload(committee: Committee | None = None, congress: Any = "", term: str = "", **extra: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("bao-cao.docx", seed_like_report(), content_type=DOCX), "layout": "term",
            "committee": committee.pk if committee else "", "congress": congress, "term": term, "year": "",
            "sheet": "", "preview": "1", **extra}


class TestAdminWordImport:
    def test_an_empty_form_is_filled_from_the_tables_title_and_confirm_imports(self, db: None) -> None:
        resolution_by("hung-yen-2020", 19).delete()
        hung_yen = Committee.objects.get(key="hung-yen-2020")
        client = login("quantri")
        before = counts()
        response = client.post(reverse(IMPORT_URL), word_upload(sheet="Phụ lục 1A"))
        assert response.status_code == 200
        assert response.context["outcome"].succeeded, response.context["outcome"].errors
        notes = response.context["title_notes"]
        assert notes[0] == ("Đã lấy theo tiêu đề của bảng trong tệp: Đảng bộ tỉnh Hưng Yên, Đại hội lần thứ XIX, "
                            "nhiệm kỳ 2020 - 2025.")
        form = response.context["form"]
        assert (form["committee"].value(), form["congress"].value(), form["term"].value()) == (
            hung_yen.pk, 19, "2020-2025")
        assert counts() == before
        confirm = response.context["confirm_form"].initial
        response = client.post(reverse(IMPORT_URL), {**confirm, "confirm": "1"})
        assert response.status_code == 302
        resolution = Resolution.objects.get(congress__committee=hung_yen, congress__ordinal=19, kind="congress")
        assert resolution.targets.count() == 7
        assert "Word" in resolution.source and ImportLog.objects.latest("pk").succeeded

    def test_a_chosen_committee_picks_its_table_among_several(self, db: None) -> None:
        thai_binh = Committee.objects.get(key="thai-binh-2020")
        response = login("quantri").post(reverse(IMPORT_URL), word_upload(thai_binh))
        outcome = response.context["outcome"]
        assert outcome.succeeded and outcome.sheet == "Phụ lục 1B"
        assert response.context["form"]["congress"].value() == 20

    def test_a_report_with_two_appendix_tables_and_nothing_chosen_asks_which_naming_both(self, db: None) -> None:
        response = login("quantri").post(reverse(IMPORT_URL), word_upload())
        errors = response.context["form"].non_field_errors()
        assert "Tệp có 2 bảng phụ lục đúng mẫu: 'Phụ lục 1A' (Đảng bộ tỉnh Hưng Yên, Đại hội lần thứ XIX" in errors[0]
        assert "'Phụ lục 1B' (Đảng bộ tỉnh Thái Bình, Đại hội lần thứ XX" in errors[0]
        assert "outcome" not in response.context

    def test_of_several_tables_the_one_naming_the_officials_own_committee_is_taken(self, db: None) -> None:
        response = login("canbo.thaibinh").post(reverse(IMPORT_URL), word_upload())
        outcome = response.context["outcome"]
        assert outcome.succeeded, outcome.errors
        assert outcome.sheet == "Phụ lục 1B"
        form = response.context["form"]
        assert (form["committee"].value(), form["congress"].value()) == (
            Committee.objects.get(key="thai-binh-2020").pk, 20)

    def test_a_title_naming_a_committee_the_user_cannot_import_for_changes_nothing(self, db: None) -> None:
        before, logs = counts(), ImportLog.objects.count()
        response = login("canbo.khoaichau").post(reverse(IMPORT_URL), word_upload(sheet="Phụ lục 1A"))
        assert response.status_code == 200
        assert "không phải đảng bộ bạn được nhập" in str(response.context["form"].errors["committee"])
        assert "outcome" not in response.context
        assert counts() == before and ImportLog.objects.count() == logs

    def test_a_workbooks_title_fills_the_form_too(self, db: None) -> None:
        response = login("quantri").post(reverse(IMPORT_URL), {
            **word_upload(), "file": SimpleUploadedFile("1B.xlsx", term_file())})
        form = response.context["form"]
        assert "committee" in form.errors  # "Đảng bộ tỉnh Thử Nhập" does not exist: never created from the web
        assert form.cleaned_data.get("congress") == 1 and form.cleaned_data.get("term") == (2020, 2025)

    def test_a_bad_word_file_shows_its_message_and_writes_nothing(self, db: None) -> None:
        before = counts()
        committee = Committee.objects.get(key="khoai-chau")
        data = word_upload(committee, congress=40, term="2020-2025")
        data["file"] = SimpleUploadedFile("bao-cao.docx", b"%PDF-1.4")
        response = login("canbo.khoaichau").post(reverse(IMPORT_URL), data)
        assert not response.context["outcome"].succeeded
        assert "không phải tệp Word .docx" in response.content.decode()
        assert "confirm_form" not in response.context and counts() == before


def test_the_upload_page_says_it_takes_word_reports(db: None) -> None:
    page = login("quantri").get(reverse(IMPORT_URL)).content.decode()
    assert "Word (.docx)" in page and "Để trống: lấy theo tiêu đề" in page


def test_the_results_page_and_its_docx_cost_the_same_queries_for_a_ten_times_larger_resolution(db: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.management.commands.bench_appendix import generated_doc
    from resolutions.services import apply_document

    client = login("quantri")
    xix = resolution_by("hung-yen-2020", 19)
    committee = Committee.objects.create(key="gen-word", name="Đảng bộ tỉnh Sinh Tự Động", level="province")
    big = Resolution.objects.get(pk=apply_document(generated_doc(10 * xix.targets.count(), committee.name),
                                                   committee).resolution_id)
    counted = {}
    for size, resolution in (("seed", xix), ("big", big)):
        for name in ("reports:results_section", "reports:results_section_word"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(section_url(resolution, name)).status_code == 200
            counted[size, name] = len(queries)
    # + 1 each for the targets' adjustments (issue 13); + 3: the session's idle expiry moved forward on every
    # request (SAVEPOINT, UPDATE, RELEASE).
    assert counted["seed", "reports:results_section"] == counted["big", "reports:results_section"] == 6 + 3
    assert counted["seed", "reports:results_section_word"] == counted["big", "reports:results_section_word"] == 9 + 3
