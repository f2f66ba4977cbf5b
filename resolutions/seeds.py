"""Loading the seed documents' data (fixtures/*.yaml) through the same service as imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from resolutions.audit import system_user
from resolutions.documents import doc_from_yaml
from resolutions.models import Committee
from resolutions.services import ApplySummary, apply_document, sync_catalogue

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read_committees(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The committees of fixtures/committees.yaml, by key."""
    rows = yaml.safe_load((path or FIXTURES / "committees.yaml").read_text(encoding="utf-8"))
    return {row["key"]: row for row in rows}


def resolution_files() -> list[Path]:
    return sorted((FIXTURES / "resolutions").glob("*.yaml"))


@transaction.atomic
def upsert_committees(rows: dict[str, dict[str, Any]]) -> dict[str, Committee]:
    """Create or update committees by key; parents and successors are linked in a second pass."""
    committees: dict[str, Committee] = {}
    for key, row in rows.items():
        committee, _ = Committee.objects.update_or_create(
            key=key,
            defaults={"name": row["name"], "level": row["level"],
                      "active_from": _date(row.get("active_from")), "active_to": _date(row.get("active_to"))},
        )
        committees[key] = committee
    for key, row in rows.items():
        committee = committees[key]
        parent = committees.get(row.get("parent") or "")
        successor = committees.get(row.get("successor") or "")
        if committee.parent != parent or committee.successor != successor:
            committee.parent, committee.successor = parent, successor
            committee.save()
    return committees


@transaction.atomic
def load_seeds(*, dry_run: bool = False) -> list[tuple[str, ApplySummary]]:
    """Load every seed fixture; idempotent (a second run reports everything unchanged).

    The national indicator catalogue is synced first (the seed rows link to its keys; a flushed
    test database or an old one may lack entries). The history records the system account as the
    author (the documents have no user).
    """
    sync_catalogue()
    rows = read_committees()
    committees = upsert_committees(rows)
    author = system_user()
    out = []
    for path in resolution_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = doc_from_yaml(data, rows, path.name)
        out.append((path.name, apply_document(doc, committees[data["committee"]], user=author)))
    if dry_run:
        transaction.set_rollback(True)
    return out
