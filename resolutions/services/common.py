"""What every service shares: the errors, a target's name, figure and target texts as stored columns, audit."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from indicators.expressions import Expression, Kind, parse_text
from resolutions import labels
from resolutions.models import FIGURE, Result, Target

MAX_PLACES = FIGURE["decimal_places"]
MAX_INTEGER_DIGITS = FIGURE["max_digits"] - FIGURE["decimal_places"]


class DocumentError(Exception):
    """A table could not be written; ``messages`` lists every problem (Vietnamese, with its place)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


class ConflictError(Exception):
    """Someone else saved this figure since it was loaded (optimistic version check)."""

    def __init__(self, result: Result) -> None:
        super().__init__(
            f"{labels.result_label(target_name(result.target), result.period, result.year)} vừa được "
            f"người khác lưu với giá trị '{result.raw_text or '(trống)'}'. Hãy xem lại rồi nhập lại nếu cần."
        )
        self.result = result


class LockedError(Exception):
    """The period's figures were approved and are locked."""


def target_name(target: Target) -> str:
    """``labels.target_label`` of a stored target; a sub-row is named by its numbered parent.

    Reads ``target.parent`` only for a row without a number of its own (loaded with
    ``select_related("parent")`` on pages, so no query there).
    """
    parent_number = ""
    if not labels.numbered(target.number):
        parent = target.parent
        while parent is not None and not parent_number:
            parent_number = parent.number if labels.numbered(parent.number) else ""
            parent = parent.parent
    return labels.target_label(target.number, target.name, parent_number)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def check_figure(expr: Expression, where: str) -> list[str]:
    """Refuse figures the database would round or overflow (never round silently)."""
    errors = []
    for number in (expr.low, expr.high, expr.sub):
        if number is None or expr.fraction is not None:
            continue
        sign, digits, exponent = number.as_tuple()
        if isinstance(exponent, int) and exponent < -MAX_PLACES:
            errors.append(f"{where}: '{expr.text}' có quá {MAX_PLACES} chữ số thập phân.")
        if len(digits) + (exponent if isinstance(exponent, int) else 0) > MAX_INTEGER_DIGITS:
            errors.append(f"{where}: '{expr.text}' quá lớn.")
    return errors


def target_fields(text: str) -> dict[str, Any]:
    """The stored columns for a target text: the text as written and its parsed meaning."""
    expr = parse_text(text)
    return {
        "target_text": text,
        "target_kind": expr.kind.value,
        "target_low": expr.low,
        "target_high": expr.high,
        "target_sub": expr.sub,
        "target_error": expr.error,
    }


def result_fields(text: str) -> dict[str, Any]:
    """The stored columns for a result text (see ``Result.expression`` for the inverse)."""
    expr = parse_text(text)
    high = expr.high if expr.kind == Kind.RANGE else None
    return {
        "raw_text": text,
        "value_kind": expr.kind.value,
        "value": expr.value,
        "value_high": high,
        "value_sub": expr.sub,
        "value_error": expr.error,
    }


def validate_result_text(text: str, target_kind: str, where: str) -> list[str]:
    """A result must be a readable figure; words only where the target itself is qualitative."""
    expr = parse_text(text)
    if expr.kind == Kind.UNREADABLE:
        # The reader's message already says "Không đọc được số '…' — why"; it is not wrapped again.
        return [f"{where}: {_lower_first(expr.error)}"]
    if expr.kind == Kind.QUALITATIVE and target_kind != Kind.QUALITATIVE.value:
        return [f"{where}: kết quả '{text}' phải là số (chỉ tiêu này có mục tiêu định lượng)."]
    return check_figure(expr, where)


# A figure's confirmation ("đúng như đã ghi") belongs to that figure: cleared when it changes.
UNCHECKED: dict[str, Any] = {"checked_by": None, "checked_at": None, "check_reason": ""}


@cache
def _foreign_keys(model: type[Any]) -> dict[str, str]:
    """A model's many-to-one fields: name → attname (looked up once; an import compares ~10 values a row)."""
    return {f.name: f.attname for f in model._meta.get_fields() if f.is_relation and f.many_to_one and f.concrete}


def set_if_changed(obj: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True if any did. Foreign keys compare by id (no query); a new,
    unsaved related row always differs."""
    changed = False
    foreign_keys = _foreign_keys(type(obj))
    for name, value in values.items():
        attname = foreign_keys.get(name)
        if attname is not None:
            current = getattr(obj, attname)
            if current != (value.pk if value is not None else None) or (value is not None and value.pk is None):
                setattr(obj, name, value)
                changed = True
        elif getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def audit(obj: Any, user: AbstractBaseUser | None, reason: str = "") -> None:
    """Tell simple-history who made the change (also outside a request: commands, imports, tests)."""
    if user is not None and user.is_authenticated:
        obj._history_user = user
    if reason:
        obj._change_reason = reason
