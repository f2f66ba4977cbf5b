"""Recording a period's figures and a person's verdicts on them: record, override, confirm, correct, delete."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from indicators.statuses import PERSON_VERDICTS, Status
from resolutions.models import Result, Target
from resolutions.services.common import (
    UNCHECKED,
    ConflictError,
    DocumentError,
    LockedError,
    audit,
    result_fields,
    set_if_changed,
    target_name,
    validate_result_text,
)
from resolutions.services.locks import after_committee_ended, lock_reason
from resolutions.tallies import refresh_tallies


@dataclass
class Entry:
    """One row of the entry form that the official changed."""

    target: Target
    text: str
    estimate: bool = False
    note: str = ""
    expected_version: int | None = None


@transaction.atomic
def record_result(
    target: Target,
    *,
    period: str,
    year: int | None,
    text: str,
    estimate: bool = False,
    note: str = "",
    user: AbstractBaseUser | None = None,
    expected_version: int | None = None,
    change_reason: str = "",
) -> Result:
    """Create or change one figure. ``expected_version`` is the version the user loaded.

    Raises ``DocumentError`` for an unreadable figure, ``LockedError`` when the period is submitted or approved,
    ``ConflictError`` when someone saved the figure after the user loaded it.
    """
    entry = Entry(target, text, estimate=estimate, note=note, expected_version=expected_version)
    result = _record_entry(entry, period=period, year=year, user=user, change_reason=change_reason)
    refresh_tallies([target.resolution_id])
    return result


def _record_entry(
    entry: Entry, *, period: str, year: int | None, user: AbstractBaseUser | None, change_reason: str = "",
) -> Result:
    """``record_result`` without the tally refresh (``record_results`` refreshes once per page)."""
    target, expected_version = entry.target, entry.expected_version
    locked = lock_reason(target.resolution, period, year)
    if locked:
        raise LockedError(locked)
    where = target_name(target)
    ended = after_committee_ended(target.resolution, period, year)
    if ended:
        raise DocumentError([f"{where}: {ended}"])
    text = entry.text.strip()
    errors = validate_result_text(text, target.target_kind, where) if text else []
    if errors:
        raise DocumentError(errors)
    figure = Result.Figure.ESTIMATE if entry.estimate else Result.Figure.OFFICIAL
    result = (
        Result.objects.select_for_update()
        .filter(target=target, period=period, year=year, figure=figure)
        .first()
    )
    values = {**result_fields(text), "source_note": entry.note}
    if result is not None and result.raw_text != text:
        values.update(UNCHECKED)  # a new figure needs a new look
    if result is None:
        if expected_version not in (None, 0):
            raise ConflictError(Result(target=target, period=period, year=year, raw_text=""))
        result = Result(target=target, period=period, year=year, figure=figure, entered_by=user, **values)
        audit(result, user, change_reason)
        result.save()
        return result
    if expected_version is not None and expected_version != result.version:
        raise ConflictError(result)
    if set_if_changed(result, values):
        result.version += 1
        result.entered_by = user or result.entered_by
        audit(result, user, change_reason)
        result.save()
    return result


@transaction.atomic
def set_override(result: Result, status: Status | None, reason: str, user: AbstractBaseUser) -> Result:
    """Set (or clear, with ``status=None``) a person's verdict on a result; a reason is mandatory."""
    if status is not None and not reason.strip():
        raise DocumentError(["Điều chỉnh đánh giá phải có lý do."])
    if status is not None and Status(status) not in PERSON_VERDICTS:
        raise DocumentError([f"Không thể điều chỉnh đánh giá thành “{Status(status).label}”: chọn một mức đánh giá."])
    locked = lock_reason(result.target.resolution, result.period, result.year)
    if locked:
        raise LockedError(locked)
    result.override_status = status.value if status else ""
    result.override_reason = reason.strip() if status else ""
    result.overridden_by = user if status else None
    result.overridden_at = timezone.now() if status else None
    result.version += 1
    audit(result, user, reason.strip() or "Bỏ điều chỉnh đánh giá")
    result.save()
    refresh_tallies([result.target.resolution_id])
    return result


@transaction.atomic
def confirm_figure(result: Result, reason: str, user: AbstractBaseUser) -> Result:
    """A person confirms a figure judged "Cần kiểm tra" as written, with a reason; the normal rule
    then applies. Audited (simple-history keeps who, when and the reason).

    Raises ``DocumentError`` without a reason, ``LockedError`` when the period is submitted or approved.
    """
    reason = reason.strip()
    if not reason:
        raise DocumentError(["Xác nhận số liệu cần kiểm tra phải có lý do."])
    locked = lock_reason(result.target.resolution, result.period, result.year)
    if locked:
        raise LockedError(locked)
    result = Result.objects.select_for_update().get(pk=result.pk)
    result.checked_by = user
    result.checked_at = timezone.now()
    result.check_reason = reason
    result.version += 1
    audit(result, user, f"Xác nhận số liệu đúng như đã ghi: {reason}")
    result.save()
    refresh_tallies([result.target.resolution_id])  # the normal rule now applies
    return result


@transaction.atomic
def correct_figure(result: Result, text: str, reason: str, user: AbstractBaseUser) -> Result:
    """Correct a figure judged "Cần kiểm tra" (usually to its likely reading); audited with the reason.

    Goes through ``record_result`` (readability, lock and version checks), so the corrected figure is
    judged afresh; the reason is kept in the history ("Sửa số liệu cần kiểm tra: …").
    """
    reason = reason.strip() or "theo cách đọc gợi ý"
    result = record_result(
        result.target, period=result.period, year=result.year, text=text,
        estimate=result.figure == Result.Figure.ESTIMATE, note=result.source_note, user=user,
        expected_version=result.version, change_reason=f"Sửa số liệu cần kiểm tra: {reason}",
    )
    return result


@transaction.atomic
def delete_result(result: Result, user: AbstractBaseUser | None = None) -> None:
    """Delete a figure of a period that is neither submitted nor approved, and recount its resolution."""
    locked = lock_reason(result.target.resolution, result.period, result.year)
    if locked:
        raise LockedError(locked)
    resolution_id = result.target.resolution_id
    audit(result, user, "Xóa số liệu")
    result.delete()
    refresh_tallies([resolution_id])


def validate_entry_text(text: str, target: Target) -> list[str]:
    """What data entry refuses in a typed figure: unreadable, words for a numeric target, too many decimals.

    A figure is read the Vietnamese way on every path (seeds, imports, entry); one that looks like a
    slip ("9.850" for a percentage) is saved and judged "Cần kiểm tra" like everywhere else, never
    refused on one path and accepted on another.
    """
    text = text.strip()
    if not text:
        return []
    return validate_result_text(text, target.target_kind, target_name(target))


class EntryError(Exception):
    """Some rows could not be saved, so none was; ``errors`` maps target id → the row's error."""

    def __init__(self, errors: dict[int, ConflictError | LockedError | DocumentError]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


@transaction.atomic
def record_results(
    entries: list[Entry], *, period: str, year: int | None, user: AbstractBaseUser | None
) -> list[Result]:
    """Save a page of figures all at once: every row is written, or none (``EntryError`` lists why)."""
    errors: dict[int, ConflictError | LockedError | DocumentError] = {}
    results: list[Result] = []
    for entry in entries:
        try:
            # A savepoint per row, so every conflicting row can be reported, not only the first.
            with transaction.atomic():
                results.append(_record_entry(entry, period=period, year=year, user=user))
        except (ConflictError, LockedError, DocumentError) as exc:
            errors[entry.target.pk] = exc
    if errors:
        raise EntryError(errors)
    refresh_tallies({entry.target.resolution_id for entry in entries})
    return results
