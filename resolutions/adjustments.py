"""Adjusting a target (điều chỉnh chỉ tiêu) and withdrawing an adjustment: the only writes of adjustments.

An adjustment never replaces the original: it is a new row with its decision and the date it applies
from (``TargetAdjustment``). Approved periods are locked, and so are the target texts they were
judged against: an adjustment (or a withdrawal) that would change the target in force for an
approved period is refused until that period is reopened.

These writes change verdicts (every period the adjustment governs is judged again): both recount the
resolution's stored tallies (``tallies.refresh_tallies``) in their transaction.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from indicators.adjustments import Adjustment, in_force, period_end
from indicators.expressions import Kind, parse_expression
from resolutions.in_force import approved_periods, as_rule
from resolutions.models import Resolution, Target, TargetAdjustment
from resolutions.services import DocumentError, LockedError, audit, check_figure, target_fields
from resolutions.tallies import refresh_tallies
from resolutions.workflow import period_label


def resolution_span(resolution: Resolution) -> tuple[dt.date, dt.date]:
    """The dates an adjustment of this resolution's targets may apply from: the term, or the year."""
    if resolution.kind == Resolution.Kind.ANNUAL and resolution.year:
        return dt.date(resolution.year, 1, 1), dt.date(resolution.year, 12, 31)
    congress = resolution.congress
    return dt.date(congress.term_start, 1, 1), dt.date(congress.term_end, 12, 31)


def _locked_changes(
    before: list[Adjustment], after: list[Adjustment], locked: list[tuple[str, int | None]]
) -> list[str]:
    """Labels of the locked periods whose target in force differs between ``before`` and ``after``."""
    changed = []
    for period, year in locked:
        end = period_end(period, year)
        old, new = in_force(before, end), in_force(after, end)
        if (old.key if old else None) != (new.key if new else None):
            changed.append(period_label(period, year))
    return changed


def lock_message(periods: list[str]) -> str:
    return (
        f"Kỳ đã duyệt và khóa ({', '.join(periods)}) đã được đánh giá theo mục tiêu đang áp dụng; "
        "điều chỉnh này sẽ đổi mục tiêu của kỳ đó. Cần cấp trên mở lại kỳ trước khi điều chỉnh."
    )


def check_adjustment(
    target: Target, *, text: str, decision_code: str, effective_from: dt.date | None
) -> tuple[list[str], list[str]]:
    """(problems, locked periods) of adjusting ``target`` to ``text`` from ``effective_from``; both empty when fine.

    Problems: an empty or unreadable text, no decision, a date outside the resolution's term (or
    year), a date that already has an adjustment, a text equal to the target in force then. Locked
    periods: approved periods whose target in force would change. Reads only (the admin form shows
    the same messages the service raises).
    """
    resolution = target.resolution
    text, decision_code = text.strip(), decision_code.strip()
    where = f"Chỉ tiêu {target.number or '•'} {target.name[:60]}"
    errors: list[str] = []
    expr = parse_expression(text)
    if expr.kind == Kind.EMPTY:
        errors.append(f"{where}: chưa ghi mục tiêu điều chỉnh.")
    elif expr.kind == Kind.UNREADABLE:
        errors.append(f"{where}: không đọc được mục tiêu điều chỉnh '{text}': {expr.error}")
    else:
        errors.extend(check_figure(expr, where))
    if not decision_code:
        errors.append(f"{where}: phải ghi văn bản điều chỉnh (số, ký hiệu), ví dụ 'Nghị quyết số 15-NQ/TU'.")
    if effective_from is None:
        errors.append(f"{where}: phải ghi ngày áp dụng điều chỉnh.")
        return errors, []
    first, last = resolution_span(resolution)
    if not first <= effective_from <= last:
        errors.append(
            f"{where}: ngày áp dụng {effective_from:%d/%m/%Y} nằm ngoài thời gian của nghị quyết "
            f"({first:%d/%m/%Y} - {last:%d/%m/%Y})."
        )
    existing = list(target.adjustments.all())
    if any(a.effective_from == effective_from for a in existing):
        errors.append(f"{where}: đã có điều chỉnh áp dụng từ ngày {effective_from:%d/%m/%Y}.")
    before = [as_rule(a) for a in existing]
    current = in_force(before, effective_from)
    current_text = current.expression.text if current else target.target_text
    if not errors and current_text.strip() == text:
        errors.append(f"{where}: mục tiêu '{text}' giống mục tiêu đang áp dụng; không cần điều chỉnh.")
    after = [*before, Adjustment(effective_from, expr, decision_code, key=-1)]
    return errors, _locked_changes(before, after, approved_periods(resolution))


@transaction.atomic
def adjust_target(
    target: Target,
    *,
    text: str,
    decision_code: str,
    effective_from: dt.date,
    decision_title: str = "",
    decided_on: dt.date | None = None,
    reason: str = "",
    user: AbstractBaseUser | None = None,
) -> TargetAdjustment:
    """Record an adjustment of ``target`` to ``text`` by ``decision_code`` from ``effective_from``.

    Raises ``DocumentError`` listing every problem (``check_adjustment``), ``LockedError`` when an
    approved period would be judged against a different target. Changes verdicts.
    """
    # Lock the target row: two adjustments of the same target are serialised.
    target = Target.objects.select_for_update().select_related("resolution__congress").get(pk=target.pk)
    errors, locked = check_adjustment(target, text=text, decision_code=decision_code, effective_from=effective_from)
    if errors:
        raise DocumentError(errors)
    if locked:
        raise LockedError(lock_message(locked))
    adjustment = TargetAdjustment(
        target=target, decision_code=decision_code.strip(), decision_title=decision_title.strip(),
        decided_on=decided_on, effective_from=effective_from, reason=reason.strip(), created_by=user,
        **target_fields(text.strip()),
    )
    adjustment.full_clean()
    audit(adjustment, user, reason.strip() or f"Điều chỉnh theo {decision_code.strip()}")
    adjustment.save()
    refresh_tallies([target.resolution_id])  # the periods it governs are judged again
    return adjustment


@transaction.atomic
def withdraw_adjustment(adjustment: TargetAdjustment, *, reason: str, user: AbstractBaseUser | None = None) -> None:
    """Remove an adjustment entered by mistake; the audit trail keeps it with the reason.

    Raises ``DocumentError`` without a reason, ``LockedError`` when an approved period would change.
    """
    if not reason.strip():
        raise DocumentError(["Gỡ bỏ điều chỉnh chỉ tiêu phải ghi rõ lý do."])
    target = Target.objects.select_for_update().select_related("resolution__congress").get(pk=adjustment.target_id)
    existing = list(target.adjustments.all())
    before = [as_rule(a) for a in existing]
    after = [as_rule(a) for a in existing if a.pk != adjustment.pk]
    locked = _locked_changes(before, after, approved_periods(target.resolution))
    if locked:
        raise LockedError(lock_message(locked))
    audit(adjustment, user, reason.strip())
    adjustment.delete()
    refresh_tallies([target.resolution_id])

