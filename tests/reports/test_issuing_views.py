"""Issuing from the scoreboard, the issued version's page and its files, as issued, with what changed since."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from reports.excel.export import export_bytes
from reports.excel.layouts import Layout
from resolutions.models import IssuedFile, IssuedReport, Resolution, Target
from resolutions.services import record_result
from tests.conftest import login, resolution_by

pytestmark = pytest.mark.django_db


def issue_scoreboard(resolution: Resolution, username: str = "canbo.hungyencu", **extra: str):  # noqa: ANN201
    return login(username).post(reverse("reports:issue", args=[resolution.pk]),
                                 {"kind": "scoreboard", "period": "term", "note": "Gửi Ban Thường vụ", **extra})


def test_the_office_issues_the_scoreboard_and_its_page_shows_it_as_issued_with_its_files() -> None:
    xix = resolution_by("hung-yen-2020", 19)
    response = issue_scoreboard(xix)
    report = IssuedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:issued", args=[report.pk])
    client = login("canbo.hungyencu")
    page = client.get(response["Location"]).content.decode()
    assert "bản phát hành số 1" in page and "Gửi Ban Thường vụ" in page
    assert "Không có thay đổi sau khi phát hành" in page and "mức vượt tối thiểu 0;" in page
    assert report.snapshot["headline"] in page
    assert {f.format for f in report.files.all()} == {"xlsx", "docx"}
    excel = client.get(reverse("reports:issued_file", args=[report.pk, "xlsx"]))
    assert excel.content == bytes(IssuedFile.objects.get(report=report, format="xlsx").content)
    assert load_workbook(io.BytesIO(excel.content)).active["A3"].value.startswith("ĐẢNG BỘ TỈNH HƯNG YÊN")
    word = client.get(reverse("reports:issued_file", args=[report.pk, "docx"]))
    assert Document(io.BytesIO(word.content)).tables


def test_an_edit_after_issuing_shows_on_the_scoreboard_and_the_issued_page_keeps_the_issued_figures() -> None:
    xix = resolution_by("hung-yen-2020", 19)
    issue_scoreboard(xix)
    report = IssuedReport.objects.get()
    issued_file = bytes(IssuedFile.objects.get(report=report, format="xlsx").content)
    budget = Target.objects.get(resolution=xix, name="Thu ngân sách trên địa bàn")
    record_result(budget, period="term", year=None, text="20.000", estimate=True)
    client = login("lanhdao.hungyen")
    board = client.get(reverse("reports:scoreboard", args=[xix.pk])).content.decode()
    assert "Đã thay đổi sau khi phát hành" in board and "2 thay đổi" in board
    page = client.get(reverse("reports:issued", args=[report.pk])).content.decode()
    assert "Đã thay đổi sau khi phát hành" in page
    assert "<td>Kết quả</td><td>44.923</td><td>20.000</td>" in page
    assert "<td>Đánh giá</td><td>Vượt</td><td>Chưa đạt</td>" in page
    assert ">44.923" in page  # the issued table still shows the issued figure
    # The file stays byte for byte as issued; a fresh export differs.
    assert bytes(IssuedFile.objects.get(report=report, format="xlsx").content) == issued_file
    assert export_bytes(xix, Layout.TERM) != issued_file


def test_an_appendix_is_issued_with_its_number_and_layout() -> None:
    xx = resolution_by("thai-binh-2020", 20)
    response = login("canbo.thaibinh").post(reverse("reports:issue", args=[xx.pk]),
                                            {"kind": "appendix", "layout": "term", "appendix": "1B"})
    report = IssuedReport.objects.get()
    assert response.status_code == 302 and (report.kind, report.layout, report.appendix) == ("appendix", "term", "1B")
    data = bytes(report.files.get(format="xlsx").content)
    assert load_workbook(io.BytesIO(data)).active["A1"].value == "PHỤ LỤC 1B"


def test_who_may_issue_see_and_download() -> None:
    xix = resolution_by("hung-yen-2020", 19)
    assert issue_scoreboard(xix, "lanhdao.hungyen").status_code == 403  # leaders read; the office issues
    assert issue_scoreboard(xix, "canbo.khoaichau").status_code == 404  # not their committee
    assert not IssuedReport.objects.exists()
    issue_scoreboard(xix)
    report = IssuedReport.objects.get()
    leader = login("lanhdao.hungyen")
    assert leader.get(reverse("reports:issued", args=[report.pk])).status_code == 200
    assert "Phát hành (giữ nguyên" not in leader.get(reverse("reports:scoreboard", args=[xix.pk])).content.decode()
    assert "Phát hành (giữ nguyên" in login("canbo.hungyencu").get(
        reverse("reports:scoreboard", args=[xix.pk])).content.decode()
    other = login("canbo.vinhbao")
    assert other.get(reverse("reports:issued", args=[report.pk])).status_code == 404
    assert other.get(reverse("reports:issued_file", args=[report.pk, "xlsx"])).status_code == 404
    assert login("quantri").get(reverse("reports:issued_file", args=[report.pk, "pdf"])).status_code == 404


def test_the_issued_page_costs_the_same_queries_for_a_ten_times_larger_resolution() -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.management.commands.bench_appendix import generated_doc
    from resolutions.issuing import issue
    from resolutions.models import Committee
    from resolutions.services import apply_document

    admin = User.objects.get(username="quantri")
    client = login("quantri")
    xix = resolution_by("hung-yen-2020", 19)
    committee = Committee.objects.create(key="gen-issue", name="Đảng bộ tỉnh Sinh Tự Động", level="province")
    big = Resolution.objects.with_context().get(pk=apply_document(
        generated_doc(10 * xix.targets.count(), committee.name), committee).resolution_id)
    counts = []
    for resolution in (xix, big):
        report = issue(resolution, kind="scoreboard", period="term", year=None, user=admin)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:issued", args=[report.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 8 + 3  # session, user, scoping, the report, its files, today's rows (3); the session refresh (3)
