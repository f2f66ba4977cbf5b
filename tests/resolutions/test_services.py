"""apply_document: the one write path for seeds and imports — all-or-nothing, idempotent, dry run."""

from __future__ import annotations

import pytest

from resolutions.documents import ResolutionDoc, ResultRow, SectionRow, TargetRow
from resolutions.models import Resolution, Result, Target
from resolutions.services import DocumentError, apply_document
from tests.factories import make_committee


def _doc(rows: list[TargetRow]) -> ResolutionDoc:
    return ResolutionDoc(
        committee_key="x", committee_name="Đảng bộ thử", ordinal=3, term_start=2020, term_end=2025,
        kind="congress", year=None, title="Nghị quyết thử", sections=[SectionRow("I", "KINH TẾ", rows)],
    )


def _rows(n: int, bad_at: int | None = None) -> list[TargetRow]:
    return [
        TargetRow(
            number=str(i), name=f"Chỉ tiêu {i}", unit="%", target="90",
            results=[ResultRow("term", None, "chín mươi" if i == bad_at else "91", where=f"dòng {i}, cột E")],
            where=f"dòng {i}",
        )
        for i in range(1, n + 1)
    ]


@pytest.mark.django_db
def test_one_bad_row_in_a_hundred_writes_nothing_and_names_the_cell() -> None:
    committee = make_committee()
    before = (Resolution.objects.count(), Target.objects.count(), Result.objects.count())
    with pytest.raises(DocumentError) as error:
        apply_document(_doc(_rows(100, bad_at=57)), committee)
    assert (Resolution.objects.count(), Target.objects.count(), Result.objects.count()) == before
    assert error.value.messages == ["dòng 57, cột E: kết quả 'chín mươi' phải là số (chỉ tiêu này có mục tiêu định lượng)."]


@pytest.mark.django_db
def test_applying_the_same_document_twice_changes_nothing() -> None:
    committee = make_committee()
    first = apply_document(_doc(_rows(5)), committee)
    second = apply_document(_doc(_rows(5)), committee)
    assert len(first.created) == 12 and second.created == second.updated == []
    assert Target.objects.filter(resolution__congress__committee=committee).count() == 5


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_change_and_keeps_nothing() -> None:
    committee = make_committee()
    summary = apply_document(_doc(_rows(3)), committee, dry_run=True)
    assert summary.counts()["created"] == 8
    assert not Resolution.objects.filter(congress__committee=committee).exists()


@pytest.mark.django_db
def test_a_changed_figure_is_updated_in_place_and_versioned() -> None:
    committee = make_committee()
    apply_document(_doc(_rows(2)), committee)
    rows = _rows(2)
    rows[1].results[0].text = "95,5"
    summary = apply_document(_doc(rows), committee)
    result = Result.objects.get(target__resolution__congress__committee=committee, target__number="2")
    assert (result.raw_text, result.version, len(summary.updated)) == ("95,5", 2, 1)
    assert result.history.count() == 2  # audited: created, then changed


@pytest.mark.django_db
def test_more_decimals_than_stored_is_an_error_not_a_rounding() -> None:
    rows = _rows(1)
    rows[0].results[0].text = "1,1234567"
    with pytest.raises(DocumentError) as error:
        apply_document(_doc(rows), make_committee())
    assert "chữ số thập phân" in error.value.messages[0]


@pytest.mark.django_db
def test_an_import_into_an_approved_period_is_refused_and_writes_nothing() -> None:
    from resolutions.models import Submission

    committee = make_committee()
    summary = apply_document(_doc(_rows(2)), committee)
    resolution = Resolution.objects.get(pk=summary.resolution_id)
    Submission.objects.create(resolution=resolution, period="term", year=None, state="approved")
    rows = _rows(2)
    rows[0].results[0].text = "99"
    with pytest.raises(DocumentError) as error:
        apply_document(_doc(rows), committee)
    assert "đã được duyệt và khóa" in error.value.messages[0]
    assert Result.objects.get(target__resolution=resolution, target__number="1").raw_text == "91"


@pytest.mark.django_db
def test_an_import_records_who_made_each_change() -> None:
    from django.contrib.auth.models import User

    user = User.objects.get(username="canbo.thaibinh")
    committee = make_committee()
    apply_document(_doc(_rows(1)), committee, user=user)
    result = Result.objects.get(target__resolution__congress__committee=committee)
    assert result.history.get().history_user == user


@pytest.mark.django_db
def test_reapplying_an_unchanged_document_takes_the_same_queries_whatever_its_size() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (10, 100):
        committee = make_committee()
        apply_document(_doc(_rows(n)), committee)
        with CaptureQueriesContext(connection) as ctx:
            summary = apply_document(_doc(_rows(n)), committee)
        assert summary.created == summary.updated == []
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_new_rows_are_written_in_bulk_each_with_one_history_entry_naming_the_user_and_the_import() -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = User.objects.get(username="canbo.thaibinh")
    counts = []
    for n in (10, 100):
        committee = make_committee()
        with CaptureQueriesContext(connection) as ctx:
            apply_document(_doc(_rows(n)), committee, user=user)
        counts.append(len(ctx.captured_queries))
        targets = Target.objects.filter(resolution__congress__committee=committee)
        results = Result.objects.filter(target__in=targets)
        history = list(Target.history.filter(resolution__congress__committee=committee)) + list(
            Result.history.filter(target__in=targets))
        assert len(history) == targets.count() + results.count() == 2 * n
        assert {(h.history_type, h.history_user, h.history_change_reason) for h in history} == {
            ("+", user, "Nhập từ bảng")}
        assert all(t.name_folded == f"chi tieu {t.number}" for t in targets)
    # Bulk writes: ten times the rows is not ten times the queries (SQLite writes in batches of ~999 values).
    assert counts[1] < counts[0] + 30


@pytest.mark.django_db
def test_reapplying_an_unchanged_document_writes_no_history() -> None:
    committee = make_committee()
    apply_document(_doc(_rows(5)), committee)
    before = Target.history.count() + Result.history.count()
    summary = apply_document(_doc(_rows(5)), committee)
    assert summary.changes_nothing
    assert Target.history.count() + Result.history.count() == before


@pytest.mark.django_db
def test_sub_targets_of_new_targets_get_their_new_parent() -> None:
    rows = _rows(2)
    rows[0].children = [TargetRow(number="", name="Phần a", target="5", results=[ResultRow("term", None, "6")])]
    summary = apply_document(_doc(rows), make_committee())
    part = Target.objects.get(resolution_id=summary.resolution_id, name="Phần a")
    assert part.parent is not None and part.parent.name == "Chỉ tiêu 1" and part.order == 2


@pytest.mark.django_db
def test_an_override_in_the_document_is_set_on_a_figure_without_one_and_never_replaces_a_persons() -> None:
    from django.contrib.auth.models import User

    from indicators.statuses import Status
    from resolutions.services import set_override

    committee = make_committee()
    rows = _rows(2)
    for row in rows:
        row.results[0].override, row.results[0].override_reason = "chua_dat", "Số liệu chưa được thẩm định."
    apply_document(_doc(rows), committee)
    first, second = Result.objects.filter(target__resolution__congress__committee=committee).order_by("target__order")
    assert (first.override_status, first.override_reason) == ("chua_dat", "Số liệu chưa được thẩm định.")
    set_override(second, Status.ACHIEVED, "Đã thẩm định lại.", User.objects.get(username="quantri"))
    summary = apply_document(_doc(rows), committee)
    second.refresh_from_db()
    assert (second.override_status, second.override_reason) == ("dat", "Đã thẩm định lại.")
    assert summary.changes_nothing


@pytest.mark.django_db
def test_without_permission_an_override_in_the_document_is_left_out_and_said_so() -> None:
    rows = _rows(1)
    rows[0].results[0].override, rows[0].results[0].override_reason = "chua_dat", "Lý do."
    summary = apply_document(_doc(rows), make_committee(), may_override=False)
    result = Result.objects.get(target__resolution_id=summary.resolution_id)
    assert result.override_status == "" and "cần quyền điều chỉnh đánh giá" in summary.notes[0]


@pytest.mark.django_db
def test_an_override_without_a_reason_is_refused() -> None:
    rows = _rows(1)
    rows[0].results[0].override = "chua_dat"
    with pytest.raises(DocumentError) as error:
        apply_document(_doc(rows), make_committee())
    assert "thiếu lý do" in error.value.messages[0]


@pytest.mark.django_db
def test_evaluation_settings_in_the_document_come_with_a_new_resolution_only() -> None:
    from decimal import Decimal

    committee = make_committee()
    doc = _doc(_rows(1))
    doc.exceed_margin, doc.basic_band = Decimal("0.5"), Decimal("5")
    summary = apply_document(doc, committee)
    resolution = Resolution.objects.get(pk=summary.resolution_id)
    assert (resolution.exceed_margin, resolution.basic_band) == (Decimal("0.5"), Decimal("5"))
    doc.exceed_margin = Decimal("2")
    apply_document(doc, committee)
    resolution.refresh_from_db()
    assert resolution.exceed_margin == Decimal("0.5")


@pytest.mark.django_db
def test_an_import_into_a_submitted_period_is_refused_naming_the_period_in_words() -> None:
    from resolutions.models import Submission

    committee = make_committee()
    summary = apply_document(_doc(_rows(2)), committee)
    resolution = Resolution.objects.get(pk=summary.resolution_id)
    Submission.objects.create(resolution=resolution, period="term", year=None, state="submitted")
    rows = _rows(2)
    rows[0].results[0].text = "99"
    with pytest.raises(DocumentError) as error:
        apply_document(_doc(rows), committee)
    assert error.value.messages[0].startswith("dòng 1, cột E: Cả nhiệm kỳ — số liệu kỳ này đã gửi cấp trên duyệt")
    assert "term" not in error.value.messages[0]
    assert Result.objects.get(target__resolution=resolution, target__number="1").raw_text == "91"


# --------------------------------------------------------------------------- messages


@pytest.fixture
def poverty(db: None) -> Target:
    from tests.factories import make_resolution, make_target

    resolution = make_resolution()
    parent = make_target(resolution, "", number="4.2",
                         name="Tỷ lệ đơn vị hành chính cấp xã đạt chuẩn nông thôn mới nâng cao trên địa bàn")
    make_target(resolution, "90", number="", name="Xã đạt chuẩn nông thôn mới kiểu mẫu", parent=parent)
    return parent


def test_an_unreadable_figure_is_said_once_naming_the_target_by_number_and_name(poverty: Target) -> None:
    from resolutions.services import validate_entry_text

    errors = validate_entry_text("12,5,3", poverty)
    assert errors == [
        "Chỉ tiêu 4.2 (Tỷ lệ đơn vị hành chính cấp xã đạt chuẩn nông thôn mới nâng…): "
        "không đọc được số '12,5,3' — có nhiều hơn một dấu phẩy"
    ]


def test_a_sub_target_is_named_by_its_numbered_parent_not_by_a_bullet(poverty: Target) -> None:
    from resolutions.services import record_result

    child = poverty.children.get()
    with pytest.raises(DocumentError) as error:
        record_result(child, period="term", year=None, text="12,5,3")
    message = error.value.messages[0]
    assert message.startswith("Chỉ tiêu con của chỉ tiêu 4.2 (Xã đạt chuẩn nông thôn mới kiểu mẫu): không đọc được số")
    assert "•" not in message and message.lower().count("không đọc được") == 1


@pytest.mark.django_db
def test_a_dry_runs_summary_names_rows_and_periods_in_words_cut_at_a_word() -> None:
    rows = _rows(1)
    rows[0].name = "Thu nhập bình quân đầu người của lao động làm việc trong các doanh nghiệp trên địa bàn"
    rows[0].results.append(ResultRow("year", 2024, "92", where="dòng 1, cột F"))
    summary = apply_document(_doc(rows), make_committee(), dry_run=True)
    assert "Nhóm I. KINH TẾ" in summary.created
    assert "Chỉ tiêu 1 (Thu nhập bình quân đầu người của lao động làm việc trong…)" in summary.created
    assert "Chỉ tiêu 1 (Thu nhập bình quân đầu người của lao động làm việc trong…): kết quả năm 2024" in (
        summary.created
    )
    assert not any("(term" in label or "year 2024" in label for label in summary.created)


@pytest.mark.django_db
def test_an_override_must_be_a_judgement_not_no_data_or_a_check(hung_yen_xix: Resolution) -> None:
    from django.contrib.auth.models import User

    from indicators.statuses import Status
    from resolutions.services import set_override

    result = Result.objects.filter(target__resolution=hung_yen_xix).first()
    admin = User.objects.get(username="quantri")
    for status in (Status.CHECK, Status.NO_DATA, Status.INCOMPLETE, Status.PENDING):
        with pytest.raises(DocumentError):
            set_override(result, status, "lý do", admin)
    assert set_override(result, Status.LIKELY, "theo báo cáo giữa kỳ", admin).override_status == "co_kha_nang_dat"


@pytest.mark.django_db
def test_a_row_whose_wording_says_how_the_term_is_measured_is_judged_that_way() -> None:
    """A typed table states no basis: the row's own words do (indicators.basis), before the catalogue's
    usual basis and the default level at the end of the term."""
    rows = [
        TargetRow(number="1", name="Chiều dài đường giao thông nông thôn được cứng hóa (lũy kế giai đoạn 2021 - 2025)",
                  unit="Km", target="500", where="dòng 1"),
        TargetRow(number="2", name="Tốc độ tăng giá trị sản xuất công nghiệp bình quân", unit="%", target="12 - 13",
                  where="dòng 2"),
        TargetRow(number="3", name="Tổng thu ngân sách giai đoạn 2021 - 2025", unit="Tỷ đồng", target="100.000",
                  where="dòng 3"),
        TargetRow(number="4", name="Tỷ lệ đô thị hóa", unit="%", target="40", where="dòng 4"),
        TargetRow(number="5", name="Số xã đạt chuẩn nông thôn mới", unit="Xã", target="20", where="dòng 5",
                  basis="sum"),
    ]
    committee = make_committee()
    apply_document(_doc(rows), committee)
    bases = dict(Target.objects.filter(resolution__congress__committee=committee).values_list("number", "term_basis"))
    assert bases == {"1": "sum", "2": "growth_mean", "3": "sum", "4": "latest", "5": "sum"}
