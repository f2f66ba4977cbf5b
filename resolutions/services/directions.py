"""Which way a target is judged, and the indicator catalogue it is linked to (sync, restore, link)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from indicators.catalogue import FIELD_LABELS, CatalogueEntry, edited_fields, plan_entry, read_catalogue
from indicators.direction import DirectionGuess, guess_direction
from indicators.matching import CatalogueName, Matcher, is_heading
from indicators.models import Indicator
from resolutions import access, in_force, labels
from resolutions.models import Target
from resolutions.services.common import DocumentError, LockedError, audit
from resolutions.tallies import refresh_tallies

DIRECTIONS = {"higher", "lower"}
DirectionSource = Target.DirectionSource


@lru_cache(maxsize=16384)
def guessed_direction(name: str, target_text: str, context: tuple[str, ...]) -> DirectionGuess:
    """``guess_direction``, once per wording: an import asks for a row's direction and then for the reason."""
    return guess_direction(name, target_text, context)


class Catalogue:
    """The indicator catalogue as one write needs it: by key, by id, and a name matcher (one query)."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self.indicators = indicators
        self.by_key = {i.key: i for i in indicators}
        self.by_id = {i.pk: i for i in indicators}

    @cached_property
    def matcher(self) -> Matcher:
        """Built on first use: a re-imported export states every row's indicator and never matches."""
        return Matcher(CatalogueName(i.key, (i.name, *i.alias_list), i.unit) for i in self.indicators)

    @classmethod
    def load(cls) -> Catalogue:
        return cls(list(Indicator.objects.all()))


def direction_fields(
    *, name: str, target_text: str, indicator: Indicator | None, existing: Target | None = None,
    context: list[str] | None = None, stated: str = "", stated_source: str = "",
    user: AbstractBaseUser | None = None,
) -> dict[str, Any]:
    """The stored direction of a target and where it comes from, in this order:

    a direction the table states (confirmed, or kept as a guess when the table says so); a
    direction a person confirmed earlier (kept); the catalogue indicator's; a guess from the
    wording (``indicators.direction``), which pages mark as needing confirmation.
    """
    if stated and stated_source in ("", DirectionSource.CONFIRMED, DirectionSource.GUESSED):
        source = stated_source or DirectionSource.CONFIRMED
        values: dict[str, Any] = {"direction": stated, "direction_source": source}
        if source == DirectionSource.CONFIRMED:
            same = existing is not None and (existing.direction, existing.direction_source) == (stated, source)
            if not same:
                values |= {"direction_confirmed_by": user if user is not None and user.is_authenticated else None,
                           "direction_confirmed_at": timezone.now()}
        return values
    if existing is not None and existing.direction_source == DirectionSource.CONFIRMED:
        return {"direction": existing.direction, "direction_source": DirectionSource.CONFIRMED}
    if indicator is not None:
        return {"direction": indicator.direction, "direction_source": DirectionSource.CATALOGUE}
    guess = guessed_direction(name, target_text, tuple(context or ()))
    return {"direction": guess.direction.value, "direction_source": DirectionSource.GUESSED}


def _user_or_none(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def direction_lock(target: Target, direction: str) -> str | None:
    """Why ``target`` may not be judged the other way: figures of approved periods were judged by its
    stored direction and stay as approved. None when the direction is unchanged or nothing is locked."""
    if direction == target.direction:
        return None
    locked = [(p, y) for p, y in in_force.approved_periods(target.resolution)
              if target.results.filter(period=p, year=y).exists()]
    if not locked:
        return None
    label = dict(Indicator.Direction.choices)[direction].lower()
    periods = ", ".join(labels.period_label(p, y).lower() for p, y in locked)
    return (f"{labels.target_label(target.number, target.name)}: số liệu kỳ đã duyệt và khóa ({periods}) được đánh "
            f"giá theo chiều hiện tại; không đổi được thành '{label}'. Đề nghị cấp trên mở lại kỳ đó.")


@transaction.atomic
def confirm_direction(target: Target, direction: str, user: AbstractBaseUser, reason: str = "") -> Target:
    """A person states which way ``target`` is judged (higher or lower is better).

    The direction then stays whatever the catalogue or a re-import says, until a person changes
    it again; the guessed-direction notice disappears. Requires the permission
    ``resolutions.confirm_direction`` and the right to enter figures for the target's committee
    (``resolutions.access``); audited with who, when and the reason.
    """
    if direction not in DIRECTIONS:
        raise DocumentError([f"Chiều đánh giá không hợp lệ: {direction!r}."])
    if not user.has_perm("resolutions.confirm_direction") or not access.can_resolution(
        user, "edit", target.resolution
    ):
        raise PermissionDenied("Bạn không có quyền xác nhận chiều đánh giá của chỉ tiêu này.")
    target = Target.objects.select_for_update().get(pk=target.pk)
    label = dict(Indicator.Direction.choices)[direction].lower()
    locked = direction_lock(target, direction)
    if locked:
        raise LockedError(locked)
    target.direction = direction
    target.direction_source = DirectionSource.CONFIRMED
    target.direction_confirmed_by = _user_or_none(user)
    target.direction_confirmed_at = timezone.now()
    audit(target, user, reason.strip() or f"Xác nhận chiều đánh giá: {label}")
    target.save()
    refresh_tallies([target.resolution_id])
    return target


@transaction.atomic
def set_indicator_direction(
    indicator: Indicator, direction: str, user: AbstractBaseUser | None = None, reason: str = ""
) -> int:
    """Change a catalogue indicator's direction; every target that takes its direction from the
    catalogue follows in the same transaction (targets a person confirmed keep theirs, and so do targets
    with figures in approved periods, which stay as approved).

    Returns the number of targets whose direction changed; their verdicts change with it. Both the
    indicator and the targets are audited. ``user`` None is the system (migrations, sync).
    """
    if direction not in DIRECTIONS:
        raise DocumentError([f"Chiều đánh giá không hợp lệ: {direction!r}."])
    if user is not None and not user.has_perm("indicators.change_indicator"):
        raise PermissionDenied("Bạn không có quyền sửa danh mục chỉ số.")
    why = reason.strip() or f"Đổi chiều đánh giá của chỉ số '{indicator.name}'"
    if indicator.direction != direction:
        indicator.direction = direction
        audit(indicator, user, why)
        indicator.save()
    following = Target.objects.filter(indicator=indicator, direction_source=DirectionSource.CATALOGUE).exclude(
        direction=direction).select_related("resolution")
    # A target with figures in approved periods keeps the direction they were judged by (direction_lock).
    moved = [target for target in following if direction_lock(target, direction) is None]
    for target in moved:
        target.direction = direction
    if moved:
        bulk_update_with_history(moved, Target, ["direction"], default_user=_user_or_none(user),
                                 default_change_reason=why)
        refresh_tallies({target.resolution_id for target in moved})  # their verdicts changed
    return len(moved)


@dataclass
class CatalogueSync:
    """What a catalogue sync did (or would do, in a dry run), in Vietnamese lines."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unchanged: int = 0
    targets_moved: int = 0
    dry_run: bool = False

    def as_text(self) -> str:
        head = "Chạy thử (chưa ghi gì): " if self.dry_run else ""
        lines = [f"{head}danh mục chỉ số: thêm {len(self.created)}, cập nhật {len(self.updated)}, "
                 f"không đổi {self.unchanged}, giữ nội dung đơn vị đã sửa ở {len(self.kept)} chỉ số; "
                 f"{self.targets_moved} chỉ tiêu đổi chiều đánh giá theo danh mục."]
        for title, items in (("Thêm", self.created), ("Cập nhật", self.updated),
                             ("Giữ nội dung đơn vị đã sửa", self.kept),
                             ("Không còn trong tệp danh mục (giữ nguyên)", self.missing)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  - {item}" for item in items)
        return "\n".join(lines)


@transaction.atomic
def sync_catalogue(
    entries: list[CatalogueEntry] | None = None, *, dry_run: bool = False, user: AbstractBaseUser | None = None
) -> CatalogueSync:
    """Merge the shipped catalogue (indicators/catalogue.yaml by default) into the database.

    New entries are added; a field still equal to what was last shipped takes the file's value;
    a field an office edited is kept (``indicators.catalogue.plan_entry``). A direction change
    goes through ``set_indicator_direction``, so linked targets follow. Entries the file no
    longer has are reported and kept (targets may use them). Idempotent; ``dry_run`` writes nothing.
    """
    entries = read_catalogue() if entries is None else entries
    result = CatalogueSync(dry_run=dry_run)
    stored = {i.key: i for i in Indicator.objects.all()}
    for entry in entries:
        obj = stored.get(entry.key)
        plan = plan_entry(entry, obj.synced_values() if obj else None, obj.shipped if obj else None)
        if plan.kept:
            result.kept.append(f"{entry.key}: {', '.join(FIELD_LABELS[n] for n in plan.kept)}")
        if obj is not None and plan.action == "unchanged" and obj.shipped == plan.shipped \
                and obj.origin == Indicator.Origin.CATALOGUE:
            result.unchanged += 1
            continue
        values = dict(plan.values)
        values["aliases"] = "\n".join(values["aliases"])
        new_direction = values.pop("direction")
        if obj is None:
            obj = Indicator(key=entry.key, direction=new_direction)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.origin = Indicator.Origin.CATALOGUE
        obj.shipped = plan.shipped
        obj.full_clean()
        audit(obj, user, "Đồng bộ danh mục chỉ số")
        obj.save()
        if obj.direction != new_direction:
            result.targets_moved += set_indicator_direction(obj, new_direction, user, "Đồng bộ danh mục chỉ số")
        fields = ", ".join(FIELD_LABELS[n] for n in plan.changed)
        if plan.action == "create":
            result.created.append(f"{entry.key}: {entry.name}")
        elif plan.changed:
            result.updated.append(f"{entry.key}: {fields}")
        else:
            result.unchanged += 1
    keys = {e.key for e in entries}
    result.missing = [f"{k}: {i.name}" for k, i in sorted(stored.items())
                      if i.origin == Indicator.Origin.CATALOGUE and k not in keys]
    if dry_run:
        transaction.set_rollback(True)
    return result


@transaction.atomic
def restore_catalogue_entry(indicator: Indicator, user: AbstractBaseUser | None = None) -> list[str]:
    """Undo an office's edits of a catalogue indicator: every synced field takes what was last
    shipped (the direction through ``set_indicator_direction``). Returns the restored fields'
    Vietnamese names; a local indicator (nothing shipped) is left as it is."""
    if user is not None and not user.has_perm("indicators.change_indicator"):
        raise PermissionDenied("Bạn không có quyền sửa danh mục chỉ số.")
    if indicator.shipped is None:
        return []
    restored = [FIELD_LABELS[n] for n in edited_fields(indicator.synced_values(), indicator.shipped)]
    shipped = dict(indicator.shipped)
    direction = shipped.pop("direction", indicator.direction)
    shipped["aliases"] = "\n".join(shipped.get("aliases", []))
    for name, value in shipped.items():
        setattr(indicator, name, value)
    audit(indicator, user, "Lấy lại nội dung danh mục chung")
    indicator.save()
    set_indicator_direction(indicator, direction, user, "Lấy lại nội dung danh mục chung")
    return restored


def link_target(target: Target, user: AbstractBaseUser | None = None) -> dict[str, Any]:
    """Catalogue link and direction for a target saved outside a table (admin forms): link by
    wording when it has no indicator yet, then the direction as ``apply_document`` decides it.
    Returns the values set on ``target`` (not saved)."""
    existing = Target.objects.filter(pk=target.pk).first() if target.pk else None
    values: dict[str, Any] = {}
    if target.indicator_id is None and not (existing is not None and existing.indicator_id):
        catalogue = Catalogue.load()
        parent = target.parent if target.parent_id else None
        context = [parent.name] if parent is not None else []
        exclude = [parent.indicator.key] if parent is not None and parent.indicator_id else []
        heading = is_heading(bool(existing and existing.children.exists()), target.target_text)
        match = None if heading else catalogue.matcher.match(target.name, target.unit, context, exclude)
        if match is not None:
            values["indicator"] = catalogue.by_key[match.key]
    indicator = values.get("indicator", target.indicator if target.indicator_id else None)
    values |= direction_fields(
        name=target.name, target_text=target.target_text, indicator=indicator, existing=existing,
        context=[target.parent.name] if target.parent_id else [], user=user,
    )
    for name, value in values.items():
        setattr(target, name, value)
    return values
