"""The national indicator catalogue (indicators/catalogue.yaml): reading, checking and merging it.

Plain typed functions, no Django, no database. The migration that first fills the catalogue and
the ``sync_catalogue`` service both use ``plan_entry``, so a newer file never overwrites what an
office edited: every stored entry keeps a snapshot of what was shipped, and a field takes the
newer file's value only while the stored value still equals that snapshot (a three-way merge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from indicators.evaluation import Direction
from indicators.term_figures import TermBasis
from indicators.text import fold_text

__all__ = [
    "CATALOGUE_FILE",
    "FIELD_LABELS",
    "GROUP_LABELS",
    "SYNCED_FIELDS",
    "CatalogueEntry",
    "CatalogueError",
    "EntryPlan",
    "Group",
    "edited_fields",
    "parse_catalogue",
    "plan_entry",
    "read_catalogue",
]

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")

# The fields a sync may update (everything but the key); their order is the order of messages.
SYNCED_FIELDS = ("name", "aliases", "unit", "direction", "basis", "group")
FIELD_LABELS = {
    "name": "tên", "aliases": "tên gọi khác", "unit": "đơn vị tính", "direction": "chiều đánh giá",
    "basis": "cách tính cả kỳ", "group": "nhóm",
}
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Group(StrEnum):
    """The sections resolutions group their targets in."""

    ECONOMY = "economy"
    SOCIETY = "society"
    ENVIRONMENT = "environment"
    PARTY = "party"
    DEFENCE = "defence"


GROUP_LABELS = {
    Group.ECONOMY: "Kinh tế",
    Group.SOCIETY: "Văn hóa - xã hội",
    Group.ENVIRONMENT: "Tài nguyên - môi trường",
    Group.PARTY: "Xây dựng Đảng và hệ thống chính trị",
    Group.DEFENCE: "Quốc phòng - an ninh",
}


class CatalogueError(ValueError):
    """The catalogue file is malformed; ``messages`` names every bad entry (Vietnamese)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class CatalogueEntry:
    """One indicator as the catalogue file ships it."""

    key: str
    name: str
    unit: str
    direction: Direction
    basis: TermBasis
    group: Group
    aliases: tuple[str, ...] = ()

    def values(self) -> dict[str, Any]:
        """The synced fields as stored (aliases as a list; enums as their values)."""
        return {
            "name": self.name, "aliases": list(self.aliases), "unit": self.unit,
            "direction": self.direction.value, "basis": self.basis.value, "group": self.group.value,
        }


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[CatalogueEntry]:
    """The entries of a catalogue file, checked (raises ``CatalogueError``)."""
    return parse_catalogue(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name)
    return "" if value is None else " ".join(str(value).split())


def parse_catalogue(data: Any, source: str = "catalogue.yaml") -> list[CatalogueEntry]:
    """Entries from the parsed YAML mapping; every problem is reported at once.

    Refused: a missing ``indicators`` list, keys that are not slugs or repeat, empty names,
    unknown directions, bases or groups, and a name or alias that (folded: accents, case and
    spacing ignored) also names another entry, since rows could then not be linked by name.
    """
    rows = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise CatalogueError([f"{source}: thiếu danh sách 'indicators'."])
    errors: list[str] = []
    entries: list[CatalogueEntry] = []
    owners: dict[str, str] = {}
    for i, raw in enumerate(rows, start=1):
        where = f"{source}, mục {i}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: không phải một chỉ số.")
            continue
        key = _text(raw, "key")
        where = f"{source}, chỉ số '{key or i}'"
        problems = []
        if not _KEY_RE.match(key):
            problems.append("mã phải gồm chữ thường không dấu, số và dấu '-'")
        name = _text(raw, "name")
        if not name:
            problems.append("thiếu tên")
        direction = _choice(raw, "direction", Direction, problems)
        basis = _choice(raw, "basis", TermBasis, problems)
        group = _choice(raw, "group", Group, problems)
        aliases_raw = raw.get("aliases") or []
        if not isinstance(aliases_raw, list):
            problems.append("'aliases' phải là danh sách")
            aliases_raw = []
        aliases = tuple(dict.fromkeys(a for a in (" ".join(str(x).split()) for x in aliases_raw) if a))
        if problems:
            errors.append(f"{where}: {'; '.join(problems)}.")
            continue
        for text in (name, *aliases):
            folded = fold_text(text)
            other = owners.setdefault(folded, key)
            if other != key:
                errors.append(f"{where}: tên '{text}' trùng với chỉ số '{other}'.")
        entries.append(CatalogueEntry(key, name, _text(raw, "unit"), direction, basis, group, aliases))  # type: ignore[arg-type]
    seen: set[str] = set()
    for entry in entries:
        if entry.key in seen:
            errors.append(f"{source}: mã '{entry.key}' lặp lại.")
        seen.add(entry.key)
    if errors:
        raise CatalogueError(errors)
    return entries


def _choice(raw: dict[str, Any], name: str, enum: type[StrEnum], problems: list[str]) -> StrEnum | None:
    value = _text(raw, name)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        problems.append(f"'{name}' phải là một trong {allowed} (đang là '{value}')")
        return None


@dataclass
class EntryPlan:
    """What a sync does to one stored entry.

    ``action``: "create" (not stored yet), "adopt" (stored by an office under the same key, never
    synced: the office's values stay, blanks are filled), "update" or "unchanged".
    ``values`` are the synced fields to store; ``changed`` the fields whose stored value changes;
    ``kept`` the fields left as edited locally although the file says otherwise.
    """

    key: str
    action: str
    values: dict[str, Any]
    shipped: dict[str, Any]
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _merge_aliases(current: list[str], old: list[str], new: list[str]) -> list[str]:
    """Three-way merge of alias lists: the file's aliases, minus those the office removed,
    plus those the office added (file order first)."""
    removed = set(old) - set(current)
    added = [a for a in current if a not in old]
    merged = [a for a in new if a not in removed]
    return merged + [a for a in added if a not in merged]


def plan_entry(
    entry: CatalogueEntry, current: dict[str, Any] | None, shipped: dict[str, Any] | None
) -> EntryPlan:
    """Merge the file's ``entry`` into the stored ``current`` values, given what was ``shipped``.

    ``current`` holds the synced fields as stored (aliases as a list), or None when the key is
    not stored. ``shipped`` is the snapshot of the last sync, or None when never synced. A field
    still equal to its snapshot is unedited and takes the file's value; an edited field is kept.
    """
    new = entry.values()
    if current is None:
        return EntryPlan(entry.key, "create", new, new, changed=list(SYNCED_FIELDS))
    values: dict[str, Any] = {}
    if shipped is None:
        # Stored locally under a key the catalogue now ships: the office's values stay (they show
        # as local edits afterwards); blanks are filled; basis and group come from the file unless
        # the office already grouped it.
        grouped = bool(current.get("group"))
        for name in SYNCED_FIELDS:
            mine = current.get(name)
            if name == "aliases":  # the file's order, then the office's own
                values[name] = list(new[name]) + [a for a in mine or [] if a not in new[name]]
            elif name in ("basis", "group"):
                values[name] = mine if grouped else new[name]
            else:
                values[name] = mine if mine else new[name]
        action = "adopt"
    else:
        for name in SYNCED_FIELDS:
            mine = current.get(name)
            old = shipped.get(name, mine)
            if name == "aliases":
                values[name] = _merge_aliases(list(mine or []), list(old or []), new[name])
            else:
                values[name] = new[name] if mine == old else mine
        action = "update"
    changed = [n for n in SYNCED_FIELDS if values[n] != current.get(n)]
    kept = [n for n in SYNCED_FIELDS if values[n] != new[n]]
    if action == "update" and not changed:
        action = "unchanged"
    return EntryPlan(entry.key, action, values, new, changed=changed, kept=kept)


def edited_fields(current: dict[str, Any], shipped: dict[str, Any] | None) -> list[str]:
    """The synced fields whose stored value differs from what was shipped (none for local entries)."""
    if shipped is None:
        return []
    return [n for n in SYNCED_FIELDS if n in shipped and current.get(n) != shipped[n]]
