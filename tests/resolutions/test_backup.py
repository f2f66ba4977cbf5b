"""Backup and restore drill: every row (users, history, logs) comes back exactly, on SQLite and PostgreSQL.

These tests commit (``transaction=True``): restore works on the real tables, so the database is
flushed afterwards; the module-scoped fixture loads the seeds again for the tests that follow.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from reports.appendix_import import run_import
from resolutions.backup import BackupError, _Serializer, backup, copied_models, existing_rows, restore
from resolutions.demo import ensure_demo_users
from resolutions.models import Committee, Result, Target
from resolutions.seeds import load_seeds
from resolutions.services import record_result
from tests.conftest import sign_in
from tests.reports.test_excel_import import request, term_file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def seeds_reloaded_after_the_flush(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        load_seeds()
        ensure_demo_users()


def snapshot() -> dict[str, list[str]]:
    """Every copied row of every model, as the backup writes it (content types by natural key)."""
    return {
        model._meta.label_lower: _Serializer().serialize(model._base_manager.order_by("pk")).splitlines()
        for model in copied_models()
    }


@pytest.fixture
def lived_in_database() -> None:
    """The seeds and demo users, plus what a working database has: entries, an import, logins, admin logs."""
    if not Committee.objects.exists():
        load_seeds()
    ensure_demo_users()
    official = User.objects.get(username="canbo.khoaichau")
    target = Target.objects.filter(resolution__congress__committee__key="khoai-chau", target_kind="point").first()
    record_result(target, period="year", year=2023, text="12,5", user=official)
    official.user_permissions.add(Permission.objects.get(codename="override_result"))
    run_import(term_file(), request(), user=User.objects.get(username="quantri"))
    client = Client()
    client.post("/admin/login/", {"username": "canbo.khoaichau", "password": "sai-mat-khau"})  # a failure log
    assert sign_in(client, "lanhdao.hungyen", "LanhDao@2025")  # a session
    LogEntry.objects.create(user=official, content_type=ContentType.objects.get_for_model(Target),
                            object_id=str(target.pk), object_repr=str(target), action_flag=CHANGE)


def test_backup_then_restore_brings_back_every_row_into_an_empty_database_or_with_force_only(
    lived_in_database: None, tmp_path: Path
) -> None:
    before = snapshot()
    assert before["resolutions.historicalresult"] and before["axes.accessfailurelog"] and before["admin.logentry"]
    path = tmp_path / "chitieu.jsonl.gz"
    out = io.StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    assert "tài khoản" in out.getvalue() and "lịch sử kết quả" in out.getvalue()

    # A database with data is refused, and left as it was.
    with pytest.raises(CommandError, match="đang có dữ liệu .*chỉ khôi phục vào cơ sở dữ liệu trống.*--force"):
        call_command("restore", str(path))
    assert snapshot() == before

    # Into an empty database: every row comes back.
    call_command("flush", interactive=False, verbosity=0)
    assert existing_rows() == {} and not User.objects.exists()
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    assert snapshot() == before
    # People sign in with their own passwords; the history still names who changed what.
    assert sign_in(Client(), "canbo.khoaichau", "NhapLieu@2025")
    entered = Result.objects.filter(raw_text="12,5", year=2023).get()
    assert entered.history.latest().history_user.username == "canbo.khoaichau"
    assert User.objects.get(username="canbo.khoaichau").has_perm("resolutions.override_result")
    # New rows continue after the restored ids (PostgreSQL sequences).
    assert Committee.objects.create(key="moi", name="Đảng bộ mới", level="district").pk > max(
        int(line.split('"pk": ')[1].split(",")[0]) for line in before["resolutions.committee"]
    )

    # --force replaces what is there (the committee just added, the sessions) with the backup.
    assert Session.objects.exists()
    call_command("restore", str(path), "--force", stdout=io.StringIO())
    assert snapshot() == before
    assert not Session.objects.exists()  # sessions of the replaced data are gone: everyone signs in again


@pytest.mark.django_db  # rolled back: a refused restore must leave the data as it was
def test_a_truncated_backup_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "chitieu.jsonl.gz"
    backup(path)
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = stream.readlines()
    cut = tmp_path / "cut.jsonl.gz"
    with gzip.open(cut, "wt", encoding="utf-8") as stream:
        stream.writelines(lines[: len(lines) // 2])
    before = snapshot()
    with pytest.raises(BackupError, match="không đầy đủ"):
        restore(cut, force=True)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(path))
