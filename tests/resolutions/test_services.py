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
