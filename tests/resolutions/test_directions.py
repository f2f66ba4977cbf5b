"""Targets' directions on every path: linked by wording on import and fixtures, guessed and marked
when nothing matches, confirmed by a person (services.confirm_direction), listed for reconciliation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Indicator
from reports.excel_views import XLSX
from resolutions.documents import ResolutionDoc, ResultRow, SectionRow, TargetRow, doc_from_yaml
from resolutions.models import Committee, Submission, Target
from resolutions.seeds import read_committees, resolution_files
from resolutions.services import (
    ApplySummary,
    LockedError,
    apply_document,
    confirm_direction,
    set_indicator_direction,
    sync_catalogue,
)
from resolutions.verdicts import default_period, rows_for
from tests.conftest import login, resolution_by
from tests.factories import make_committee
from tests.reports.test_excel_import import TERM_HEADER, xlsx

pytestmark = pytest.mark.django_db

NOTICE = "Chiều đánh giá do hệ thống suy đoán, cần xác nhận"


def doc(*rows: TargetRow, ordinal: int = 1) -> ResolutionDoc:
    return ResolutionDoc(
        committee_key="", committee_name="", ordinal=ordinal, term_start=2020, term_end=2025, kind="congress",
        year=None, title="Nghị quyết thử", sections=[SectionRow("II", "XÃ HỘI", list(rows))],
    )


def apply(*rows: TargetRow, committee: Committee | None = None) -> tuple[ApplySummary, dict[str, Target]]:
    committee = committee or make_committee()
    summary = apply_document(doc(*rows), committee)
    targets = Target.objects.filter(resolution_id=summary.resolution_id).select_related("indicator")
    return summary, {t.name: t for t in targets}


def test_rows_are_linked_to_the_catalogue_by_their_wording_and_take_its_direction() -> None:
    summary, targets = apply(
        TargetRow("1", "Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)", "%", "1,5"),
        TargetRow("2", "Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội", "%", "25"),
        TargetRow("3", "Tỷ lệ giảm hộ nghèo", "%", "1,5"),
    )
    poverty = targets["Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)"]
    assert (poverty.indicator.key, poverty.direction, poverty.direction_source) == ("poverty-rate", "lower", "catalogue")
    labour = targets["Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội"]
    assert (labour.indicator.key, labour.direction) == ("agri-labour-share", "lower")
    reduction = targets["Tỷ lệ giảm hộ nghèo"]
    assert (reduction.indicator.key, reduction.direction) == ("poverty-rate-reduction", "higher")
    assert len(summary.linked) == 3 and "→ chỉ số 'Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)'" in summary.linked[0]
    assert summary.guessed == []


def test_a_row_matching_nothing_gets_a_guessed_direction_that_is_never_silent() -> None:
    summary, targets = apply(
        TargetRow("1", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5"),
        TargetRow("2", "Số hộ thoát nghèo bền vững nhờ mô hình sinh kế", "hộ", "300"),
    )
    poisoning = targets["Số vụ ngộ độc thực phẩm tập thể"]
    assert (poisoning.indicator, poisoning.direction, poisoning.direction_source) == (None, "lower", "guessed")
    assert poisoning.direction_unconfirmed
    assert poisoning.direction_notice == (
        f"{NOTICE}: càng thấp càng tốt (tên chỉ tiêu có 'số vụ', loại chỉ số càng thấp càng tốt).")
    assert targets["Số hộ thoát nghèo bền vững nhờ mô hình sinh kế"].direction == "higher"
    assert len(summary.guessed) == 2 and summary.guessed[0].startswith("Chỉ tiêu 1 (Số vụ ngộ độc thực phẩm tập thể): ")
    assert f"{NOTICE}: 2." in summary.as_text()


def test_a_cap_or_a_qualitative_target_is_judged_the_same_either_way_and_is_not_flagged() -> None:
    _summary, targets = apply(
        TargetRow("1", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "không quá 2"),
        TargetRow("2", "Số vụ ngộ độc thực phẩm được xử lý dứt điểm", "", "Hoàn thành"),
    )
    assert {t.direction_source for t in targets.values()} == {"guessed"}
    assert not any(t.direction_unconfirmed for t in targets.values())


def test_the_catalogues_usual_basis_is_taken_when_the_row_gives_none() -> None:
    _summary, targets = apply(
        TargetRow("1", "Tổng vốn đầu tư toàn xã hội", "tỷ đồng", "250.000"),
        TargetRow("2", "Tốc độ tăng trưởng GRDP", "%", "8"),
        TargetRow("3", "Tỷ lệ đô thị hóa", "%", "50", basis="mean"),
        TargetRow("4", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5"),
    )
    assert [t.term_basis for t in targets.values()] == ["sum", "growth_mean", "mean", "latest"]


def test_a_direction_the_table_states_is_stored_as_confirmed() -> None:
    _summary, targets = apply(TargetRow("1", "Tỷ lệ hộ nghèo", "%", "2", direction="higher"))
    target = targets["Tỷ lệ hộ nghèo"]
    assert (target.direction, target.direction_source, target.indicator.key) == ("higher", "confirmed", "poverty-rate")


def test_an_official_confirms_a_guessed_direction_and_it_is_audited() -> None:
    committee = Committee.objects.get(key="khoai-chau")
    _summary, targets = apply(TargetRow("1", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5"), committee=committee)
    target = targets["Số vụ ngộ độc thực phẩm tập thể"]
    official = User.objects.get(username="canbo.khoaichau")
    confirm_direction(target, "lower", official, "Đúng: càng ít vụ càng tốt")
    target.refresh_from_db()
    assert (target.direction, target.direction_source, target.direction_confirmed_by) == ("lower", "confirmed", official)
    assert not target.direction_unconfirmed and target.direction_notice == ""
    record = target.history.first()
    assert (record.history_user, record.history_change_reason) == (official, "Đúng: càng ít vụ càng tốt")


def test_only_officials_of_the_targets_committee_may_confirm(hung_yen_xix: Any) -> None:
    target = hung_yen_xix.targets.first()
    with pytest.raises(PermissionDenied):
        confirm_direction(target, "lower", User.objects.get(username="canbo.khoaichau"))  # another committee
    with pytest.raises(PermissionDenied):
        confirm_direction(target, "lower", User.objects.get(username="lanhdao.hungyen"))  # leaders read only
    confirm_direction(target, "higher", User.objects.get(username="canbo.hungyencu"))


def test_a_confirmed_direction_survives_reimporting_the_table_and_syncing_the_catalogue() -> None:
    committee = Committee.objects.get(key="khoai-chau")
    row = TargetRow("1", "Tỷ lệ hộ nghèo", "%", "2")
    _summary, targets = apply(row, committee=committee)
    target = targets["Tỷ lệ hộ nghèo"]
    confirm_direction(target, "higher", User.objects.get(username="canbo.khoaichau"))
    summary = apply_document(doc(row), committee)
    sync_catalogue()
    target.refresh_from_db()
    assert (target.direction, target.direction_source) == ("higher", "confirmed")
    assert summary.updated == [] and summary.created == []  # re-importing the same table changes nothing


def test_reimporting_a_table_keeps_a_link_a_person_made_for_the_same_wording() -> None:
    committee = make_committee()
    row = TargetRow("1", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5")
    _summary, targets = apply(row, committee=committee)
    target = targets["Số vụ ngộ độc thực phẩm tập thể"]
    target.indicator = Indicator.objects.get(key="fire-incidents")
    target.save()
    apply_document(doc(row), committee)
    target.refresh_from_db()
    assert target.indicator.key == "fire-incidents"


def test_seed_tables_typed_without_catalogue_keys_get_the_same_verdicts() -> None:
    """Every seed file, its ``indicator:`` keys removed, loaded for a new committee: the rows link
    by wording (or get a guessed direction) and every target's verdict equals the seed's."""
    committees = read_committees()
    compared = linked = 0
    for path in resolution_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        seed = doc_from_yaml(data, committees, path.name)
        bare = copy.deepcopy(seed)
        for section in bare.sections:
            stack = list(section.targets)
            while stack:
                row = stack.pop()
                row.indicator = ""
                stack.extend(row.children)
        summary = apply_document(bare, make_committee(level=committees[data["committee"]]["level"]))
        linked += len(summary.linked)
        original = resolution_by(data["committee"], seed.ordinal, seed.year)
        period = default_period(original)
        fresh = original.__class__.objects.get(pk=summary.resolution_id)
        expected = [(r.target.order, r.status) for r in rows_for(original, *period)]
        assert [(r.target.order, r.status) for r in rows_for(fresh, *period)] == expected, path.name
        compared += len(expected)
    assert compared == 268 and linked == 207


def test_the_entry_page_marks_guessed_directions_until_confirmed() -> None:
    resolution = resolution_by("district-003", 12, 2024)
    client = login("canbo.huyen003")
    url = reverse("admin:resolutions_entry", args=[resolution.pk, "2024"])
    page = client.get(url).content.decode()
    assert "2 chỉ tiêu có chiều đánh giá do hệ thống suy đoán, cần xác nhận" in page
    assert f"⚠ {NOTICE}: càng cao càng tốt (mục tiêu ghi &#x27;trên&#x27;" in page
    for target in Target.objects.filter(resolution=resolution).direction_unconfirmed():
        confirm_direction(target, "higher", User.objects.get(username="canbo.huyen003"))
    assert NOTICE not in client.get(url).content.decode()


def test_the_target_admin_page_shows_the_notice_and_confirms_from_its_buttons() -> None:
    target = Target.objects.filter(resolution=resolution_by("district-003", 12, 2024)).direction_unconfirmed().first()
    client = login("canbo.huyen003")
    change = reverse("admin:resolutions_target_change", args=[target.pk])
    page = client.get(change).content.decode()
    assert NOTICE in page and "Xác nhận: càng thấp càng tốt" in page
    response = client.post(reverse("admin:resolutions_target_confirm_direction", args=[target.pk]),
                           {"direction": "higher", "reason": "Đúng như nghị quyết"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.direction_source == "confirmed"
    assert "Đã xác nhận: càng cao càng tốt" in client.get(change).content.decode()
    # Another committee's official cannot confirm (the target is not even visible to them).
    assert login("canbo.khoaichau").post(
        reverse("admin:resolutions_target_confirm_direction", args=[target.pk]), {"direction": "lower"}
    ).status_code == 404


def test_the_targets_admin_filters_guessed_directions_and_confirms_them_in_bulk(admin_client_demo: Any) -> None:
    url = reverse("admin:resolutions_target_changelist")
    listed = admin_client_demo.get(url, {"chieu_danh_gia": "can-xac-nhan"})
    assert "chiều đánh giá cần xác nhận" in listed.content.decode()
    shown = set(listed.context["cl"].queryset.values_list("pk", flat=True))
    assert shown == set(Target.objects.direction_unconfirmed().values_list("pk", flat=True)) and len(shown) == 3
    admin_client_demo.post(url, {"action": "confirm_current_direction", "_selected_action": list(shown)})
    assert not Target.objects.direction_unconfirmed().exists()


def test_reconcile_lists_the_guessed_directions(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("reconcile", committee="Đảng bộ huyện Phụng Hiệp", congress=12, year=2024)
    out = capsys.readouterr().out
    assert f"{NOTICE}: 2 chỉ tiêu" in out
    assert "Các xã còn lại đạt tiêu chí nông thôn mới: mục tiêu 'trên 13 tiêu chí'; càng cao càng tốt" in out
    call_command("reconcile", committee="Đảng bộ tỉnh Thái Bình", congress=20)
    assert "không có chỉ tiêu nào dùng chiều do hệ thống suy đoán" in capsys.readouterr().out


def test_the_import_preview_lists_rows_whose_direction_was_guessed() -> None:
    rows = [["II", "XÃ HỘI"], [1, "Tỷ lệ hộ nghèo", "%", "< 1", "0,8", "Đạt"],
            [2, "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5", "3", "Vượt"]]
    data = {"file": SimpleUploadedFile("1B.xlsx", xlsx(TERM_HEADER + rows), content_type=XLSX), "layout": "term",
            "committee": Committee.objects.get(key="khoai-chau").pk, "congress": 40, "term": "2020-2025",
            "preview": "1"}
    response = login("canbo.khoaichau").post(reverse("admin:reports_importlog_import"), data)
    page = response.content.decode()
    assert "1 chỉ tiêu có chiều đánh giá do hệ thống suy đoán, cần xác nhận." in page
    assert "Chỉ tiêu 2 (Số vụ ngộ độc thực phẩm tập thể): càng thấp càng tốt" in page
    assert response.context["outcome"].summary.linked[0].startswith("Chỉ tiêu 1 (Tỷ lệ hộ nghèo) → chỉ số")


def test_a_target_added_in_the_admin_is_linked_by_its_wording_and_takes_the_catalogues_direction(
    admin_client_demo: Any, hung_yen_xix: Any,
) -> None:
    data = {"resolution": hung_yen_xix.pk, "order": 500, "number": "99", "name": "Tỉ lệ hộ nghèo đa chiều",
            "unit": "%", "target_text": "dưới 1%", "term_basis": "latest", "direction": "higher", "note": "",
            "results-TOTAL_FORMS": 0, "results-INITIAL_FORMS": 0}
    response = admin_client_demo.post(reverse("admin:resolutions_target_add"), data)
    assert response.status_code == 302
    target = Target.objects.get(resolution=hung_yen_xix, order=500)
    assert (target.indicator.key, target.direction, target.direction_source) == ("poverty-rate", "lower", "catalogue")


def test_importing_the_catalogue_file_with_a_new_direction_moves_the_linked_targets() -> None:
    from resolutions.admin.catalogue import IndicatorResource

    data = IndicatorResource().export()
    keys = list(data["Mã"])
    row = keys.index("natural-population-growth")
    values = list(data[row])
    values[data.headers.index("Chiều đánh giá")] = "higher"
    data[row] = tuple(values)
    result = IndicatorResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    linked = Target.objects.filter(indicator__key="natural-population-growth")
    assert linked.exists() and set(linked.values_list("direction", flat=True)) == {"higher"}


def approve_year(target: Target, year: int) -> None:
    Submission.objects.create(resolution=target.resolution, period="year", year=year, state=Submission.State.APPROVED)


def test_a_direction_judging_figures_of_an_approved_period_cannot_be_turned_but_can_be_confirmed() -> None:
    committee = Committee.objects.get(key="khoai-chau")
    _summary, targets = apply(TargetRow("1", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5",
                                        results=[ResultRow("year", 2022, "3")]), committee=committee)
    target = targets["Số vụ ngộ độc thực phẩm tập thể"]
    approve_year(target, 2022)
    official = User.objects.get(username="canbo.khoaichau")
    other = "higher" if target.direction == "lower" else "lower"
    with pytest.raises(LockedError, match=r"Chỉ tiêu 1 \(Số vụ ngộ độc.*năm 2022.*Đề nghị cấp trên mở lại"):
        confirm_direction(target, other, official)
    confirm_direction(target, target.direction, official)  # stating the direction it was judged by is allowed
    target.refresh_from_db()
    assert target.direction != other and target.direction_source == "confirmed"


def test_the_target_admin_form_refuses_turning_a_locked_direction() -> None:
    committee = Committee.objects.get(key="khoai-chau")
    _summary, targets = apply(TargetRow("1", "Số vụ ngộ độc thực phẩm tập thể", "vụ", "5",
                                        results=[ResultRow("year", 2022, "3")]), committee=committee)
    target = targets["Số vụ ngộ độc thực phẩm tập thể"]
    approve_year(target, 2022)
    client = login("canbo.khoaichau")
    other = "higher" if target.direction == "lower" else "lower"
    response = client.post(reverse("admin:resolutions_target_confirm_direction", args=[target.pk]),
                           {"direction": other})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.direction != other
    page = client.get(reverse("admin:resolutions_target_change", args=[target.pk]), follow=True).content.decode()
    assert "kỳ đã duyệt và khóa" in page
    # The change form: editing the direction field is refused with the same reason, on that field.
    from django.forms.models import model_to_dict

    from resolutions.admin.structure import TargetForm

    form = TargetForm(instance=target, data={**{k: v for k, v in model_to_dict(target).items() if v is not None},
                                             "direction": other})
    assert not form.is_valid() and "kỳ đã duyệt và khóa" in form.errors["direction"][0]


def test_a_catalogue_direction_change_leaves_targets_with_approved_figures_as_judged() -> None:
    linked = Target.objects.filter(indicator__key="natural-population-growth", results__isnull=False).first()
    assert linked is not None
    result = linked.results.filter(period="year").exclude(year=None).first()
    Submission.objects.create(resolution=linked.resolution, period=result.period, year=result.year,
                              state=Submission.State.APPROVED)
    before = linked.direction
    set_indicator_direction(linked.indicator, "higher" if before == "lower" else "lower")
    linked.refresh_from_db()
    assert linked.direction == before
