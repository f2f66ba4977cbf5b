"""Submit, return, approve and reopen a committee's figures for a period.

draft → submitted → approved; submitted → draft ("trả lại", by the committee above, with a reason);
approved → draft ("mở lại", with a reason). Typed functions, each inside a transaction, each
checking permissions through ``resolutions.access``. Submitted figures are read-only and approved
ones locked (``services.lock_reason``), so a leader approves exactly what was sent; every
transition is kept in the submission's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from resolutions import access, labels
from resolutions.models import Committee, Resolution, Result, Submission

User = AbstractBaseUser | AnonymousUser


class WorkflowError(Exception):
    """A transition that is not allowed; ``str()`` is a Vietnamese message for the user."""


# --------------------------------------------------------------------------- periods


def entry_periods(resolution: Resolution) -> list[tuple[str, int | None]]:
    """Periods figures may be entered for: each year and its first 6 months, then the term.

    Only while the committee existed: a committee that ended in 2025 (merged, dissolved) has no
    2026–2030 periods, and the term only when it ended by then. Reads the resolution's committee
    (loaded with ``Resolution.objects.with_context()``).
    """
    committee = resolution.congress.committee
    periods: list[tuple[str, int | None]] = []
    for period, year in resolution.periods():
        if period == Result.Period.YEAR:
            if year is not None and committee.active_in(year):
                periods += [(Result.Period.YEAR, year), (Result.Period.HALF, year)]
        elif committee.active_in(resolution.congress.term_end):
            periods.append((period, year))
    return periods


def period_key(period: str, year: int | None) -> str:
    """URL form of a period: "2026", "2026-H1", "term" (as in the seed fixtures)."""
    if period == Result.Period.TERM:
        return "term"
    if period == Result.Period.HALF:
        return f"{year}-H1"
    return str(year)


def parse_period_key(key: str) -> tuple[str, int | None] | None:
    """The inverse of ``period_key``; None for anything else."""
    if key == "term":
        return Result.Period.TERM, None
    half = key.endswith("-H1")
    digits = key[:-3] if half else key
    if not (digits.isdigit() and len(digits) == 4):
        return None
    return (Result.Period.HALF if half else Result.Period.YEAR), int(digits)


period_label = labels.period_label


def _check_period(resolution: Resolution, period: str, year: int | None) -> None:
    if (period, year) not in entry_periods(resolution):
        raise WorkflowError(f"Kỳ '{period_label(period, year)}' không thuộc nghị quyết này.")


# --------------------------------------------------------------------------- transitions


def submission_for(resolution: Resolution, period: str, year: int | None) -> Submission | None:
    """The submission of a resolution's period, or None while nobody has submitted it."""
    return Submission.objects.filter(resolution=resolution, period=period, year=year).first()


def _for_update(resolution: Resolution, period: str, year: int | None) -> Submission | None:
    # Row lock: two people submitting or approving at once are serialised.
    return (
        Submission.objects.select_for_update()
        .filter(resolution=resolution, period=period, year=year)
        .first()
    )


def _save(submission: Submission, user: User, reason: str = "") -> None:
    # The audit trail records who made the transition even outside a request (commands, tests).
    submission._history_user = user if user.is_authenticated else None  # type: ignore[attr-defined]
    if reason:
        submission._change_reason = reason  # type: ignore[attr-defined]
    submission.save()


@transaction.atomic
def submit(resolution: Resolution, period: str, year: int | None, user: User) -> Submission:
    """The official sends the period's figures to the committee above (draft → submitted)."""
    if not access.can_resolution(user, "edit", resolution):
        raise WorkflowError("Bạn không có quyền gửi số liệu của đảng bộ này.")
    _check_period(resolution, period, year)
    submission = _for_update(resolution, period, year)
    if submission is None:
        submission = Submission(resolution=resolution, period=period, year=year)
    elif submission.state == Submission.State.SUBMITTED:
        raise WorkflowError("Số liệu kỳ này đã được gửi và đang chờ duyệt.")
    elif submission.state == Submission.State.APPROVED:
        raise WorkflowError("Số liệu kỳ này đã được duyệt và khóa; không gửi lại được.")
    submission.state = Submission.State.SUBMITTED
    submission.submitted_by = user  # type: ignore[assignment]
    submission.submitted_at = timezone.now()
    _save(submission, user)
    return submission


def _may_approve(user: User, resolution: Resolution) -> bool:
    return user.has_perm("resolutions.approve_submission") and access.can_resolution(user, "approve", resolution)


@transaction.atomic
def approve(resolution: Resolution, period: str, year: int | None, user: User) -> Submission:
    """The committee above (or an administrator) approves submitted figures; they become locked.

    Refused when any figure of the period changed after it was submitted (the services refuse
    such writes; this also catches one made around them), so what is approved is what was sent.
    """
    if not _may_approve(user, resolution):
        raise WorkflowError("Bạn không có quyền duyệt số liệu của đảng bộ này (chỉ cấp ủy cấp trên duyệt).")
    _check_period(resolution, period, year)
    submission = _for_update(resolution, period, year)
    if submission is None or submission.state == Submission.State.DRAFT:
        raise WorkflowError("Số liệu kỳ này chưa được gửi; chỉ duyệt được số liệu đã gửi.")
    if submission.state == Submission.State.APPROVED:
        raise WorkflowError("Số liệu kỳ này đã được duyệt.")
    changed = Result.objects.filter(
        target__resolution=resolution, period=period, year=year, updated_at__gt=submission.submitted_at
    )
    if submission.submitted_at is not None and changed.exists():
        raise WorkflowError(
            "Số liệu kỳ này đã thay đổi sau khi gửi nên không duyệt được; hãy trả lại để cán bộ gửi lại."
        )
    submission.state = Submission.State.APPROVED
    submission.approved_by = user  # type: ignore[assignment]
    submission.approved_at = timezone.now()
    _save(submission, user)
    return submission


@transaction.atomic
def send_back(resolution: Resolution, period: str, year: int | None, user: User, reason: str) -> Submission:
    """"Trả lại": the committee above returns submitted figures to the official (submitted → draft).

    Needs the right to approve them and a written reason, which the entry page then shows.
    """
    if not _may_approve(user, resolution):
        raise WorkflowError("Bạn không có quyền trả lại số liệu của đảng bộ này (chỉ cấp ủy cấp trên).")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Trả lại số liệu phải ghi rõ lý do.")
    _check_period(resolution, period, year)
    submission = _for_update(resolution, period, year)
    if submission is None or submission.state != Submission.State.SUBMITTED:
        raise WorkflowError("Chỉ trả lại được số liệu đã gửi và đang chờ duyệt.")
    submission.state = Submission.State.DRAFT
    submission.reopen_reason = reason
    _save(submission, user, reason)
    return submission


@transaction.atomic
def reopen(resolution: Resolution, period: str, year: int | None, user: User, reason: str) -> Submission:
    """"Mở lại": approved figures go back to draft (unlocks them); a written reason is required."""
    if not (user.has_perm("resolutions.reopen_submission") and access.can_resolution(user, "approve", resolution)):
        raise WorkflowError("Bạn không có quyền mở lại số liệu của đảng bộ này.")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Mở lại số liệu phải ghi rõ lý do.")
    _check_period(resolution, period, year)
    submission = _for_update(resolution, period, year)
    if submission is None or submission.state == Submission.State.DRAFT:
        raise WorkflowError("Số liệu kỳ này đang ở trạng thái nhập; không cần mở lại.")
    if submission.state == Submission.State.SUBMITTED:
        raise WorkflowError("Số liệu kỳ này đang chờ duyệt, chưa khóa; dùng “Trả lại để sửa”.")
    submission.state = Submission.State.DRAFT
    submission.approved_by = None
    submission.approved_at = None
    submission.reopen_reason = reason
    _save(submission, user, reason)
    return submission


# --------------------------------------------------------------------------- completeness


@dataclass
class CompletenessRow:
    """One committee's resolution for a period and how far its figures have gone."""

    committee: Committee
    resolution: Resolution
    submission: Submission | None

    @property
    def committee_label(self) -> str:
        """The committee's name and, when it has ended, what that means ("hợp nhất vào … từ 01/07/2025")."""
        successor = self.committee.successor
        note = self.committee.end_note(successor.name if successor is not None else "")
        return f"{self.committee.name} ({note})" if note else self.committee.name

    @property
    def state_label(self) -> str:
        if self.submission is None:
            return "Chưa gửi (chưa nhập)"
        if self.submission.state == Submission.State.DRAFT:
            return "Chưa gửi (được trả lại để sửa)" if self.submission.reopen_reason else "Chưa gửi (đang nhập)"
        return self.submission.get_state_display()

    @property
    def submitted(self) -> bool:
        return self.submission is not None and self.submission.state != Submission.State.DRAFT


def completeness(user: User, period: str, year: int | None) -> list[CompletenessRow]:
    """Every resolution the user may see that has ``period`` open for entry, with its submission;
    not submitted first.

    Six queries whatever the number of committees (the user's scope, resolutions with their committees
    and successors, submissions).
    """
    resolutions = access.scope(
        Resolution.objects.with_context().select_related("congress__committee__successor"), user,
        "congress__committee", "view")
    if period == Result.Period.TERM:
        resolutions = resolutions.filter(kind=Resolution.Kind.CONGRESS)
    else:
        # A congress resolution covers the years after its congress; an annual one its own year.
        resolutions = resolutions.filter(
            kind=Resolution.Kind.CONGRESS, congress__term_start__lt=year, congress__term_end__gte=year
        ) | resolutions.filter(kind=Resolution.Kind.ANNUAL, year=year)
    # Committees that no longer existed in the period (merged, dissolved) owe nothing for it.
    resolutions_list = [r for r in resolutions if (period, year) in entry_periods(r)]
    submissions = {
        s.resolution_id: s
        for s in Submission.objects.filter(resolution__in=resolutions_list, period=period, year=year)
        .select_related("submitted_by", "approved_by")
    }
    rows = [CompletenessRow(r.congress.committee, r, submissions.get(r.pk)) for r in resolutions_list]
    rows.sort(key=lambda row: (row.submitted, row.committee.name, row.resolution.title))
    return rows


__all__ = [
    "CompletenessRow", "WorkflowError", "approve", "completeness", "entry_periods", "parse_period_key",
    "period_key", "period_label", "reopen", "send_back", "submission_for", "submit",
]
