"""Verdict statuses (indicators.statuses): a document's words, labels, order and same judgements."""

from __future__ import annotations

import pytest

from indicators.statuses import STATUS_ORDER, Status, parse_status, same_judgement, severity


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Vượt", Status.EXCEEDED),
        ("Vượt ", Status.EXCEEDED),
        ("Đạt vượt", Status.EXCEEDED),
        ("Vượt chỉ tiêu", Status.EXCEEDED),
        ("VƯỢT", Status.EXCEEDED),
        ("Đạt", Status.ACHIEVED),
        ("  đạt  ", Status.ACHIEVED),
        ("Cơ bản đạt", Status.BASICALLY),
        ("Cơ  bản   đạt", Status.BASICALLY),
        ("Chưa đạt", Status.NOT_ACHIEVED),
        ("Không đạt", Status.FAILED),
        ("Khó đạt", Status.UNLIKELY),
        ("", None),
        ("tốt", None),
    ],
)
def test_document_verdicts_are_read(text: str, status: Status | None) -> None:
    assert parse_status(text) == status


def test_status_labels_are_vietnamese() -> None:
    assert [s.label for s in Status] == [
        "Vượt", "Đạt", "Cơ bản đạt", "Chưa đạt", "Không đạt", "Đã đạt", "Có khả năng đạt", "Khó đạt",
        "Cần kiểm tra", "Chưa đánh giá", "Chưa đủ số liệu", "Chưa có số liệu",
    ]  # fmt: skip


def test_severity_ranks_worst_to_best() -> None:
    assert set(STATUS_ORDER) == set(Status)
    assert severity(Status.FAILED) < severity(Status.NOT_ACHIEVED) < severity(Status.UNLIKELY)
    assert severity(Status.UNLIKELY) < severity(Status.BASICALLY) < severity(Status.ACHIEVED)
    assert severity(Status.ACHIEVED) < severity(Status.EXCEEDED)


def test_end_of_term_failed_is_the_same_judgement_as_not_achieved() -> None:
    assert same_judgement(Status.FAILED, Status.NOT_ACHIEVED)
    assert not same_judgement(Status.ACHIEVED, Status.NOT_ACHIEVED)
    assert not same_judgement(None, Status.ACHIEVED)


def test_a_documents_mid_term_words_agree_with_a_forecast_when_they_say_on_track_or_behind() -> None:
    assert same_judgement(Status.ACHIEVED, Status.LIKELY)
    assert same_judgement(Status.EXCEEDED, Status.SECURED)
    assert same_judgement(Status.UNLIKELY, Status.UNLIKELY)
    assert same_judgement(Status.NOT_ACHIEVED, Status.UNLIKELY)
    assert not same_judgement(Status.ACHIEVED, Status.UNLIKELY)
    assert not same_judgement(Status.UNLIKELY, Status.LIKELY)
    assert not same_judgement(Status.PENDING, Status.LIKELY)
