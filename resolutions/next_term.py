"""The next term starts from the last: the new congress's targets continue the previous term's.

Writes (transactions, audited): ``create_next_term`` (the new congress and resolution from its
new-term target table, e.g. seed 002's Phụ lục 2, then ``carry_over``) and ``carry_over`` (link each
new target to the previous term's targets on the same catalogue indicator, or of the same name, and
give a new target without a catalogue link the previous target's). The previous term is the
congress resolution ending the year this one starts, of the same committee or of the committees
merged into it (Hưng Yên I continues Hưng Yên XIX and Thái Bình XX). Reads: ``baselines`` (the
previous term's last-year figures, "năm gốc 2025", per new target).

A baseline is shown, never judged against; but ``carry_over`` giving a target the previous term's
catalogue link also gives it the catalogue's direction, so it recounts the stored tallies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch, Q

from indicators.baseline import Baseline, PreviousFigure, baseline
from indicators.text import fold_text
from resolutions.documents import ResolutionDoc, walk
from resolutions.models import Committee, Resolution, Result, Target, TargetLink
from resolutions.services import ApplySummary, apply_document, audit, direction_fields
from resolutions.tallies import refresh_tallies
from resolutions.verdicts import pick_result


def previous_resolutions(resolution: Resolution) -> list[Resolution]:
    """The congress resolutions the new term follows: ending the year it starts, of its committee or of
    the committees merged into it (two queries)."""
    if resolution.kind != Resolution.Kind.CONGRESS:
        return []
    committee = resolution.congress.committee
    merged = list(Committee.objects.filter(successor=committee).values_list("pk", flat=True))
    return list(
        Resolution.objects.with_context().filter(
            kind=Resolution.Kind.CONGRESS, congress__term_end=resolution.congress.term_start,
            congress__committee_id__in=[committee.pk, *merged],
        ).exclude(pk=resolution.pk).order_by("congress__committee__name")
    )


def _key(name: str) -> str:
    """A name compared without accents, case, a leading "Trong đó:" or trailing punctuation."""
    folded = fold_text(name).strip(" .;:")
    for prefix in ("trong do:", "trong do"):
        if folded.startswith(prefix):
            folded = folded[len(prefix):].strip(" .;:")
    return folded


@dataclass
class CarryOver:
    """What ``carry_over`` did: the links made, the catalogue links given, the targets left unmatched."""

    links: list[TargetLink] = field(default_factory=list)
    catalogued: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    previous: list[Resolution] = field(default_factory=list)

    def as_text(self) -> str:
        names = ", ".join(r.congress.committee.name + " " + r.congress.roman for r in self.previous) or "không có"
        return (f"Nhiệm kỳ trước: {names}. Nối {len(self.links)} chỉ tiêu, gắn danh mục cho {len(self.catalogued)} "
                f"chỉ tiêu; {len(self.unmatched)} chỉ tiêu mới không có chỉ tiêu tương ứng ở nhiệm kỳ trước.")


@transaction.atomic
def carry_over(resolution: Resolution, user: AbstractBaseUser | None = None) -> CarryOver:
    """Link ``resolution``'s targets to the previous term's (same indicator, else same name); idempotent.

    A new target without a catalogue indicator takes the indicator of the previous target of the
    same name, so the two terms stay comparable. Existing links are kept.
    """
    out = CarryOver(previous=previous_resolutions(resolution))
    if not out.previous:
        return out
    old = list(Target.objects.filter(resolution__in=out.previous).select_related("indicator"))
    by_indicator: dict[int, list[Target]] = defaultdict(list)
    by_name: dict[str, list[Target]] = defaultdict(list)
    for t in old:
        if t.indicator_id:
            by_indicator[t.indicator_id].append(t)
        by_name[_key(t.name)].append(t)
    existing = set(TargetLink.objects.filter(target__resolution=resolution, kind=TargetLink.Kind.CONTINUES)
                   .values_list("target_id", "linked_to_id"))
    for target in Target.objects.filter(resolution=resolution).order_by("order"):
        matches = by_indicator.get(target.indicator_id or -1) or by_name.get(_key(target.name), [])
        # One previous target per previous resolution (a name may repeat inside a table).
        chosen: dict[int, Target] = {}
        for m in matches:
            chosen.setdefault(m.resolution_id, m)
        if not chosen:
            out.unmatched.append(str(target))
            continue
        if not target.indicator_id:
            indicator = next((m.indicator for m in chosen.values() if m.indicator_id), None)
            if indicator is not None:
                # The catalogue link brings its direction (unless a person confirmed one): services.direction_fields.
                values = {"indicator": indicator, **direction_fields(
                    name=target.name, target_text=target.target_text, indicator=indicator, existing=target)}
                for name, value in values.items():
                    setattr(target, name, value)
                audit(target, user, "Gắn danh mục theo chỉ tiêu nhiệm kỳ trước")
                target.save()
                out.catalogued.append(str(target))
        for previous in chosen.values():
            if (target.pk, previous.pk) in existing:
                continue
            link = TargetLink(target=target, kind=TargetLink.Kind.CONTINUES, linked_to=previous, created_by=user)
            audit(link, user, "Kế thừa chỉ tiêu nhiệm kỳ trước")
            link.save()
            out.links.append(link)
    if out.catalogued:
        refresh_tallies([resolution.pk])  # a catalogue link brings its direction, which may change verdicts
    return out


def _catalogue_from_previous(doc: ResolutionDoc, committee: Committee, term_start: int) -> None:
    """Rows of the new table without an indicator take the catalogue link of the previous term's target of the
    same name, so both terms stay comparable; the other rows are linked by wording in ``apply_document``."""
    merged = [committee.pk, *Committee.objects.filter(successor=committee).values_list("pk", flat=True)]
    names = {
        _key(name): key
        for name, key in Target.objects.filter(
            resolution__kind=Resolution.Kind.CONGRESS, resolution__congress__term_end=term_start,
            resolution__congress__committee_id__in=merged, indicator__isnull=False,
        ).values_list("name", "indicator__key")
    }
    for section in doc.sections:
        for row, _parent in walk(section.targets):
            if not row.indicator and _key(row.name) in names:
                row.indicator = names[_key(row.name)]


@transaction.atomic
def create_next_term(
    doc: ResolutionDoc, committee: Committee, *, user: AbstractBaseUser | None = None, dry_run: bool = False
) -> tuple[ApplySummary, CarryOver]:
    """Create (or update) the new congress's resolution from its target table, then ``carry_over``.

    Raises ``DocumentError`` like ``apply_document``; with ``dry_run`` nothing is kept.
    """
    _catalogue_from_previous(doc, committee, doc.term_start)
    summary = apply_document(doc, committee, user=user)
    resolution = Resolution.objects.with_context().get(pk=summary.resolution_id)
    carried = carry_over(resolution, user)
    if dry_run:
        transaction.set_rollback(True)
    return summary, carried


# --------------------------------------------------------------------------- reads


def _figure(results: list[Result], period: str, year: int | None) -> tuple[Result | None, bool]:
    result = pick_result(results, period, year)
    if result is None or not result.raw_text:
        return None, False
    return result, result.figure == Result.Figure.ESTIMATE


def baselines(resolution: Resolution, only: int | None = None) -> dict[int, Baseline]:
    """New target id → its baseline (the previous term's last-year figures), for the targets that continue
    one (``only``: just that target). Two queries (links with the previous targets, their results), one
    when there is none."""
    links_qs = TargetLink.objects.filter(target__resolution=resolution, kind=TargetLink.Kind.CONTINUES)
    if only is not None:
        links_qs = links_qs.filter(target_id=only)
    links = list(
        links_qs
        .select_related("target__indicator", "linked_to__indicator", "linked_to__resolution__congress__committee")
        .prefetch_related(Prefetch("linked_to__results", queryset=Result.objects.filter(
            Q(period=Result.Period.YEAR) | Q(period=Result.Period.TERM))))
        .order_by("target_id", "linked_to__resolution__congress__committee__name")
    )
    grouped: dict[int, list[TargetLink]] = defaultdict(list)
    for link in links:
        grouped[link.target_id].append(link)
    out = {}
    for target_id, items in grouped.items():
        previous = []
        for link in items:
            old = link.linked_to
            congress = old.resolution.congress
            results = list(old.results.all())
            year_result, year_estimate = _figure(results, Result.Period.YEAR, congress.term_end)
            term_result, term_estimate = _figure(results, Result.Period.TERM, None)
            previous.append(PreviousFigure(
                committee=congress.committee.name, unit=old.figure_unit, basis=old.term_basis, year=congress.term_end,
                year_figure=year_result.expression if year_result else None, year_estimate=year_estimate,
                term_figure=term_result.expression if term_result else None, term_estimate=term_estimate,
            ))
        found = baseline(previous, items[0].target.figure_unit, items[0].target.name)
        if found is not None:
            out[target_id] = found
    return out


def continues(target: Target) -> list[Target]:
    """The previous term's targets ``target`` continues, with their resolution and committee (one query)."""
    return [link.linked_to for link in TargetLink.objects.filter(target=target, kind=TargetLink.Kind.CONTINUES)
            .select_related("linked_to__resolution__congress__committee")]


__all__ = ["CarryOver", "baselines", "carry_over", "continues", "create_next_term", "previous_resolutions"]
