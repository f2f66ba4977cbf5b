"""Issued reports stay as issued: the frozen snapshot and files, versions, who and when, what changed since."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from resolutions.adjustments import adjust_target
from resolutions.issuing import Change, FilePayload, IssueError, changes_since, compare, issue
from resolutions.models import IssuedFile, IssuedReport, Resolution, Target
from resolutions.services import record_result
from resolutions.verdicts import rows_for


def row(target_id: int, figure: str, status: str, target: str = "100", name: str = "Thu ngân sách") -> dict:
    return {"target_id": target_id, "number": "5", "name": name, "target_text": target, "figure_text": figure,
            "status_label": status, "estimate": False}


def test_compare_lists_figures_verdicts_targets_and_rows_added_or_removed() -> None:
    issued = [row(1, "44.923", "Vượt"), row(2, "9", "Đạt", name="Tuổi thọ"), row(3, "1", "Đạt", name="Bỏ đi")]
    current = [row(1, "41.000", "Chưa đạt"), row(2, "9", "Đạt", target="10", name="Tuổi thọ"),
               row(4, "", "Chưa có số liệu", name="Mới")]
    assert compare(issued, current) == [
        Change("5. Thu ngân sách", "Kết quả", "44.923", "41.000"),
        Change("5. Thu ngân sách", "Đánh giá", "Vượt", "Chưa đạt"),
        Change("5. Tuổi thọ", "Mục tiêu", "100", "10"),
        Change("5. Bỏ đi", "Chỉ tiêu", "có", "không còn trong nghị quyết"),
        Change("5. Mới", "Chỉ tiêu", "chưa có", "thêm sau khi phát hành"),
    ]
    assert compare(issued, issued) == []


def xlsx(content: bytes = b"PK\x03\x04 excel bytes") -> FilePayload:
    return FilePayload("xlsx", "Phụ lục 1A.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       content)


def official() -> User:
    return User.objects.get(username="canbo.hungyencu")


def budget(resolution: Resolution) -> Target:
    return Target.objects.get(resolution=resolution, name="Thu ngân sách trên địa bàn")


@pytest.mark.django_db
def test_issuing_freezes_every_row_the_rules_the_files_and_who_and_when(hung_yen_xix: Resolution) -> None:
    report = issue(hung_yen_xix, kind="scoreboard", period="term", year=None, user=official(), files=[xlsx()],
                   note="Gửi Ban Thường vụ", describe=lambda rows: {"headline": f"{len(rows)} dòng"})
    assert (report.version, report.issued_by, report.note) == (1, official(), "Gửi Ban Thường vụ")
    rows = rows_for(hung_yen_xix, "term", None)
    snapshot = report.snapshot
    assert len(snapshot["rows"]) == len(rows) and snapshot["headline"] == f"{len(rows)} dòng"
    assert snapshot["rules"] == {"exceed_margin": "0.000000", "basic_band": None}
    frozen = next(r for r in snapshot["rows"] if r["name"] == "Thu ngân sách trên địa bàn")
    assert (frozen["target_text"], frozen["figure_text"], frozen["estimate"]) == ("21.500", "44.923", True)
    assert frozen["explanation"] and frozen["rule"] and frozen["status_label"] == "Vượt"
    stored = IssuedFile.objects.get(report=report)
    assert bytes(stored.content) == xlsx().content and stored.sha256 == hashlib.sha256(xlsx().content).hexdigest()
    assert report.history.get().history_user == official()
    again = issue(hung_yen_xix, kind="scoreboard", period="term", year=None, user=official())
    assert again.version == 2


@pytest.mark.django_db
def test_later_edits_show_as_changed_after_issuing_and_the_issued_version_stays(hung_yen_xix: Resolution) -> None:
    report = issue(hung_yen_xix, kind="scoreboard", period="term", year=None, user=official(), files=[xlsx()])
    target = budget(hung_yen_xix)
    record_result(target, period="term", year=None, text="20.000", estimate=True)
    adjust_target(target, text="25.000", decision_code="NQ 9", effective_from=dt.date(2024, 1, 1))
    hung_yen_xix.exceed_margin = Decimal(1)
    hung_yen_xix.save()
    report.refresh_from_db()
    changes = changes_since(report)
    assert Change("5. Thu ngân sách trên địa bàn", "Kết quả", "44.923", "20.000") in changes
    assert Change("5. Thu ngân sách trên địa bàn", "Mục tiêu", "21.500", "25.000") in changes
    assert Change("5. Thu ngân sách trên địa bàn", "Đánh giá", "Vượt", "Chưa đạt") in changes
    assert changes[-1].what == "Cách đánh giá" and "mức vượt tối thiểu 1" in changes[-1].current
    frozen = next(r for r in report.snapshot["rows"] if r["target_id"] == target.pk)
    assert frozen["figure_text"] == "44.923" and bytes(report.files.get().content) == xlsx().content


@pytest.mark.django_db
def test_only_the_committees_office_with_the_permission_may_issue(hung_yen_xix: Resolution) -> None:
    for username in ("canbo.khoaichau", "lanhdao.hungyen"):
        with pytest.raises(IssueError, match="không có quyền phát hành"):
            issue(hung_yen_xix, kind="scoreboard", period="term", year=None, user=User.objects.get(username=username))
    with pytest.raises(IssueError, match="không thuộc nghị quyết"):
        issue(hung_yen_xix, kind="scoreboard", period="year", year=2031, user=official())
    with pytest.raises(IssueError, match="một lần"):
        issue(hung_yen_xix, kind="scoreboard", period="term", year=None, user=official(), files=[xlsx(), xlsx()])
    assert not IssuedReport.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_appendix_without_a_layout_and_a_second_file_of_a_format(
    hung_yen_xix: Resolution,
) -> None:
    report = issue(hung_yen_xix, kind="appendix", layout="term", appendix="1A", period="term", year=None,
                   user=official(), files=[xlsx()])
    with transaction.atomic(), pytest.raises(IntegrityError):
        IssuedFile.objects.create(report=report, format="xlsx", file_name="x", content_type="x", content=b"x",
                                  size=1, sha256="0" * 64)
    with transaction.atomic(), pytest.raises(IntegrityError):
        IssuedReport.objects.filter(pk=report.pk).update(layout="")
