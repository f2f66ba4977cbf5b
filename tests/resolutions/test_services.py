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
