"""Every write path across committees, tried by hand-made POSTs: nothing of another committee changes.

An official of Khoái Châu tries Thái Bình's result change form, the entry form with Thái Bình's
resolution, admin delete, bulk actions, history revert and the submission actions; a leader tries
to edit; locked figures are refused everywhere; a stale admin form is a conflict.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import User
from django.urls import reverse

from resolutions import services, workflow
from resolutions.models import Result, Submission, Target
from tests.conftest import khoai_chau_xxvi_still_open, login, resolution_by

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[Any, ...]]:
    """Every figure and submission as stored: compared before and after each attempt."""
    results = list(Result.objects.order_by("pk").values_list("pk", "raw_text", "version", "override_status", "source_note"))
    submissions = list(Submission.objects.order_by("pk").values_list("pk", "state", "reopen_reason"))
    targets = list(Target.objects.order_by("pk").values_list("pk", "target_text", "name"))
    return [results, submissions, targets]


@pytest.fixture
def thai_binh_result(db: None) -> Result:
    return Result.objects.filter(target__resolution=resolution_by("thai-binh-2020", 20)).order_by("pk").first()


@pytest.fixture
def xxvi(db: None) -> Any:
    return khoai_chau_xxvi_still_open()


def change_url(result: Result) -> str:
    return reverse("admin:resolutions_result_change", args=[result.pk])


def change_data(result: Result, **values: Any) -> dict[str, Any]:
    data = {"raw_text": result.raw_text, "source_note": result.source_note, "override_status": "",
            "override_reason": "", "expected_version": result.version}
    data.update(values)
    return data


def test_an_official_cannot_post_to_another_committees_result_change_form(thai_binh_result: Result) -> None:
    before = snapshot()
    response = login("canbo.khoaichau").post(change_url(thai_binh_result), change_data(thai_binh_result, raw_text="1"))
    assert response.status_code in {302, 403, 404}
    assert snapshot() == before


def test_an_official_cannot_post_the_entry_form_with_another_committees_resolution() -> None:
    thai_binh = resolution_by("thai-binh-2020", 20)
    target = thai_binh.targets.order_by("order").first()
    before = snapshot()
    url = reverse("admin:resolutions_entry", args=[thai_binh.pk, "2021"])
    response = login("canbo.khoaichau").post(url, {
        "row-TOTAL_FORMS": "1", "row-INITIAL_FORMS": "1", "row-0-target": target.pk, "row-0-text": "1",
        "initial-row-0-text": "", "row-0-version": "0",
    })
    assert response.status_code == 404
    assert login("canbo.khoaichau").get(url).status_code == 404
    assert snapshot() == before


def test_an_official_cannot_smuggle_another_committees_target_into_their_own_entry_form(xxvi: Any) -> None:
    foreign = Target.objects.filter(resolution=resolution_by("thai-binh-2020", 20)).first()
    before = snapshot()
    url = reverse("admin:resolutions_entry", args=[xxvi.pk, "2026"])
    response = login("canbo.khoaichau").post(url, {
        "row-TOTAL_FORMS": "1", "row-INITIAL_FORMS": "1", "row-0-target": foreign.pk, "row-0-text": "1",
        "initial-row-0-text": "", "row-0-version": "0",
    })
    assert response.status_code == 200
    assert snapshot() == before


def test_an_official_cannot_delete_another_committees_result(thai_binh_result: Result) -> None:
    before = snapshot()
    url = reverse("admin:resolutions_result_delete", args=[thai_binh_result.pk])
    login("canbo.khoaichau").post(url, {"post": "yes"})
    assert snapshot() == before


def test_delete_selected_with_another_committees_ids_deletes_nothing(thai_binh_result: Result) -> None:
    before = snapshot()
    for username in ("canbo.khoaichau", "lanhdao.hungyen"):
        login(username).post(reverse("admin:resolutions_result_changelist"), {
            "action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [thai_binh_result.pk], "post": "yes",
        })
    assert snapshot() == before


def test_a_leader_can_read_but_not_change_a_result_below(xxvi: Any) -> None:
    result = services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    leader = login("lanhdao.hungyen")
    assert leader.get(change_url(result)).status_code == 200
    before = snapshot()
    response = leader.post(change_url(result), change_data(result, raw_text="200"))
    assert response.status_code == 403
    assert snapshot() == before


def test_the_simple_history_pages_of_another_committees_result_are_not_found(thai_binh_result: Result) -> None:
    official = login("canbo.khoaichau")
    history = reverse("admin:resolutions_result_history", args=[thai_binh_result.pk])
    assert official.get(history).status_code == 404
    record = thai_binh_result.history.first()
    revert = reverse("admin:resolutions_result_simple_history", args=[thai_binh_result.pk, record.history_id])
    assert official.get(revert).status_code == 404
    before = snapshot()
    assert official.post(revert, change_data(thai_binh_result, raw_text="1")).status_code == 404
    assert snapshot() == before


def test_the_history_page_of_ones_own_result_is_shown_but_revert_is_refused(xxvi: Any) -> None:
    result = services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    official = login("canbo.khoaichau")
    assert official.get(reverse("admin:resolutions_result_history", args=[result.pk])).status_code == 200
    revert = reverse("admin:resolutions_result_simple_history", args=[result.pk, result.history.first().history_id])
    before = snapshot()
    assert official.post(revert, change_data(result, raw_text="1")).status_code == 403
    assert snapshot() == before


def test_the_period_history_and_workflow_of_another_committee_are_not_found() -> None:
    thai_binh = resolution_by("thai-binh-2020", 20)
    official = login("canbo.khoaichau")
    assert official.get(reverse("admin:resolutions_period_history", args=[thai_binh.pk, "2021"])).status_code == 404
    before = snapshot()
    for action in ("submit", "approve", "reopen"):
        url = reverse("admin:resolutions_entry_workflow", args=[thai_binh.pk, "2021"])
        assert official.post(url, {"action": action, "reason": "x"}).status_code == 404
    assert snapshot() == before


def test_an_official_cannot_approve_through_the_workflow_url_or_the_admin_action(xxvi: Any) -> None:
    official = login("canbo.khoaichau")
    workflow.submit(xxvi, "year", 2026, User.objects.get(username="canbo.khoaichau"))
    before = snapshot()
    official.post(reverse("admin:resolutions_entry_workflow", args=[xxvi.pk, "2026"]), {"action": "approve"})
    submission = Submission.objects.get(resolution=xxvi)
    official.post(reverse("admin:resolutions_submission_changelist"), {
        "action": "approve_selected", helpers.ACTION_CHECKBOX_NAME: [submission.pk],
    })
    official.post(reverse("admin:resolutions_entry_workflow", args=[xxvi.pk, "2026"]), {"action": "reopen", "reason": "x"})
    assert snapshot() == before


def test_submission_admin_cannot_add_change_or_delete_by_hand(xxvi: Any) -> None:
    admin = login("quantri")
    sub = workflow.submit(xxvi, "year", 2026, User.objects.get(username="quantri"))
    before = snapshot()
    admin.post(reverse("admin:resolutions_submission_change", args=[sub.pk]), {"state": "approved", "reopen_reason": "x"})
    admin.post(reverse("admin:resolutions_submission_delete", args=[sub.pk]), {"post": "yes"})
    assert admin.get(reverse("admin:resolutions_submission_add")).status_code == 403
    assert snapshot() == before


def test_the_leader_approves_through_the_admin_action_and_the_figures_lock(xxvi: Any) -> None:
    login("canbo.khoaichau").post(reverse("admin:resolutions_entry_workflow", args=[xxvi.pk, "2026"]), {"action": "submit"})
    submission = Submission.objects.get(resolution=xxvi)
    login("lanhdao.hungyen").post(reverse("admin:resolutions_submission_changelist"), {
        "action": "approve_selected", helpers.ACTION_CHECKBOX_NAME: [submission.pk],
    })
    assert services.is_locked(xxvi, "year", 2026)


def test_a_locked_result_is_refused_by_the_admin_change_form_and_delete(xxvi: Any) -> None:
    result = services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    Submission.objects.create(resolution=xxvi, period="year", year=2026, state=Submission.State.APPROVED)
    before = snapshot()
    for username in ("canbo.khoaichau", "quantri"):
        client = login(username)
        assert client.post(change_url(result), change_data(result, raw_text="95")).status_code == 403
        client.post(reverse("admin:resolutions_result_delete", args=[result.pk]), {"post": "yes"})
        client.post(reverse("admin:resolutions_result_changelist"), {
            "action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [result.pk], "post": "yes",
        })
    assert snapshot() == before


def test_a_locked_period_refuses_a_new_result_added_in_the_admin(xxvi: Any) -> None:
    Submission.objects.create(resolution=xxvi, period="year", year=2026, state=Submission.State.APPROVED)
    target = xxvi.targets.get(number="2")
    before = snapshot()
    response = login("canbo.khoaichau").post(reverse("admin:resolutions_result_add"), {
        "target": target.pk, "period": "year", "year": 2026, "figure": "official", "raw_text": "90",
        "source_note": "", "override_status": "", "override_reason": "",
    })
    assert response.status_code == 200 and "khóa" in response.content.decode()
    assert snapshot() == before


def test_an_official_cannot_add_a_result_for_another_committees_target() -> None:
    target = resolution_by("thai-binh-2020", 20).targets.order_by("order").first()
    before = snapshot()
    response = login("canbo.khoaichau").post(reverse("admin:resolutions_result_add"), {
        "target": target.pk, "period": "year", "year": 2021, "figure": "official", "raw_text": "90",
        "source_note": "", "override_status": "", "override_reason": "",
    })
    assert response.status_code == 200
    assert snapshot() == before


def test_the_admin_change_form_refuses_a_stale_version_and_shows_the_other_value(xxvi: Any) -> None:
    result = services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    stale = change_data(result, raw_text="95")
    services.record_result(result.target, period="year", year=2026, text="91", expected_version=result.version)
    before = snapshot()
    response = login("canbo.khoaichau").post(change_url(result), stale)
    assert response.status_code == 200 and "vừa được người khác lưu với giá trị &#x27;91&#x27;" in response.content.decode()
    assert snapshot() == before
    missing = {k: v for k, v in stale.items() if k != "expected_version"}
    assert login("canbo.khoaichau").post(change_url(result), missing).status_code == 200
    assert snapshot() == before


def test_the_admin_change_form_saves_through_the_service_and_is_audited(xxvi: Any) -> None:
    result = services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    response = login("canbo.khoaichau").post(change_url(result), change_data(result, raw_text="1.234,5"))
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.raw_text == "1.234,5" and str(result.value) == "1234.500000" and result.version == 2
    assert result.history.first().history_user.username == "canbo.khoaichau"


def test_an_official_cannot_override_a_verdict_without_the_permission(xxvi: Any) -> None:
    result = services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    login("canbo.khoaichau").post(change_url(result), change_data(result, override_status="dat", override_reason="Vì"))
    result.refresh_from_db()
    assert result.override_status == ""


def test_the_result_list_of_an_official_holds_only_their_committee(xxvi: Any) -> None:
    services.record_result(xxvi.targets.get(number="2"), period="year", year=2026, text="90")
    response = login("canbo.khoaichau").get(reverse("admin:resolutions_result_changelist"))
    committees = {r.target.resolution.congress.committee.key for r in response.context["cl"].result_list}
    assert committees == {"khoai-chau"}


def test_the_admin_index_links_to_data_entry_and_completeness() -> None:
    content = login("canbo.khoaichau").get(reverse("admin:index")).content.decode()
    assert reverse("admin:resolutions_entry_pick") in content
    assert reverse("admin:resolutions_completeness") in content
