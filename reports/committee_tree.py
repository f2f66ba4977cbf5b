"""The tree of the committees a user may see, as plain tuples: a country has ~10,000 committees.

Built once per request from one query (``visible_tree``); pages walk it for rows, paths and the
committees counted under each row, and refuse (404) a committee outside it (``tree_committee``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.http import Http404

from reports.summaries import ResolutionSummary
from resolutions import access
from resolutions.models import Committee, Resolution

User = access.User


class CommitteeRef(NamedTuple):
    """What the tree of a user's committees needs of each one (a country has ~10,000: plain tuples,
    no model objects)."""

    pk: int
    parent_id: int | None
    successor_id: int | None
    name: str
    level: str
    active_from: dt.date | None
    active_to: dt.date | None

    def as_committee(self) -> Committee:
        """A Committee instance for templates (its ``__str__`` names the years of a merged committee)."""
        return Committee(
            pk=self.pk, parent_id=self.parent_id, successor_id=self.successor_id, name=self.name,
            level=self.level, active_from=self.active_from, active_to=self.active_to,
        )


@dataclass
class CommitteeNode:
    """A committee in the tree a user may see, with its depth and whether it has committees below."""

    committee: Committee
    depth: int
    has_below: bool = False
    level: int = 0  # parent links from the root; a merged predecessor keeps its successor's level
    resolutions: list[ResolutionSummary] = field(default_factory=list)
    earlier: list[Resolution] = field(default_factory=list)
    below_count: int = 0  # committees directly below (its page's rows)


class CommitteeTree:
    """The committees a user may see, arranged as the pages show them.

    Below each committee come the committees merged into it (its history, same level), then its
    children; a child merged into a committee the user sees sits under that one instead. Works on an
    already scoped list, so it can never reveal a committee the user may not see.
    """

    def __init__(self, committees: Iterable[Any]) -> None:
        self.by_pk: dict[int, Any] = {c.pk: c for c in committees}
        ordered = list(self.by_pk.values())
        self.below: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.above: dict[int, int] = {}
        for c in ordered:
            if c.successor_id in self.by_pk:
                self.below[c.successor_id].append((c.pk, 0))
                self.above[c.pk] = c.successor_id
        for c in ordered:
            if c.parent_id in self.by_pk and c.successor_id not in self.by_pk:
                self.below[c.parent_id].append((c.pk, 1))
                self.above[c.pk] = c.parent_id
        self.roots = [c.pk for c in ordered if c.pk not in self.above]

    def __contains__(self, pk: object) -> bool:
        return pk in self.by_pk

    def walk(self, root: int | None = None, max_level: int | None = None) -> list[tuple[int, int, int]]:
        """(pk, depth, level) depth first under ``root`` (itself first), or under every root.

        ``max_level`` stops at that many parent links below the root (merged history does not count).
        """
        out: list[tuple[int, int, int]] = []
        seen: set[int] = set()
        stack = [(pk, 0, 0) for pk in reversed([root] if root is not None else self.roots)]
        while stack:
            pk, depth, level = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            out.append((pk, depth, level))
            for child, step in reversed(self.below.get(pk, [])):
                if max_level is None or level + step <= max_level:
                    stack.append((child, depth + 1, level + step))
        return out

    def rows_below(self, root: int) -> list[tuple[int, int, int]]:
        """The committees directly below ``root`` (pk, depth, level): its history and their children.

        A province's districts, together with the committees merged into it and their districts.
        """
        return self.walk(root, max_level=1)[1:]

    def members(self, root: int, rows: Sequence[int]) -> dict[int, list[int]]:
        """Each row and every committee it stands for: itself and all below it that is not a row itself."""
        row_set = set(rows)
        out: dict[int, list[int]] = {pk: [] for pk in rows}
        stack: list[tuple[int, int | None]] = [(child, None) for child, _step in self.below.get(root, ())]
        seen = {root}
        while stack:
            pk, owner = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            if pk in row_set:
                owner = pk
            if owner is not None:
                out[owner].append(pk)
            stack.extend((child, owner) for child, _step in self.below.get(pk, ()))
        return out

    def path_to(self, pk: int) -> list[int]:
        """The committees from the user's top committee down to ``pk`` (breadcrumbs)."""
        path = [pk]
        while path[-1] in self.above and len(path) <= len(self.by_pk):
            path.append(self.above[path[-1]])
        return list(reversed(path))

    def node(self, pk: int, depth: int = 0, level: int = 0) -> CommitteeNode:
        rows = self.rows_below(pk) if self.below.get(pk) else []
        committee = self.by_pk[pk]
        if isinstance(committee, CommitteeRef):
            committee = committee.as_committee()
        return CommitteeNode(committee, depth, has_below=bool(rows), level=level, below_count=len(rows))


COMMITTEE_FIELDS = ("pk", "parent_id", "successor_id", "name", "level", "active_from", "active_to")


def visible_tree(user: User) -> CommitteeTree:
    """The tree of the committees ``user`` may see (resolutions.access), one query after the scoping ones."""
    rows = access.visible_committees(user).order_by("name", "active_from", "pk").values_list(*COMMITTEE_FIELDS)
    return CommitteeTree(CommitteeRef(*row) for row in rows)


def tree_committee(tree: CommitteeTree, pk: int) -> Committee:
    """The committee ``pk`` if the user's tree holds it, else 404 (never reveal others' committees)."""
    if pk not in tree:
        raise Http404("Không tìm thấy đảng bộ hoặc bạn không có quyền xem.")
    return tree.by_pk[pk].as_committee()


