"""When a period's figures may not change: submitted or approved, or after the committee ended."""

from __future__ import annotations

from resolutions import labels
from resolutions.models import Resolution, Result, Submission

# A period's figures are read-only once submitted (until the committee above returns them) and
# locked once approved (until reopened with a reason): a leader approves exactly what was sent.
LOCK_MESSAGES: dict[str, str] = {
    Submission.State.SUBMITTED: (
        "số liệu kỳ này đã gửi cấp trên duyệt nên không sửa được; muốn sửa, đề nghị cấp trên trả lại."
    ),
    Submission.State.APPROVED: (
        "số liệu kỳ này đã được duyệt và khóa; muốn sửa, cấp trên phải mở lại (có ghi lý do)."
    ),
}


def lock_reason(resolution: Resolution, period: str, year: int | None) -> str | None:
    """Why the period's figures cannot be changed now (submitted or approved), else None. One query."""
    state = (
        Submission.objects.filter(resolution=resolution, period=period, year=year)
        .values_list("state", flat=True).first()
    )
    message = LOCK_MESSAGES.get(state) if state else None
    return message[:1].upper() + message[1:] if message else None


def after_committee_ended(resolution: Resolution, period: str, year: int | None) -> str | None:
    """Why no figure can be entered for a period after the resolution's committee ended, else None.

    A year counts while the committee existed for part of it; the term while it lasted to the term's
    end. Reads the committee (no query with ``Resolution.objects.with_context()``).
    """
    committee = resolution.congress.committee
    last = year if period in (Result.Period.YEAR, Result.Period.HALF) else None
    if period == Result.Period.TERM:
        last = resolution.congress.term_end
    if last is None or committee.active_in(last):
        return None
    return (f"{committee.name} {committee.end_note()}; không nhập số liệu "
            f"{labels.period_label(period, year).lower()} của nhiệm kỳ {resolution.congress.term}.")


def is_locked(resolution: Resolution, period: str, year: int | None) -> bool:
    """Submitted and approved figures cannot be changed (see ``lock_reason``)."""
    return lock_reason(resolution, period, year) is not None
