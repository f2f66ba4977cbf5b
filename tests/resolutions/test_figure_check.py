"""Figures to check ("Cần kiểm tra"): the same status on every path; confirmed with a reason or corrected."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators.statuses import Status
from resolutions import services, workflow
from resolutions.documents import ResolutionDoc, ResultRow, SectionRow, TargetRow
from resolutions.models import Committee, Result
from resolutions.verdicts import rows_for
from tests.conftest import khoai_chau_xxvi_still_open, login
from tests.factories import make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def xxvi() -> Any:
    return khoai_chau_xxvi_still_open()


def check_url(result: Result) -> str:
    return reverse("admin:resolutions_figure_check", args=[result.pk])


def flagged_result(resolution: Any) -> Result:
    target = make_target(resolution, "300.000", number="18", unit="tỷ đồng", basis="mean")
    return services.record_result(target, period="year", year=2026, text="328,096")


def row_of(resolution: Any, target_id: int, year: int = 2026) -> Any:
    return next(r for r in rows_for(resolution, "year", year) if r.target.pk == target_id)


def test_the_seed_figure_328_096_is_a_figure_to_check_and_not_counted_as_not_met(hung_yen_xix: Any) -> None:
    row = next(r for r in rows_for(hung_yen_xix, "term", None) if r.target.number == "4")
    assert row.status == Status.CHECK
    assert row.verdict.likely == Decimal("328096")
    assert "nếu là 328.096 thì vượt, đạt 131,2%" in row.verdict.explanation.lower()
    assert row.flagged is not None and row.flagged.raw_text == "328,096"


def test_the_same_text_gets_the_same_status_from_a_table_as_from_the_entry_page(xxvi: Any) -> None:
    entered = flagged_result(xxvi)
    committee = Committee.objects.create(key="test-same-path", name="Đảng bộ thử cùng đường", level="district")
    doc = ResolutionDoc(
        committee_key=committee.key, committee_name=committee.name, ordinal=1, term_start=2025, term_end=2030,
        kind="congress", year=None, title="Nghị quyết thử",
        sections=[SectionRow("I", "KINH TẾ", [TargetRow(
            "1", "Tổng vốn đầu tư", unit="tỷ đồng", target="300.000", basis="mean",
            results=[ResultRow("year", 2026, "328,096")],
        )])],
    )
    summary = services.apply_document(doc, committee)
    imported = rows_for(type(xxvi).objects.with_context().get(pk=summary.resolution_id), "year", 2026)[0]
    assert imported.status == row_of(xxvi, entered.target_id).status == Status.CHECK
    assert imported.verdict.explanation == row_of(xxvi, entered.target_id).verdict.explanation


def test_the_check_page_explains_the_figure_and_suggests_its_likely_reading(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    page = login("canbo.khoaichau").get(check_url(result))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Cần kiểm tra" in content and "Gợi ý: 328.096" in content
    assert page.context["correct_form"].initial["text"] == "328.096"


def test_confirming_without_a_reason_is_refused_and_changes_nothing(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    response = login("canbo.khoaichau").post(check_url(result), {"action": "confirm", "reason": "  "})
    assert response.status_code == 200
    assert "Cần ghi lý do" in response.content.decode()
    result.refresh_from_db()
    assert result.checked_at is None and row_of(xxvi, result.target_id).status == Status.CHECK


def test_a_confirmed_figure_is_judged_by_the_normal_rule_and_the_reason_is_in_the_history(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    official = login("canbo.khoaichau")
    response = official.post(check_url(result), {"action": "confirm", "reason": "Đúng theo báo cáo của Chi cục"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:resolutions_entry", args=[xxvi.pk, "2026"])
    result.refresh_from_db()
    assert result.check_reason == "Đúng theo báo cáo của Chi cục" and result.checked_by.username == "canbo.khoaichau"
    assert row_of(xxvi, result.target_id).status == Status.NOT_ACHIEVED
    latest = result.history.latest()
    assert "Đúng theo báo cáo của Chi cục" in latest.history_change_reason
    assert latest.history_user.username == "canbo.khoaichau"


def test_correcting_a_figure_judges_the_corrected_one_and_audits_it(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    official = login("canbo.khoaichau")
    response = official.post(check_url(result), {"action": "correct", "text": "328.096", "reason": ""})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.value == Decimal("328096") and result.raw_text == "328.096"
    assert row_of(xxvi, result.target_id).status == Status.EXCEEDED
    assert "Sửa số liệu cần kiểm tra" in result.history.latest().history_change_reason


def test_changing_a_confirmed_figure_needs_a_new_confirmation(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    user = User.objects.get(username="canbo.khoaichau")
    services.confirm_figure(result, "Đúng", user)
    changed = services.record_result(result.target, period="year", year=2026, text="329,5", user=user)
    assert changed.checked_at is None and changed.check_reason == ""
    assert row_of(xxvi, result.target_id).status == Status.CHECK


def test_only_officials_who_may_enter_for_the_committee_reach_the_check_page(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    for username in ("lanhdao.hungyen", "canbo.vinhbao"):
        client = login(username)
        assert client.get(check_url(result)).status_code == 404
        assert client.post(check_url(result), {"action": "confirm", "reason": "x"}).status_code == 404
    result.refresh_from_db()
    assert result.checked_at is None


def test_a_locked_period_cannot_be_confirmed(xxvi: Any) -> None:
    result = flagged_result(xxvi)
    admin = User.objects.get(username="quantri")
    workflow.submit(xxvi, "year", 2026, admin)
    workflow.approve(xxvi, "year", 2026, admin)
    response = login("canbo.khoaichau").post(check_url(result), {"action": "confirm", "reason": "Đúng"})
    assert response.status_code == 200 and "khóa" in response.content.decode()
    result.refresh_from_db()
    assert result.checked_at is None


def test_reconciliation_lists_the_figures_to_check(hung_yen_xix: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("reconcile", committee="Đảng bộ tỉnh Hưng Yên", congress=19)
    out = capsys.readouterr().out
    assert "Số liệu cần kiểm tra: 1" in out
    assert "“328,096” (Cả nhiệm kỳ)" in out and "nhiều khả năng là 328.096" in out


def test_the_admin_filter_lists_the_figures_to_check(hung_yen_xix: Any) -> None:
    response = login("quantri").get(reverse("admin:resolutions_result_changelist"), {"doi_chieu": "kiem_tra"})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert [r.raw_text for r in shown] == ["328,096"]
