"""Backup and restore of the whole database, the same on SQLite and PostgreSQL.

A backup is a gzip'd JSON Lines file: a header line (format, version, time, database engine, the
migrations the data belongs to, row counts), then one line per row of every model: users, groups,
memberships, committees, resolutions, targets, results, submissions, their history (simple-history),
import logs, the admin's log and the login records. Rows keep their primary keys, so every
reference (history → user, result → target) survives as it is. Content types and permissions are
not copied: ``migrate`` makes them in the target database, and rows refer to them by natural key
(app label and model / codename). Sessions are not copied: people sign in again after a restore.

``restore`` loads a backup into a database at the same migrations, inside one transaction (all or
nothing), and refuses a database that already holds data unless ``force`` is given, in which case
the existing rows are deleted in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = "chitieu-backup"
VERSION = 1
# Made by migrate in every database (referred to by natural key), or not worth keeping (sessions).
NOT_COPIED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A backup cannot be written or restored; the message is Vietnamese."""


@dataclass
class BackupSummary:
    """What a backup holds or a restore loaded: rows per model ("resolutions.target": 61)."""

    path: Path
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Serializer(JsonlSerializer):
    """JSON Lines with natural keys only for content types and permissions (their ids differ per database),
    times to the microsecond."""

    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = _ExactEncoder

    def _natural_for(self, model: type[Model]) -> bool:
        return issubclass(model, ContentType | Permission)

    def handle_fk_field(self, obj: Model, field: Any) -> None:
        self.use_natural_foreign_keys = self._natural_for(field.remote_field.model)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: Model, field: Any) -> None:
        self.use_natural_foreign_keys = self._natural_for(field.remote_field.model)
        super().handle_m2m_field(obj, field)


def copied_models() -> list[type[Model]]:
    """Every model whose rows a backup holds, parents before the rows that refer to them."""
    chosen = [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in NOT_COPIED
    ]
    by_app: dict[Any, list[type[Model]]] = {}
    for model in chosen:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations recorded in the database, by app."""
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write every copied row to ``path`` (gzip'd JSON Lines); reads in one transaction (a consistent copy)."""
    summary = BackupSummary(path)
    models = copied_models()
    temporary = path.with_name(path.name + ".tmp")
    with transaction.atomic(using=using), gzip.open(temporary, "wt", encoding="utf-8") as out:
        summary.counts.update({m._meta.label_lower: m._base_manager.using(using).count() for m in models})
        header = {
            "format": FORMAT, "version": VERSION, "created": timezone.now().isoformat(),
            "engine": connections[using].vendor, "migrations": applied_migrations(using),
            "counts": dict(summary.counts),
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for model in models:
            rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
            _Serializer().serialize(rows, stream=out)
    temporary.replace(path)  # a backup file is never half written
    return summary


def read_header(path: Path) -> dict[str, Any]:
    """The header of a backup file; a file that is not one is a ``BackupError``."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            header = json.loads(stream.readline())
    except (OSError, EOFError, ValueError) as exc:
        raise BackupError(f"Tệp '{path}' không phải bản sao lưu của ứng dụng (hoặc đã hỏng): {exc}") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"Tệp '{path}' không phải bản sao lưu của ứng dụng.")
    if header.get("version") != VERSION:
        raise BackupError(f"Bản sao lưu dạng phiên bản {header.get('version')}; ứng dụng này đọc phiên bản {VERSION}.")
    return header


def _rows(stream: IO[str]) -> Iterator[str]:
    stream.readline()  # the header
    yield from stream


def existing_rows(using: str = DEFAULT_DB_ALIAS) -> Counter[str]:
    """Rows already in the database, for the models a restore writes (an empty database has none)."""
    counts: Counter[str] = Counter()
    for model in copied_models():
        n = model._base_manager.using(using).count()
        if n:
            counts[model._meta.label_lower] = n
    return counts


def _check_migrations(header: dict[str, Any], using: str) -> None:
    """The database must be at the migrations the backup was made at (same tables and columns)."""
    theirs = {(app, name) for app, names in header.get("migrations", {}).items() for name in names}
    ours = {(app, name) for app, names in applied_migrations(using).items() for name in names}
    if theirs == ours:
        return
    newer = sorted(theirs - ours)
    older = sorted(ours - theirs)
    detail = []
    if newer:
        detail.append("bản sao lưu có migration mà cơ sở dữ liệu chưa có: "
                      + ", ".join(f"{a}.{n}" for a, n in newer[:5]))
    if older:
        detail.append("cơ sở dữ liệu có migration mà bản sao lưu chưa có: "
                      + ", ".join(f"{a}.{n}" for a, n in older[:5]))
    raise BackupError(
        "Bản sao lưu thuộc phiên bản ứng dụng khác (" + "; ".join(detail) + "). Hãy khôi phục bằng đúng phiên "
        "bản mã nguồn lúc sao lưu (manage.py migrate), rồi mới nâng cấp."
    )


def restore(path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Load a backup into the database (already migrated to the backup's migrations); all or nothing.

    Refuses a database holding any row of the copied models unless ``force``, which deletes them
    (and every session) first, in the same transaction: a failed restore leaves the database as it was.
    """
    header = read_header(path)
    _check_migrations(header, using)
    present = existing_rows(using)
    if present and not force:
        shown = ", ".join(f"{label}: {n}" for label, n in present.most_common(4))
        raise BackupError(
            f"Cơ sở dữ liệu đang có dữ liệu ({shown}...); chỉ khôi phục vào cơ sở dữ liệu trống. "
            "Dùng --force để XÓA toàn bộ dữ liệu hiện có rồi khôi phục."
        )
    connection = connections[using]
    models = copied_models()
    summary = BackupSummary(path)
    expected = Counter({label: n for label, n in header.get("counts", {}).items() if n})
    with transaction.atomic(using=using):
        # Sessions go too: a session of the old data must not sign someone in as another user.
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), _tables_written(models) + ["django_session"]):
                cursor.execute(statement)
        with connection.constraint_checks_disabled(), gzip.open(path, "rt", encoding="utf-8") as stream:
            for item in serializers.deserialize("jsonl", _rows(stream), using=using, handle_forward_references=True):
                item.save(using=using)
                summary.counts[item.object._meta.label_lower] += 1
        connection.check_constraints(table_names=_tables_written(models))
        if summary.counts != expected:
            raise BackupError(f"Tệp sao lưu không đầy đủ: đọc được {summary.total} bản ghi, "
                              f"phần đầu tệp ghi {sum(expected.values())}; không khôi phục gì.")
        # PostgreSQL: the id sequences continue after the restored ids.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    return summary


def _tables_written(models: list[type[Model]]) -> list[str]:
    """The tables of ``models`` and of their many-to-many links (a user's groups, a group's permissions)."""
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many
                   if f.remote_field.through._meta.auto_created]
    return tables
