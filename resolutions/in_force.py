"""Reading the target in force for a period, from a target's stored adjustments.

``verdicts`` takes every row's target from ``in_force_for``; pages and exports show the note that
names the original. The rule itself (which adjustment governs a period) is
``indicators.adjustments.in_force``. Adjustments are read from ``target.adjustments.all()``, which
``TargetQuerySet.for_scoreboard`` prefetches (one query for a whole resolution).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from indicators.adjustments import Adjustment, in_force, period_end
from indicators.expressions import Expression
from resolutions import prefetch
from resolutions.documents import ResolutionDoc, walk
from resolutions.models import Resolution, Submission, Target, TargetAdjustment
from resolutions.workflow import period_label


def attach_adjustments(targets: Sequence[Target]) -> None:
    """Give each target its adjustments as ``prefetch_related("adjustments")`` would, in one query
    (for loaders that attach results themselves, e.g. ``verdicts.load_targets``)."""
    by_target: dict[int, list[TargetAdjustment]] = defaultdict(list)
    if targets:
        for adjustment in TargetAdjustment.objects.filter(target_id__in=[t.pk for t in targets]).order_by():
            by_target[adjustment.target_id].append(adjustment)
    prefetch.attach(targets, "adjustments", TargetAdjustment, by_target)


def as_rule(adjustment: TargetAdjustment) -> Adjustment:
    """The plain form of a stored adjustment, for ``indicators.adjustments``."""
    return Adjustment(adjustment.effective_from, adjustment.expression, adjustment.decision, adjustment.pk)


def in_force_for(
    stored: Sequence[TargetAdjustment], original: Expression, period: str, year: int | None,
) -> tuple[Expression, TargetAdjustment | None]:
    """The target expression that judges ``period``/``year``, and the adjustment it comes from (None:
    ``original``, the target as the resolution wrote it). ``stored``: the target's adjustments."""
    chosen = in_force([as_rule(a) for a in stored], period_end(period, year)) if stored else None
    if chosen is None:
        return original, None
    adjustment = next(a for a in stored if a.pk == chosen.key)
    return adjustment.expression, adjustment


def original_note(target: Target, adjustment: TargetAdjustment) -> str:
    """"Mục tiêu ban đầu: 21.500 Tỷ đồng; điều chỉnh thành 30.000 theo Nghị quyết số 15-NQ/TU ngày 10/07/2023,
    áp dụng từ 01/07/2023." — the note pages and exports print beside an adjusted target."""
    original = target.target_text or "(không ghi)"
    unit = f" {target.unit}" if target.unit and target.unit != '"' and target.target_text else ""
    return (
        f"Mục tiêu ban đầu: {original}{unit}; điều chỉnh thành {adjustment.target_text} theo "
        f"{adjustment.decision}, áp dụng từ {adjustment.effective_from:%d/%m/%Y}."
    )


def periods_judged_by_original(
    target: Target, periods: Iterable[tuple[str, int | None]]
) -> list[tuple[str, int | None]]:
    """Those of ``periods`` whose target in force is the original text (no adjustment governs them)."""
    rules = [as_rule(a) for a in target.adjustments.all()]
    return [(p, y) for p, y in periods if in_force(rules, period_end(p, y)) is None]



def approved_periods(resolution: Resolution) -> list[tuple[str, int | None]]:
    """The resolution's approved (locked) periods: their targets in force are locked with them."""
    return list(
        Submission.objects.filter(resolution=resolution, state=Submission.State.APPROVED).values_list("period", "year")
    )


def original_change_errors(target: Target, new_text: str, locked: Iterable[tuple[str, int | None]]) -> list[str]:
    """Why the original text of ``target`` may not become ``new_text``: approved periods were judged by it.

    ``locked`` are the resolution's approved periods (``approved_periods``). Empty when the text is
    unchanged or no approved period is judged against the original.
    """
    if new_text.strip() == target.target_text.strip():
        return []
    judged = periods_judged_by_original(target, locked)
    if not judged:
        return []
    labels = ", ".join(period_label(p, y) for p, y in judged)
    return [
        f"Chỉ tiêu {target.number or '•'} {target.name[:60]}: mục tiêu '{target.target_text}' đã dùng để đánh giá "
        f"kỳ đã duyệt và khóa ({labels}); không sửa được thành '{new_text.strip()}'. Muốn đổi mục tiêu, hãy ghi "
        "một điều chỉnh chỉ tiêu (có văn bản và ngày áp dụng), hoặc đề nghị cấp trên mở lại kỳ đó."
    ]


def reconcile_target_texts(
    doc: ResolutionDoc, existing: dict[int, Target], locked: Iterable[tuple[str, int | None]]
) -> list[str]:
    """Before a table is written over a resolution: keep originals, refuse changes a lock forbids.

    An exported table shows the target in force, so a row whose target text is one of the stored
    target's adjusted texts is read as "unchanged" (its text becomes the original again; the
    adjustment stays). Any other change of an original text judged by an approved period is an error
    (returned, nothing changed). ``existing`` maps document order → stored target (adjustments prefetched).
    """
    locked = list(locked)
    errors: list[str] = []
    order = 0
    for section in doc.sections:
        for row, _parent in walk(section.targets):
            order += 1
            target = existing.get(order)
            if target is None or row.target.strip() == target.target_text.strip():
                continue
            if any(row.target.strip() == a.target_text.strip() for a in target.adjustments.all()):
                row.target = target.target_text
                continue
            if locked:
                errors.extend(original_change_errors(target, row.target, locked))
    return errors
