"""Targets that cascade: a district target serves the province target above it.

Writes (each in a transaction, audited): ``link_to_upper``, ``unlink``, ``link_same_indicator`` (every
target of the committees directly below, on the same catalogue indicator). Reads: ``upper_of`` (the
target a target serves) and ``cascade_for`` (the subordinates' targets serving one target, each judged
against its own target, and the roll-up of counts from ``indicators.cascade``). Links do not change
any verdict: every committee is judged against its own target.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from indicators.cascade import Part, RollUp, roll_up
from resolutions.models import Committee, Resolution, Target, TargetLink
from resolutions.services import DocumentError, audit
from resolutions.verdicts import Row, evaluate_targets, rules_for

OWNER_WORDS = {
    Committee.Level.PROVINCE: "tỉnh", Committee.Level.DISTRICT: "huyện", Committee.Level.COMMUNE: "xã",
}


def _label(target: Target) -> str:
    number = f"số {target.number} " if target.is_numbered else ""
    return f"chỉ tiêu {number}'{target.name[:60]}'"


def _ancestors(committee_id: int) -> list[int]:
    """The committees above ``committee_id`` along the parent links, nearest first (one query)."""
    parents = dict(Committee.objects.values_list("pk", "parent_id"))
    out: list[int] = []
    current = parents.get(committee_id)
    while current is not None and current not in out:
        out.append(current)
        current = parents.get(current)
    return out


def same_period_scope(a: Resolution, b: Resolution) -> bool:
    """Whether two resolutions cover the same period: same kind and the same year, or the same term."""
    if a.kind != b.kind:
        return False
    if a.kind == Resolution.Kind.ANNUAL:
        return a.year == b.year
    return (a.congress.term_start, a.congress.term_end) == (b.congress.term_start, b.congress.term_end)


def check_link(target: Target, upper: Target) -> list[str]:
    """Why ``target`` may not serve ``upper`` (empty when it may)."""
    lower_res, upper_res = target.resolution, upper.resolution
    lower_committee, upper_committee = lower_res.congress.committee, upper_res.congress.committee
    errors = []
    if upper_committee.pk not in _ancestors(lower_committee.pk):
        errors.append(f"{upper_committee.name} không phải cấp ủy cấp trên của {lower_committee.name}.")
    if not same_period_scope(lower_res, upper_res):
        errors.append(f"{_label(target)} ({lower_res.title}) và {_label(upper)} ({upper_res.title}) "
                      "không cùng nhiệm kỳ hoặc cùng năm.")
    current = TargetLink.objects.filter(target=target, kind=TargetLink.Kind.SERVES).select_related("linked_to").first()
    if current is not None and current.linked_to_id != upper.pk:
        errors.append(f"{_label(target)} đã phục vụ {_label(current.linked_to)}; hãy gỡ liên kết cũ trước.")
    return errors


@transaction.atomic
def link_to_upper(target: Target, upper: Target, user: AbstractBaseUser | None = None) -> TargetLink:
    """Record that ``target`` serves ``upper`` (a target of a committee above, same term or year).

    Idempotent for the same pair; raises ``DocumentError`` naming every reason it may not.
    """
    target = Target.objects.select_related("resolution__congress__committee").get(pk=target.pk)
    upper = Target.objects.select_related("resolution__congress__committee").get(pk=upper.pk)
    errors = check_link(target, upper)
    if errors:
        raise DocumentError(errors)
    existing = TargetLink.objects.filter(target=target, kind=TargetLink.Kind.SERVES, linked_to=upper).first()
    if existing is not None:
        return existing
    link = TargetLink(target=target, kind=TargetLink.Kind.SERVES, linked_to=upper, created_by=user)
    audit(link, user, "Liên kết với chỉ tiêu cấp trên")
    link.save()
    return link


@transaction.atomic
def unlink(link: TargetLink, *, user: AbstractBaseUser | None = None, reason: str = "") -> None:
    """Remove a link (the audit trail keeps it with the reason)."""
    audit(link, user, reason.strip() or "Gỡ liên kết")
    link.delete()


@transaction.atomic
def link_same_indicator(upper_resolution: Resolution, user: AbstractBaseUser | None = None) -> list[TargetLink]:
    """Link the targets of the committees directly below to ``upper_resolution``'s target on the same indicator.

    Only resolutions of the same kind and term (or year); targets already serving a target are left as
    they are; an indicator the upper resolution has twice is skipped (ambiguous). Returns the new links.
    """
    upper_by_indicator: dict[int, list[Target]] = defaultdict(list)
    for t in Target.objects.filter(resolution=upper_resolution, indicator__isnull=False):
        upper_by_indicator[t.indicator_id].append(t)  # type: ignore[index]
    same = Q(resolution__congress__committee__parent=upper_resolution.congress.committee,
             resolution__kind=upper_resolution.kind, indicator_id__in=list(upper_by_indicator))
    if upper_resolution.kind == Resolution.Kind.ANNUAL:
        same &= Q(resolution__year=upper_resolution.year)
    else:
        same &= Q(resolution__congress__term_start=upper_resolution.congress.term_start,
                  resolution__congress__term_end=upper_resolution.congress.term_end)
    serving = set(TargetLink.objects.filter(kind=TargetLink.Kind.SERVES).values_list("target_id", flat=True))
    created = []
    for lower in Target.objects.filter(same).exclude(pk__in=serving).order_by("resolution_id", "order"):
        candidates = upper_by_indicator[lower.indicator_id]  # type: ignore[index]
        if len(candidates) != 1:
            continue
        link = TargetLink(target=lower, kind=TargetLink.Kind.SERVES, linked_to=candidates[0], created_by=user)
        audit(link, user, "Liên kết theo chỉ số danh mục")
        link.save()
        created.append(link)
    return created


# --------------------------------------------------------------------------- reads


def upper_of(target: Target) -> Target | None:
    """The target ``target`` serves, with its resolution and committee loaded (one query), or None."""
    link = (
        TargetLink.objects.filter(target=target, kind=TargetLink.Kind.SERVES)
        .select_related("linked_to__resolution__congress__committee").first()
    )
    return link.linked_to if link is not None else None


@dataclass
class Contribution:
    """A subordinate committee's target serving the upper target, judged against its own target."""

    committee: Committee
    resolution: Resolution
    row: Row


@dataclass
class Cascade:
    """The subordinates' targets serving a target, and their roll-up beside the target's own."""

    contributions: list[Contribution]
    rollup: RollUp


def _part(name: str, row: Row) -> Part:
    target = row.target
    expression = row.adjustment.expression if row.adjustment is not None else target.expression
    figure = row.figure.value if row.figure is not None and row.figure.is_numeric else None
    return Part(name=name, unit=target.figure_unit, basis=target.term_basis, target=expression, figure=figure)


def cascade_for(
    upper_row: Row, committee: Committee, period: str, year: int | None, visible_ids: set[int] | None
) -> Cascade:
    """The targets serving ``upper_row.target`` (a target of ``committee``) of the committees in ``visible_ids``
    (None: all), for the period.

    Each is evaluated in its own resolution against its own target (in force for the period). One query
    when none serves it; four otherwise (links, targets with their parts, results, adjustments), whatever
    the number of subordinates.
    """
    upper = upper_row.target
    # The serving targets' ids first (an index lookup); their parts come with them in one query.
    ids = list(TargetLink.objects.filter(kind=TargetLink.Kind.SERVES, linked_to=upper).values_list("target_id", flat=True))
    contributions: list[Contribution] = []
    if ids:
        qs = (
            Target.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).for_scoreboard()
            .select_related("resolution__congress__committee")
        )
        if visible_ids is not None:
            qs = qs.filter(resolution__congress__committee_id__in=visible_ids)
        grouped: dict[int, list[Target]] = defaultdict(list)
        for t in qs:
            grouped[t.resolution_id].append(t)
        wanted = set(ids)
        for targets in grouped.values():
            resolution = targets[0].resolution
            for row in evaluate_targets(targets, period, year, rules_for(resolution)):
                if row.target.pk in wanted:
                    contributions.append(Contribution(resolution.congress.committee, resolution, row))
    contributions.sort(key=lambda c: (c.committee.name, c.row.target.order))
    owner = OWNER_WORDS.get(committee.level, "cấp trên")
    rollup = roll_up(_part(committee.name, upper_row), [_part(c.committee.name, c.row) for c in contributions], owner)
    return Cascade(contributions, rollup)
