"""Loading the seed documents' data (fixtures/*.yaml) through the same service as imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from indicators.ratings import Counts, Measure, Subject
from resolutions.audit import system_user
from resolutions.cascade import link_same_indicator
from resolutions.documents import doc_from_yaml
from resolutions.models import Committee, Resolution, Target
from resolutions.next_term import carry_over
from resolutions.ratings import RatingEntry, link_rating_target, save_ratings
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
    load_term_links(user=author)
    load_ratings(user=author)
    if dry_run:
        transaction.set_rollback(True)
    return out


def _congress_resolution(ref: dict[str, Any]) -> Resolution:
    return Resolution.objects.with_context().get(
        congress__committee__key=ref["committee"], congress__ordinal=ref["congress"], kind=Resolution.Kind.CONGRESS
    )


def load_term_links(path: Path | None = None, *, user: AbstractBaseUser | None = None) -> None:
    """Links of fixtures/term_links.yaml (cascade, continuation); the services skip what already exists."""
    data = yaml.safe_load((path or FIXTURES / "term_links.yaml").read_text(encoding="utf-8")) or {}
    for entry in data.get("cascade", []):
        link_same_indicator(_congress_resolution(entry["upper"]), user)
    for entry in data.get("continuation", []):
        carry_over(_congress_resolution(entry), user)


def load_ratings(path: Path | None = None, *, user: AbstractBaseUser | None = None) -> None:
    """Quality ratings and the targets judged from them (fixtures/ratings.yaml); idempotent."""
    data = yaml.safe_load((path or FIXTURES / "ratings.yaml").read_text(encoding="utf-8")) or {}
    for entry in data.get("rating_targets", []):
        ref = entry["resolution"]
        target = Target.objects.get(
            resolution__congress__committee__key=ref["committee"], resolution__congress__ordinal=ref["congress"],
            resolution__year=ref.get("year"), name=entry["target"],
        )
        link_rating_target(target, Subject(entry["subject"]), Measure(entry["measure"]), user=user)
    for block in data.get("ratings", []):
        committee = Committee.objects.get(key=block["committee"])
        entries = [
            RatingEntry(Subject(subject), Counts(**{k: v for k, v in values.items() if k != "note"}),
                        f"{block['source']}. {values['note']}" if values.get("note") else block["source"])
            for subject, values in block["subjects"].items()
        ]
        save_ratings(committee, int(block["year"]), entries, user=user)
