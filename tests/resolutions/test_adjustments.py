"""Adjusted targets: the original and every adjustment kept, verdicts by the target in force, locks.

Seed example: Hưng Yên XIX's budget revenue target "21.500" tỷ đồng (term result 44.923, Vượt). A
mid-term conference raising it to 50.000 from 01/07/2023 makes the term "Chưa đạt" and leaves 2022
judged against 21.500.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from indicators.statuses import Status
from reports.appendix_import import run_import
from reports.excel.export import export_bytes
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from resolutions.adjustments import adjust_target, withdraw_adjustment
from resolutions.documents import ResolutionDoc, SectionRow, TargetRow
from resolutions.models import Resolution, Submission, Target, TargetAdjustment
from resolutions.services import DocumentError, LockedError, apply_document, record_result
from resolutions.tallies import stored_tallies
from resolutions.verdicts import rows_for
from tests.conftest import login
from tests.factories import make_committee, make_resolution, make_target

pytestmark = pytest.mark.django_db

MID_2023 = dt.date(2023, 7, 1)


def budget_target(resolution: Resolution) -> Target:
    return Target.objects.get(resolution=resolution, name="Thu ngân sách trên địa bàn")


def row_of(resolution: Resolution, target: Target, period: str = "term", year: int | None = None):  # noqa: ANN201
    return next(r for r in rows_for(resolution, period, year) if r.target.pk == target.pk)


def approve(resolution: Resolution, period: str, year: int | None) -> None:
    Submission.objects.create(resolution=resolution, period=period, year=year, state=Submission.State.APPROVED)


def raise_budget(target: Target, user: User | None = None, when: dt.date = MID_2023) -> TargetAdjustment:
    return adjust_target(
        target, text="50.000", decision_code="Nghị quyết số 15-NQ/TU", decided_on=dt.date(2023, 6, 20),
        effective_from=when, reason="Hội nghị giữa nhiệm kỳ điều chỉnh chỉ tiêu thu ngân sách", user=user,
    )


def test_an_adjustment_keeps_the_original_and_the_term_is_judged_by_the_adjusted_target(
    hung_yen_xix: Resolution,
) -> None:
    target = budget_target(hung_yen_xix)
    assert row_of(hung_yen_xix, target).status == Status.EXCEEDED
    raise_budget(target)
    target.refresh_from_db()
    row = row_of(hung_yen_xix, target)
    assert target.target_text == "21.500"  # the original stays
    assert row.target_text == "50.000" and row.adjustment is not None
    assert row.status == Status.NOT_ACHIEVED
    assert "“50.000”" in row.verdict.explanation and "89,8%" in row.verdict.explanation


def test_years_before_the_adjustment_are_judged_against_the_original(hung_yen_xix: Resolution) -> None:
    target = budget_target(hung_yen_xix)
    record_result(target, period="year", year=2022, text="25.000")
    record_result(target, period="year", year=2023, text="25.000")
    raise_budget(target)
    before, after = row_of(hung_yen_xix, target, "year", 2022), row_of(hung_yen_xix, target, "year", 2023)
    # A year of a running term is a forecast towards the target in force at that year's end.
    assert (before.target_text, before.status) == ("21.500", Status.LIKELY)
    assert (after.target_text, after.status) == ("50.000", Status.UNLIKELY)
    assert "21.500" in before.verdict.explanation and "50.000" in after.verdict.explanation


def test_every_problem_of_an_adjustment_is_named_and_nothing_is_written() -> None:
    resolution = make_resolution(term=(2020, 2025))
    target = make_target(resolution, "100")
    adjust_target(target, text="120", decision_code="NQ 1", effective_from=dt.date(2023, 1, 1))
    with pytest.raises(DocumentError) as error:
        adjust_target(target, text="1,2,3", decision_code=" ", effective_from=dt.date(2023, 1, 1))
    messages = " | ".join(error.value.messages)
    assert "không đọc được mục tiêu điều chỉnh '1,2,3'" in messages
    assert "phải ghi văn bản điều chỉnh" in messages
    assert "đã có điều chỉnh áp dụng từ ngày 01/01/2023" in messages
    with pytest.raises(DocumentError, match="nằm ngoài thời gian của nghị quyết"):
        adjust_target(target, text="130", decision_code="NQ 2", effective_from=dt.date(2027, 1, 1))
    with pytest.raises(DocumentError, match="giống mục tiêu đang áp dụng"):
        adjust_target(target, text="120", decision_code="NQ 3", effective_from=dt.date(2024, 1, 1))
    assert target.adjustments.count() == 1


def test_an_annual_resolutions_target_can_only_be_adjusted_within_its_year() -> None:
    resolution = make_resolution(kind="annual", year=2024)
    target = make_target(resolution, "80")
    with pytest.raises(DocumentError, match=r"\(01/01/2024 - 31/12/2024\)"):
        adjust_target(target, text="90", decision_code="NQ 1", effective_from=dt.date(2025, 1, 1))
    adjust_target(target, text="90", decision_code="NQ 1", effective_from=dt.date(2024, 6, 1))
    assert row_of(resolution, target, "year", 2024).target_text == "90"


def test_an_approved_period_locks_the_target_it_was_judged_against(hung_yen_xix: Resolution) -> None:
    target = budget_target(hung_yen_xix)
    approve(hung_yen_xix, "year", 2024)
    with pytest.raises(LockedError, match=r"Năm 2024"):
        raise_budget(target)
    assert not target.adjustments.exists()
    # An adjustment from 2025 leaves 2024 as it was judged: allowed.
    raise_budget(target, when=dt.date(2025, 1, 1))
    assert row_of(hung_yen_xix, target, "year", 2024).target_text == "21.500"


def test_an_approved_term_refuses_any_adjustment_and_any_withdrawal(hung_yen_xix: Resolution) -> None:
    target = budget_target(hung_yen_xix)
    adjustment = raise_budget(target)
    approve(hung_yen_xix, "term", None)
    with pytest.raises(LockedError, match="Cả nhiệm kỳ"):
        adjust_target(target, text="60.000", decision_code="NQ 20", effective_from=dt.date(2024, 1, 1))
    with pytest.raises(LockedError):
        withdraw_adjustment(adjustment, reason="ghi nhầm")
    assert target.adjustments.count() == 1


def test_a_withdrawn_adjustment_needs_a_reason_restores_the_verdict_and_stays_in_the_history(
    hung_yen_xix: Resolution,
) -> None:
    user = User.objects.get(username="canbo.hungyencu")
    target = budget_target(hung_yen_xix)
    adjustment = raise_budget(target, user)
    adjustment_id = adjustment.pk
    with pytest.raises(DocumentError, match="lý do"):
        withdraw_adjustment(adjustment, reason="  ", user=user)
    withdraw_adjustment(adjustment, reason="Ghi nhầm số nghị quyết", user=user)
    assert row_of(hung_yen_xix, target).status == Status.EXCEEDED
    history = list(TargetAdjustment.history.filter(id=adjustment_id).order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "-"]
    assert all(h.history_user == user for h in history)
    assert history[0].history_change_reason == "Hội nghị giữa nhiệm kỳ điều chỉnh chỉ tiêu thu ngân sách"
    assert history[1].history_change_reason == "Ghi nhầm số nghị quyết"


def test_a_table_may_not_change_an_original_text_an_approved_period_was_judged_by() -> None:
    committee = make_committee()
    doc = ResolutionDoc(committee_key="", committee_name=committee.name, ordinal=1, term_start=2020, term_end=2025,
                        kind="congress", year=None, title="NQ thử",
                        sections=[SectionRow("I", "KINH TẾ", [TargetRow(number="1", name="Thu ngân sách", target="100")])])
    resolution = Resolution.objects.get(pk=apply_document(doc, committee).resolution_id)
    adjust_target(resolution.targets.get(), text="110", decision_code="NQ 5", effective_from=dt.date(2023, 1, 1))
    approve(resolution, "year", 2022)
    approve(resolution, "year", 2023)
    doc.sections[0].targets[0].target = "120"
    with pytest.raises(DocumentError, match=r"đã dùng để đánh giá kỳ đã duyệt và khóa \(Năm 2022\)"):
        apply_document(doc, committee)
    assert resolution.targets.get().target_text == "100"
    # 2023 was judged against the adjustment: once 2022 is reopened, the original may change.
    Submission.objects.filter(resolution=resolution, year=2022).delete()
    apply_document(doc, committee)
    assert resolution.targets.get().target_text == "120"


def test_an_exported_appendix_shows_the_adjusted_target_with_the_original_in_a_note_and_reads_back_unchanged(
    thai_binh_xx: Resolution,
) -> None:
    target = Target.objects.filter(resolution=thai_binh_xx, target_text__gt="").exclude(target_kind="qualitative").first()
    assert target is not None
    adjust_target(target, text="99.999", decision_code="Nghị quyết số 22-NQ/TU", effective_from=dt.date(2023, 7, 1))
    data = export_bytes(thai_binh_xx, Layout.TERM, "1B")
    cells = [str(c.value) for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row if c.value]
    assert any(c.startswith("Mục tiêu NQĐH XX (đã điều chỉnh)") for c in cells)
    assert "99.999" in cells
    assert any(f"Mục tiêu ban đầu: {target.target_text}" in c and "Nghị quyết số 22-NQ/TU" in c for c in cells)
    request = ImportRequest(layout=Layout.TERM, committee_name="Đảng bộ tỉnh Thái Bình", ordinal=20,
                            term_start=2020, term_end=2025, file_name="1B.xlsx")
    outcome = run_import(data, request)
    assert outcome.succeeded, outcome.errors
    target.refresh_from_db()
    assert target.target_text != "99.999" and target.adjustments.get().target_text == "99.999"


# --------------------------------------------------------------------------- admin


def adjustment_post(target: Target, **extra: str) -> dict[str, str]:
    return {"target": str(target.pk), "target_text": "50.000", "decision_code": "Nghị quyết số 15-NQ/TU",
            "decision_title": "", "decided_on": "20/06/2023", "effective_from": "01/07/2023",
            "reason": "Hội nghị giữa nhiệm kỳ", **extra}


def test_the_committees_official_adjusts_a_target_in_the_admin_and_the_history_names_them(
    hung_yen_xix: Resolution,
) -> None:
    client = login("canbo.hungyencu")
    target = budget_target(hung_yen_xix)
    response = client.post("/admin/resolutions/targetadjustment/add/", adjustment_post(target))
    assert response.status_code == 302, response.content.decode()[:2000]
    adjustment = target.adjustments.get()
    assert (adjustment.target_text, adjustment.effective_from, adjustment.created_by.username) == (
        "50.000", MID_2023, "canbo.hungyencu")
    assert adjustment.history.get().history_user.username == "canbo.hungyencu"
    page = client.get(f"/admin/resolutions/targetadjustment/{adjustment.pk}/change/").content.decode()
    assert "21.500" in page and "Gỡ bỏ điều chỉnh này" in page


def test_the_admin_form_shows_the_lock_and_writes_nothing(hung_yen_xix: Resolution) -> None:
    approve(hung_yen_xix, "year", 2023)
    target = budget_target(hung_yen_xix)
    response = login("canbo.hungyencu").post("/admin/resolutions/targetadjustment/add/", adjustment_post(target))
    assert response.status_code == 200
    assert "Năm 2023" in response.content.decode() and "khóa" in response.content.decode()
    assert not target.adjustments.exists()


def test_another_committees_official_cannot_adjust_or_withdraw(hung_yen_xix: Resolution) -> None:
    target = budget_target(hung_yen_xix)
    client = login("canbo.khoaichau")
    response = client.post("/admin/resolutions/targetadjustment/add/", adjustment_post(target))
    assert response.status_code == 200 and not target.adjustments.exists()  # not a valid choice for them
    adjustment = raise_budget(target)
    assert client.get(f"/admin/resolutions/targetadjustment/{adjustment.pk}/go-bo/").status_code == 404
    assert client.post(f"/admin/resolutions/targetadjustment/{adjustment.pk}/go-bo/", {"reason": "x"}).status_code == 404
    assert client.get(f"/admin/resolutions/targetadjustment/{adjustment.pk}/change/").status_code == 302  # not theirs
    assert TargetAdjustment.objects.filter(pk=adjustment.pk).exists()


def test_withdrawing_in_the_admin_asks_for_a_reason(hung_yen_xix: Resolution) -> None:
    client = login("canbo.hungyencu")
    adjustment = raise_budget(budget_target(hung_yen_xix))
    url = f"/admin/resolutions/targetadjustment/{adjustment.pk}/go-bo/"
    assert "Lý do gỡ bỏ" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    assert TargetAdjustment.objects.filter(pk=adjustment.pk).exists()
    assert client.post(url, {"reason": "Ghi nhầm"}).status_code == 302
    assert not TargetAdjustment.objects.filter(pk=adjustment.pk).exists()


def test_the_target_admin_refuses_to_edit_an_original_an_approved_period_was_judged_by(
    hung_yen_xix: Resolution,
) -> None:
    target = budget_target(hung_yen_xix)
    approve(hung_yen_xix, "term", None)
    client = login("quantri")
    url = f"/admin/resolutions/target/{target.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    for prefix in ("adjustments", "results"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data["target_text"] = "30.000"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Cả nhiệm kỳ" in response.content.decode()
    target.refresh_from_db()
    assert target.target_text == "21.500"


def test_adjusting_and_withdrawing_recount_the_stored_tallies(hung_yen_xix: Resolution) -> None:
    def numbers(status: Status) -> list[str]:
        return stored_tallies(hung_yen_xix.pk)[("term", None)].get(status, (0, [], None))[1]

    assert "5" not in numbers(Status.NOT_ACHIEVED)
    adjustment = raise_budget(budget_target(hung_yen_xix))
    assert "5" in numbers(Status.NOT_ACHIEVED) and "5" not in numbers(Status.EXCEEDED)
    withdraw_adjustment(adjustment, reason="Ghi nhầm")
    assert "5" in numbers(Status.EXCEEDED)
