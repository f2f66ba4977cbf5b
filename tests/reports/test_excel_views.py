"""Downloads and the admin import pages: permissions, scoping and the preview → confirm flow."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.excel.layouts import Layout
from reports.excel_views import XLSX
from reports.models import ImportLog
from resolutions.access import ENTRY_GROUP
from resolutions.models import Committee, Membership, Resolution
from tests.conftest import login
from tests.reports.test_excel_import import counts, term_file

IMPORT_URL = "admin:reports_importlog_import"


def export_url(resolution: Resolution, layout: str = "term") -> str:
    return f"{reverse('reports:export', args=[resolution.pk])}?layout={layout}"


def upload(committee: Committee, congress: int = 20, **extra: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("1B.xlsx", term_file(), content_type=XLSX), "layout": "term",
            "committee": committee.pk, "congress": congress, "term": "2020-2025", "preview": "1", **extra}


class TestDownload:
    def test_an_official_downloads_their_committees_table_with_a_vietnamese_file_name(
        self, thai_binh_xx: Resolution
    ) -> None:
        response = login("canbo.thaibinh").get(export_url(thai_binh_xx))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert "filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c" in response["Content-Disposition"]
        ws = load_workbook(io.BytesIO(response.content)).active
        assert "THÁI BÌNH" in ws["A3"].value

    def test_an_official_of_khoai_chau_cannot_download_thai_binhs_table(self, thai_binh_xx: Resolution) -> None:
        assert login("canbo.khoaichau").get(export_url(thai_binh_xx)).status_code == 404

    def test_a_user_without_the_export_permission_gets_403(self, thai_binh_xx: Resolution) -> None:
        user = User.objects.create_user("xem.thaibinh", is_staff=True)
        Membership.objects.create(user=user, committee=thai_binh_xx.congress.committee, role="leader")
        client = Client()
        client.force_login(user)
        assert client.get(export_url(thai_binh_xx)).status_code == 403

    def test_anonymous_users_are_sent_to_log_in(self, thai_binh_xx: Resolution) -> None:
        assert Client().get(export_url(thai_binh_xx)).status_code == 302

    def test_an_unknown_or_unfitting_layout_is_a_bad_request(self, thai_binh_xx: Resolution) -> None:
        client = login("canbo.thaibinh")
        assert client.get(export_url(thai_binh_xx, "xyz")).status_code == 400
        assert client.get(export_url(thai_binh_xx, "annual")).status_code == 400

    def test_a_leader_downloads_the_history_of_committees_merged_into_theirs(self, hung_yen_xix: Resolution) -> None:
        assert login("lanhdao.hungyen").get(export_url(hung_yen_xix, "midterm")).status_code == 200


class TestAdminImport:
    def test_the_import_page_offers_only_the_users_committees(self, db: None) -> None:
        response = login("canbo.khoaichau").get(reverse(IMPORT_URL))
        assert response.status_code == 200
        choices = list(response.context["form"].fields["committee"].queryset)
        assert [c.key for c in choices] == ["khoai-chau"]

    def test_a_leader_without_the_import_permission_gets_403(self, db: None) -> None:
        assert login("lanhdao.hungyen").get(reverse(IMPORT_URL)).status_code == 403

    def test_a_hand_made_post_for_another_committee_changes_nothing(self, thai_binh_xx: Resolution) -> None:
        before, logs = counts(), ImportLog.objects.count()
        client = login("canbo.khoaichau")
        response = client.post(reverse(IMPORT_URL), upload(thai_binh_xx.congress.committee))
        assert response.status_code == 200 and response.context["form"].errors["committee"]
        confirm = {"confirm": "1", "token": "a" * 64, "file_name": "x.xlsx", "layout": "term",
                   "committee": thai_binh_xx.congress.committee.pk, "congress": 20, "term": "2020-2025"}
        assert client.post(reverse(IMPORT_URL), confirm).status_code == 400
        assert counts() == before and ImportLog.objects.count() == logs

    def test_preview_writes_nothing_and_confirm_imports_once(self, db: None) -> None:
        committee = Committee.objects.get(key="khoai-chau")
        client = login("canbo.khoaichau")
        before = counts()
        response = client.post(reverse(IMPORT_URL), upload(committee, congress=40))
        assert response.status_code == 200
        outcome = response.context["outcome"]
        assert outcome.succeeded and "Chạy thử" in outcome.log.summary
        assert counts() == before
        confirm = response.context["confirm_form"].initial
        response = client.post(reverse(IMPORT_URL), {**confirm, "confirm": "1"})
        assert response.status_code == 302
        resolution = Resolution.objects.get(congress__committee=committee, congress__ordinal=40)
        assert resolution.targets.count() == 6
        log = ImportLog.objects.latest("pk")
        assert log.user.username == "canbo.khoaichau" and log.succeeded and not log.dry_run
        assert log.resolution == resolution

    def test_after_a_good_preview_the_form_shows_what_it_used_and_no_error(self, db: None) -> None:
        committee = Committee.objects.get(key="khoai-chau")
        response = login("canbo.khoaichau").post(reverse(IMPORT_URL), upload(committee, congress=40))
        form = response.context["form"]
        assert response.context["outcome"].succeeded
        assert not form.is_bound and form.initial["committee"] == committee.pk and form.initial["congress"] == 40
        assert "Trường này là bắt buộc" not in response.content.decode()

    def test_a_file_that_changes_nothing_is_not_offered_for_confirmation(self, db: None) -> None:
        committee = Committee.objects.get(key="khoai-chau")
        client = login("canbo.khoaichau")
        first = client.post(reverse(IMPORT_URL), upload(committee, congress=40))
        client.post(reverse(IMPORT_URL), {**first.context["confirm_form"].initial, "confirm": "1"})
        again = client.post(reverse(IMPORT_URL), upload(committee, congress=40))
        assert again.context["outcome"].succeeded and again.context["outcome"].summary.changes_nothing
        assert "confirm_form" not in again.context
        html = again.content.decode()
        assert "nhập tệp này không thay đổi gì" in html and 'name="confirm"' not in html

    def test_a_bad_file_shows_every_error_and_writes_nothing(self, db: None) -> None:
        committee = Committee.objects.get(key="khoai-chau")
        before = counts()
        data = upload(committee, congress=40)
        data["file"] = SimpleUploadedFile("x.xlsx", b"not excel at all")
        response = login("canbo.khoaichau").post(reverse(IMPORT_URL), data)
        assert not response.context["outcome"].succeeded
        assert "không phải tệp Excel" in response.content.decode()
        assert "confirm_form" not in response.context
        assert counts() == before

    def test_the_import_log_lists_only_the_users_imports(self, db: None) -> None:
        khoai_chau = Committee.objects.get(key="khoai-chau")
        login("canbo.khoaichau").post(reverse(IMPORT_URL), upload(khoai_chau, congress=40))
        login("canbo.thaibinh").post(reverse(IMPORT_URL), upload(Committee.objects.get(key="thai-binh-2020"), congress=30))
        response = login("canbo.khoaichau").get(reverse("admin:reports_importlog_changelist"))
        assert response.status_code == 200
        assert [log.committee.key for log in response.context["cl"].result_list] == ["khoai-chau"]

    def test_the_export_page_lists_only_visible_resolutions(self, db: None) -> None:
        response = login("canbo.khoaichau").get(reverse("admin:reports_importlog_export"))
        assert response.status_code == 200
        assert {r.congress.committee.key for r, _links in response.context["rows"]} == {"khoai-chau"}

    def test_an_entry_official_without_a_committee_may_import_for_none(self, db: None) -> None:
        user = User.objects.create_user("canbo.moi", is_staff=True)
        user.groups.add(Group.objects.get(name=ENTRY_GROUP))
        client = Client()
        client.force_login(user)
        response = client.get(reverse(IMPORT_URL))
        assert list(response.context["form"].fields["committee"].queryset) == []


class TestImportLogPage:
    def test_the_log_names_the_layout_the_person_and_the_committee_in_words(self, db: None) -> None:
        from reports.appendix_import import run_import
        from reports.excel.shapes import ImportRequest

        outcome = run_import(term_file(), ImportRequest(
            layout=Layout.TERM, committee_name="Đảng bộ huyện Khoái Châu", ordinal=40, term_start=2020,
            term_end=2025, file_name="1B.xlsx"), dry_run=True)
        html = login("quantri").get(reverse("admin:reports_importlog_change", args=[outcome.log.pk])).content.decode()
        assert "Kết quả thực hiện nhiệm kỳ (Phụ lục 1A, 1B)" in html and ">term<" not in html
        assert "Nhập bằng dòng lệnh" in html and "Để trống: nhập bằng dòng lệnh" not in html
        assert "Đảng bộ huyện Khoái Châu" in html and "Chưa ghi (chạy thử)" in html
        assert str(outcome.log) == "1B.xlsx (chạy thử)"

    def test_a_refused_file_says_why_the_committee_and_resolution_are_empty(self, db: None) -> None:
        from reports.appendix_import import run_import
        from reports.excel.shapes import ImportRequest

        outcome = run_import(b"not excel", ImportRequest(
            layout=Layout.TERM, committee_name="Đảng bộ chưa có", ordinal=1, term_start=2020, term_end=2025,
            file_name="hong.xlsx"))
        html = login("quantri").get(reverse("admin:reports_importlog_change", args=[outcome.log.pk])).content.decode()
        assert "Không xác định (tệp bị từ chối trước khi tìm được đảng bộ)" in html
        assert "Không có (tệp bị từ chối, không ghi gì)" in html

    def test_the_preview_names_rows_by_sheet_row_and_periods_in_words(self, db: None) -> None:
        committee = Committee.objects.get(key="khoai-chau")
        response = login("canbo.khoaichau").post(reverse(IMPORT_URL), upload(committee, congress=40))
        html = response.content.decode()
        assert "Dòng 12: Chỉ tiêu 2 (Tổng vốn đầu tư)" in html
        assert "kết quả cả nhiệm kỳ" in html and "(term" not in html


class TestAppendixLinks:
    """The import and export pages are linked from the admin home and the dashboards' menu, per role."""

    def test_an_official_sees_both_links_on_the_admin_home_and_in_the_menu(self, db: None) -> None:
        client = login("canbo.khoaichau")
        for page in (reverse("admin:index"), reverse("reports:home")):
            html = client.get(page).content.decode()
            assert f'href="{reverse(IMPORT_URL)}"' in html and f'href="{reverse("admin:reports_importlog_export")}"' in html

    def test_a_leader_sees_only_export_the_one_page_they_may_open(self, db: None) -> None:
        client = login("lanhdao.hungyen")
        for page in (reverse("admin:index"), reverse("reports:home")):
            html = client.get(page).content.decode()
            assert f'href="{reverse(IMPORT_URL)}"' not in html
            assert f'href="{reverse("admin:reports_importlog_export")}"' in html
        assert client.get(reverse(IMPORT_URL)).status_code == 403
        assert client.get(reverse("admin:reports_importlog_export")).status_code == 200

    def test_links_follow_the_same_permission_functions_as_the_pages(self, db: None) -> None:
        from resolutions import access

        user = User.objects.create_user("chi.xem", is_staff=True)
        client = Client()
        client.force_login(user)
        assert not access.may_import_appendix(user) and not access.may_export_appendix(user)
        html = client.get(reverse("reports:home")).content.decode()
        assert "Nhập phụ lục" not in html and "Xuất phụ lục" not in html
        assert client.get(reverse("admin:reports_importlog_export")).status_code == 403
