"""The one scoping function set: what a user may see, enter and approve.

Every path (admin lists and forms, actions, the entry form, dashboards, exports, imports) asks
these functions; nothing else decides permissions. A committee's leaders see it, the committees
below it and the history of the committees merged into it; officials enter figures only for the
committees they are assigned to; members of "Quản trị" (and superusers) may do everything.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from resolutions.models import Committee, Congress, Membership, Resolution, Result, Section, Submission, Target

IMPORT_PERMISSION = "resolutions.import_resolution"
EXPORT_PERMISSION = "resolutions.export_resolution"

ADMIN_GROUP = "Quản trị"
ENTRY_GROUP = "Nhập liệu"
LEADER_GROUP = "Lãnh đạo"

User = AbstractBaseUser | AnonymousUser


# The lookup from each committee-owned model to its committee's primary key.
COMMITTEE_PATHS: dict[type[Model], str] = {
    Committee: "pk",
    Congress: "committee",
    Resolution: "congress__committee",
    Section: "resolution__congress__committee",
    Target: "resolution__congress__committee",
    Result: "target__resolution__congress__committee",
    Submission: "resolution__congress__committee",
    Membership: "committee",
}


def is_admin(user: User) -> bool:
    """Superusers and members of the "Quản trị" group may do everything."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.groups.filter(name=ADMIN_GROUP).exists())


def _graph() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Children and predecessors of every committee, from one query."""
    children: dict[int, list[int]] = defaultdict(list)
    predecessors: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id, successor_id in Committee.objects.values_list("pk", "parent_id", "successor_id"):
        if parent_id:
            children[parent_id].append(pk)
        if successor_id:
            predecessors[successor_id].append(pk)
    return children, predecessors


def _below(roots: set[int], include_roots: bool = True) -> set[int]:
    """Committees under ``roots`` (and the history merged into them), following the hierarchy."""
    children, predecessors = _graph()
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        stack.extend(children.get(pk, []))
        stack.extend(predecessors.get(pk, []))
    return seen if include_roots else seen - roots


def _memberships(user: User, role: str | None = None) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    qs = Membership.objects.filter(user=user)
    if role:
        qs = qs.filter(role=role)
    return set(qs.values_list("committee_id", flat=True))


def visible_committee_ids(user: User) -> set[int] | None:
    """Committees whose data the user may read; ``None`` means all (administrators)."""
    if is_admin(user):
        return None
    leader = _memberships(user, Membership.Role.LEADER)
    entry = _memberships(user, Membership.Role.ENTRY)
    return _below(leader) | entry


def editable_committee_ids(user: User) -> set[int] | None:
    """Committees the user may enter figures and import tables for; ``None`` means all."""
    if is_admin(user):
        return None
    return _memberships(user, Membership.Role.ENTRY)


def approvable_committee_ids(user: User) -> set[int] | None:
    """Committees whose submissions the user may approve: those strictly below their own."""
    if is_admin(user):
        return None
    leader = _memberships(user, Membership.Role.LEADER)
    return _below(leader, include_roots=False)


def rating_editable_committee_ids(user: User) -> set[int] | None:
    """Committees whose quality-rating counts the user may enter; ``None`` means all.

    Their own committees (entry role) and the committees directly below them: the committee above
    rates its subordinates and compiles their counts (seed 001: Vĩnh Bảo's office reports the counts
    of its 49 grassroots organisations; the city's office compiles its districts').
    """
    if is_admin(user):
        return None
    own = _memberships(user, Membership.Role.ENTRY)
    if not own:
        return set()
    below = set(Committee.objects.filter(parent_id__in=own).values_list("pk", flat=True))
    return own | below


def rating_visible_committee_ids(user: User) -> set[int] | None:
    """Committees whose rating counts the user may read: those they may see, and those they rate."""
    visible = visible_committee_ids(user)
    rated = rating_editable_committee_ids(user)
    if visible is None or rated is None:
        return None
    return visible | rated


def upper_committee_ids(user: User) -> set[int] | None:
    """Committees above those the user enters figures for (parent links); ``None`` means all.

    An official may link their committee's targets to the targets they serve up there (targets that
    cascade), so the choice lists those targets; it does not open the upper committee's data otherwise.
    """
    if is_admin(user):
        return None
    parents = dict(Committee.objects.values_list("pk", "parent_id"))
    above: set[int] = set()
    for pk in _memberships(user, Membership.Role.ENTRY):
        current = parents.get(pk)
        while current is not None and current not in above:
            above.add(current)
            current = parents.get(current)
    return above


def _filter(qs: QuerySet, ids: set[int] | None, path: str) -> QuerySet:
    if ids is None:
        return qs
    return qs.filter(**{f"{path}__in": ids})


def visible_committees(user: User) -> QuerySet[Committee]:
    return _filter(Committee.objects.all(), visible_committee_ids(user), "pk")


def editable_committees(user: User) -> QuerySet[Committee]:
    return _filter(Committee.objects.all(), editable_committee_ids(user), "pk")


def scope(qs: QuerySet, user: User, committee_path: str, action: str = "view") -> QuerySet:
    """Restrict any queryset to what ``user`` may ``action`` ("view", "edit", "approve").

    ``committee_path`` is the lookup from the queryset's model to its committee's primary key,
    e.g. ``"congress__committee"`` for resolutions or ``"target__resolution__congress__committee"``
    for results.
    """
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    ids = {
        "view": visible_committee_ids,
        "edit": editable_committee_ids,
        "approve": approvable_committee_ids,
    }[action](user)
    return _filter(qs, ids, committee_path)


def scoped(model: type[Model], user: User, action: str = "view") -> QuerySet:
    """All rows of a committee-owned ``model`` (a key of ``COMMITTEE_PATHS``) that ``user`` may ``action``.

    Admin filters, choice lists and autocompletes list these, so nobody learns the names of
    committees, congresses or resolutions outside their scope.
    """
    return scope(model._default_manager.all(), user, COMMITTEE_PATHS[model], action)


def get_resolution_for(user: User, pk: int, action: str = "view") -> Resolution:
    """Load a resolution the user may ``action``, else 404 (never reveal others' data)."""
    qs = scope(Resolution.objects.with_context(), user, "congress__committee", action)
    try:
        return qs.get(pk=pk)
    except Resolution.DoesNotExist as exc:
        raise Http404("Không tìm thấy nghị quyết hoặc bạn không có quyền xem.") from exc


def can(user: User, action: str, committee: Committee) -> bool:
    """Whether ``user`` may ``action`` ("view", "edit", "approve") for ``committee``."""
    return scope(Committee.objects.filter(pk=committee.pk), user, "pk", action).exists()


def approvable_committees(user: User) -> QuerySet[Committee]:
    """Committees whose submissions the user may approve (strictly below their own)."""
    return _filter(Committee.objects.all(), approvable_committee_ids(user), "pk")


def can_resolution(user: User, action: str, resolution: Resolution) -> bool:
    """Whether ``user`` may ``action`` ("view", "edit", "approve") the figures of ``resolution``."""
    if not user.is_authenticated or not user.is_active:
        return False
    ids = {
        "view": visible_committee_ids,
        "edit": editable_committee_ids,
        "approve": approvable_committee_ids,
    }[action](user)
    return ids is None or resolution.congress.committee_id in ids


def _staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def may_import_appendix(user: User) -> bool:
    """Whether ``user`` may open "Nhập phụ lục từ Excel" (an admin page: staff with the permission).

    Which committees they may import for is ``editable_committees``; the page and every menu
    linking to it ask this function.
    """
    return _staff(user) and user.has_perm(IMPORT_PERMISSION)


def may_enter_ratings(user: User) -> bool:
    """Whether ``user`` may open "Xếp loại chất lượng" (the ratings entry page); which committees is
    ``rating_editable_committee_ids``."""
    return _staff(user) and user.has_perm("resolutions.change_ratingcount")


def may_adjust_targets(user: User) -> bool:
    """Whether ``user`` may record an adjustment of a target (which targets: those they may edit)."""
    return _staff(user) and user.has_perm("resolutions.add_targetadjustment")


def may_export_appendix(user: User) -> bool:
    """Whether ``user`` may open "Xuất phụ lục ra Excel" (an admin page: staff with the permission)."""
    return _staff(user) and user.has_perm(EXPORT_PERMISSION)
