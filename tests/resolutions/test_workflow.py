"""Submit, approve, reopen: who may do what, and approved figures are locked on every write path."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators.statuses import Status
from resolutions import services, workflow
from resolutions.models import Result, Submission, Target
from tests.conftest import khoai_chau_xxvi_still_open, login, resolution_by

pytestmark = pytest.mark.django_db

YEAR = ("year", 2026)


def user(name: str) -> User:
    return User.objects.get(username=name)


@pytest.fixture
def xxvi() -> Any:
    return khoai_chau_xxvi_still_open()


def income(resolution: Any) -> Target:
    return Target.objects.get(resolution=resolution, number="2")


def test_an_official_submits_and_the_leader_above_approves(xxvi: Any) -> None:
    submission = workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    assert submission.state == Submission.State.SUBMITTED and submission.submitted_by.username == "canbo.khoaichau"
    submission = workflow.approve(xxvi, *YEAR, user("lanhdao.hungyen"))
    assert submission.state == Submission.State.APPROVED and submission.approved_at is not None
    assert services.is_locked(xxvi, *YEAR)


def test_approved_figures_are_refused_by_record_result(xxvi: Any) -> None:
    result = services.record_result(income(xxvi), period="year", year=2026, text="90", user=user("canbo.khoaichau"))
    workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    workflow.approve(xxvi, *YEAR, user("quantri"))
    with pytest.raises(services.LockedError):
        services.record_result(income(xxvi), period="year", year=2026, text="95", user=user("quantri"))
    with pytest.raises(services.LockedError):
        services.set_override(result, Status.ACHIEVED, "Theo báo cáo", user("quantri"))
    with pytest.raises(services.EntryError):
        services.record_results([services.Entry(income(xxvi), "96")], period="year", year=2026, user=user("quantri"))
    result.refresh_from_db()
    assert result.raw_text == "90" and result.override_status == ""


def test_an_official_cannot_approve_their_own_figures(xxvi: Any) -> None:
    workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    with pytest.raises(workflow.WorkflowError, match="không có quyền duyệt"):
        workflow.approve(xxvi, *YEAR, user("canbo.khoaichau"))
    assert workflow.submission_for(xxvi, *YEAR).state == Submission.State.SUBMITTED


def test_a_leader_cannot_submit_figures_and_cannot_approve_their_own_committee() -> None:
    province = resolution_by("hung-yen-2025", 1)
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(province, "year", 2026, user("lanhdao.hungyen"))
    workflow.submit(province, "year", 2026, user("canbo.hungyen"))
    with pytest.raises(workflow.WorkflowError, match="cấp ủy cấp trên"):
        workflow.approve(province, "year", 2026, user("lanhdao.hungyen"))
    workflow.approve(province, "year", 2026, user("quantri"))


def test_an_official_of_another_committee_cannot_submit(xxvi: Any) -> None:
    with pytest.raises(workflow.WorkflowError, match="không có quyền gửi"):
        workflow.submit(xxvi, *YEAR, user("canbo.thaibinh"))
    assert workflow.submission_for(xxvi, *YEAR) is None


def test_only_submitted_figures_can_be_approved_and_only_once(xxvi: Any) -> None:
    with pytest.raises(workflow.WorkflowError, match="chưa được gửi"):
        workflow.approve(xxvi, *YEAR, user("lanhdao.hungyen"))
    workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    with pytest.raises(workflow.WorkflowError, match="đã được gửi"):
        workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    workflow.approve(xxvi, *YEAR, user("lanhdao.hungyen"))
    with pytest.raises(workflow.WorkflowError, match="đã được duyệt"):
        workflow.approve(xxvi, *YEAR, user("lanhdao.hungyen"))
    with pytest.raises(workflow.WorkflowError, match="khóa"):
        workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))


def test_reopening_needs_a_reason_and_the_right_and_is_in_the_history(xxvi: Any) -> None:
    workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    workflow.approve(xxvi, *YEAR, user("lanhdao.hungyen"))
    with pytest.raises(workflow.WorkflowError, match="không có quyền mở lại"):
        workflow.reopen(xxvi, *YEAR, user("canbo.khoaichau"), "Sửa số")
    with pytest.raises(workflow.WorkflowError, match="lý do"):
        workflow.reopen(xxvi, *YEAR, user("lanhdao.hungyen"), "  ")
    assert services.is_locked(xxvi, *YEAR)
    submission = workflow.reopen(xxvi, *YEAR, user("lanhdao.hungyen"), "Cục Thống kê công bố số chính thức")
    assert submission.state == Submission.State.DRAFT and not services.is_locked(xxvi, *YEAR)
    last = submission.history.first()
    assert last.history_user.username == "lanhdao.hungyen"
    assert last.history_change_reason == "Cục Thống kê công bố số chính thức"
    assert [h.state for h in submission.history.all()] == ["draft", "approved", "submitted"]
    services.record_result(income(xxvi), period="year", year=2026, text="99", user=user("canbo.khoaichau"))


def test_a_period_outside_the_resolution_is_refused(xxvi: Any) -> None:
    with pytest.raises(workflow.WorkflowError, match="không thuộc"):
        workflow.submit(xxvi, "year", 2020, user("canbo.khoaichau"))


def test_every_figure_change_records_who_and_the_old_and_new_value(xxvi: Any) -> None:
    official = user("canbo.khoaichau")
    services.record_result(income(xxvi), period="year", year=2026, text="90", user=official)
    result = services.record_result(income(xxvi), period="year", year=2026, text="91", user=official,
                                    expected_version=1)
    services.set_override(result, Status.ACHIEVED, "Theo đánh giá của Ban Thường vụ", user("quantri"))
    records = list(Result.history.filter(id=result.pk).order_by("history_date"))
    assert [r.raw_text for r in records] == ["90", "91", "91"]
    assert [r.history_user.username for r in records] == ["canbo.khoaichau", "canbo.khoaichau", "quantri"]
    assert records[-1].override_status == "dat" and records[-1].history_change_reason


def test_the_completeness_view_lists_committees_that_have_not_submitted_first(xxvi: Any) -> None:
    rows = workflow.completeness(user("lanhdao.hungyen"), *YEAR)
    keys = {row.committee.key for row in rows}
    assert "khoai-chau" in keys and "vinh-bao" not in keys
    mine = next(row for row in rows if row.resolution.pk == xxvi.pk)
    assert not mine.submitted and mine.state_label.startswith("Chưa gửi")
    workflow.submit(xxvi, *YEAR, user("canbo.khoaichau"))
    rows = workflow.completeness(user("lanhdao.hungyen"), *YEAR)
    assert rows[-1].submitted or next(r for r in rows if r.resolution.pk == xxvi.pk).submitted
    assert [r.submitted for r in rows] == sorted(r.submitted for r in rows)


@pytest.mark.parametrize(("key", "parsed"), [
    ("2026", ("year", 2026)), ("2026-H1", ("half", 2026)), ("term", ("term", None)), ("20x6", None), ("", None),
])
def test_period_keys_read_back_as_periods(key: str, parsed: Any) -> None:
    assert workflow.parse_period_key(key) == parsed
    if parsed:
        assert workflow.period_key(*parsed) == key


# --------------------------------------------------------------------------- submitted = read-only


def test_a_submitted_period_is_read_only_on_every_write_path_with_a_vietnamese_message(xxvi: Any) -> None:
    official = user("canbo.khoaichau")
    result = services.record_result(income(xxvi), period="year", year=2026, text="90", user=official)
    workflow.submit(xxvi, *YEAR, official)
    with pytest.raises(services.LockedError, match="đã gửi cấp trên duyệt.*trả lại"):
        services.record_result(income(xxvi), period="year", year=2026, text="95", user=official, expected_version=1)
    with pytest.raises(services.EntryError):
        services.record_results([services.Entry(income(xxvi), "96", expected_version=1)],
                                period="year", year=2026, user=official)
    with pytest.raises(services.LockedError):
        services.set_override(result, Status.ACHIEVED, "Theo báo cáo", user("quantri"))
    result.refresh_from_db()
    assert (result.raw_text, result.version, result.override_status) == ("90", 1, "")


def test_the_committee_above_returns_submitted_figures_with_a_reason_and_they_can_be_changed_again(xxvi: Any) -> None:
    official, leader = user("canbo.khoaichau"), user("lanhdao.hungyen")
    services.record_result(income(xxvi), period="year", year=2026, text="90", user=official)
    workflow.submit(xxvi, *YEAR, official)
    with pytest.raises(workflow.WorkflowError, match="không có quyền trả lại"):
        workflow.send_back(xxvi, *YEAR, official, "Tự rút lại")
    with pytest.raises(workflow.WorkflowError, match="lý do"):
        workflow.send_back(xxvi, *YEAR, leader, " ")
    submission = workflow.send_back(xxvi, *YEAR, leader, "Số thu nhập chưa khớp Chi cục Thống kê")
    assert submission.state == Submission.State.DRAFT and not services.is_locked(xxvi, *YEAR)
    assert submission.history.first().history_change_reason == "Số thu nhập chưa khớp Chi cục Thống kê"
    mine = next(r for r in workflow.completeness(leader, *YEAR) if r.resolution.pk == xxvi.pk)
    assert mine.state_label == "Chưa gửi (được trả lại để sửa)"
    services.record_result(income(xxvi), period="year", year=2026, text="91", user=official, expected_version=1)
    with pytest.raises(workflow.WorkflowError, match="Chỉ trả lại được số liệu đã gửi"):
        workflow.send_back(xxvi, *YEAR, leader, "Lần nữa")


def test_approved_figures_are_reopened_not_returned_and_submitted_ones_returned_not_reopened(xxvi: Any) -> None:
    official, leader = user("canbo.khoaichau"), user("lanhdao.hungyen")
    workflow.submit(xxvi, *YEAR, official)
    with pytest.raises(workflow.WorkflowError, match="Trả lại để sửa"):
        workflow.reopen(xxvi, *YEAR, leader, "Sửa số")
    workflow.approve(xxvi, *YEAR, leader)
    with pytest.raises(workflow.WorkflowError, match="Chỉ trả lại được"):
        workflow.send_back(xxvi, *YEAR, leader, "Sửa số")


def test_figures_changed_after_submission_around_the_services_cannot_be_approved(xxvi: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    official, leader = user("canbo.khoaichau"), user("lanhdao.hungyen")
    result = services.record_result(income(xxvi), period="year", year=2026, text="90", user=official)
    workflow.submit(xxvi, *YEAR, official)
    # A write that bypassed the services (a script, a database console) after the submission:
    Result.objects.filter(pk=result.pk).update(raw_text="99", updated_at=timezone.now() + timedelta(seconds=5))
    with pytest.raises(workflow.WorkflowError, match="đã thay đổi sau khi gửi"):
        workflow.approve(xxvi, *YEAR, leader)
    assert workflow.submission_for(xxvi, *YEAR).state == Submission.State.SUBMITTED


# --------------------------------------------------------------------------- committees that ended


def test_no_entry_is_offered_for_periods_after_a_committee_ended() -> None:
    xxv, xxvi = resolution_by("khoai-chau", 25), resolution_by("khoai-chau", 26)  # Khoái Châu ended 30/06/2025
    assert workflow.entry_periods(xxvi) == []
    periods = workflow.entry_periods(xxv)
    assert ("year", 2025) in periods and ("term", None) in periods
    with pytest.raises(workflow.WorkflowError, match="không thuộc"):
        workflow.submit(xxvi, "year", 2026, user("canbo.khoaichau"))
    rows = workflow.completeness(user("lanhdao.hungyen"), "year", 2026)
    assert all(row.committee.key != "khoai-chau" for row in rows)
    assert any(row.committee.key == "khoai-chau" for row in workflow.completeness(user("lanhdao.hungyen"), "year", 2025))


def test_a_committees_label_says_until_when_and_what_its_end_means() -> None:
    from resolutions.models import Committee

    thai_binh = Committee.objects.select_related("successor").get(key="thai-binh-2020")
    khoai_chau = Committee.objects.get(key="khoai-chau")
    assert str(khoai_chau) == "Đảng bộ huyện Khoái Châu (đến 2025)"
    assert "…" not in str(thai_binh) and "nay" not in str(Committee.objects.get(key="hung-yen-2025"))
    assert thai_binh.end_note(thai_binh.successor.name) == "hợp nhất vào Đảng bộ tỉnh Hưng Yên từ 01/07/2025"
    assert khoai_chau.end_note() == "thôi hoạt động từ 01/07/2025"


def test_a_figure_for_a_year_after_the_committee_ended_is_refused_on_every_write_path() -> None:
    xxvi = resolution_by("khoai-chau", 26)
    target = Target.objects.filter(resolution=xxvi).exclude(number="").first()
    with pytest.raises(services.DocumentError) as error:
        services.record_result(target, period="year", year=2026, text="90", user=user("quantri"))
    assert "Đảng bộ huyện Khoái Châu thôi hoạt động từ 01/07/2025; không nhập số liệu năm 2026" in str(error.value)
    assert not Result.objects.filter(target=target, year=2026).exists()
    xxv = resolution_by("khoai-chau", 25)
    services.record_result(Target.objects.get(resolution=xxv, number="2"), period="year", year=2025, text="118")


def test_the_completeness_page_says_what_a_committees_end_means_in_the_year_it_ended(
    django_assert_num_queries: Any,
) -> None:
    leader = user("lanhdao.hungyen")
    # The scope (4: role, memberships, the committee tree), the resolutions with their committees and
    # successors, the submissions: no query per row for the successor's name.
    with django_assert_num_queries(6):
        labels = {row.committee.key: row.committee_label for row in workflow.completeness(leader, "year", 2025)}
    assert labels["thai-binh-2020"] == "Đảng bộ tỉnh Thái Bình (hợp nhất vào Đảng bộ tỉnh Hưng Yên từ 01/07/2025)"
    assert labels["khoai-chau"] == "Đảng bộ huyện Khoái Châu (thôi hoạt động từ 01/07/2025)"
    page = login("lanhdao.hungyen").get(reverse("admin:resolutions_completeness") + "?ky=2025").content.decode()
    assert "hợp nhất vào Đảng bộ tỉnh Hưng Yên từ 01/07/2025" in page
