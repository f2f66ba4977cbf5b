"""Writes that touch several models: typed functions inside a transaction.

Admin actions, the entry form, imports and commands all call these; no business rule lives in
signals or ``save()``. Every function either completes or leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.basis import guess_basis
from indicators.catalogue import FIELD_LABELS, CatalogueEntry, edited_fields, plan_entry, read_catalogue
from indicators.direction import DirectionGuess, guess_direction
from indicators.expressions import Expression, Kind, parse_text
from indicators.matching import CatalogueName, Match, Matcher, is_heading
from indicators.models import Indicator
from indicators.statuses import PERSON_VERDICTS, Status, parse_status
from indicators.text import fold_text
from resolutions import access, in_force, labels
from resolutions.audit import system_user
from resolutions.documents import ResolutionDoc, ResultRow, TargetRow, walk
from resolutions.models import (
    FIGURE,
    Committee,
    Congress,
    Resolution,
    Result,
    Section,
    Submission,
    Target,
)
from resolutions.tallies import refresh_tallies

MAX_PLACES = FIGURE["decimal_places"]
MAX_INTEGER_DIGITS = FIGURE["max_digits"] - FIGURE["decimal_places"]
BASES = {"latest", "sum", "mean", "growth_mean"}
DIRECTIONS = {"higher", "lower"}
DirectionSource = Target.DirectionSource


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


@dataclass
class ApplySummary:
    """What a write did (or would do, in a dry run): counts and the rows concerned."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    resolution_id: int | None = None
    notes: list[str] = field(default_factory=list)  # what was left as it was, and why

    @property
    def changes_nothing(self) -> bool:
        return not self.created and not self.updated
    linked: list[str] = field(default_factory=list)  # rows linked to the catalogue by their wording
    guessed: list[str] = field(default_factory=list)  # rows judged by a guessed, unconfirmed direction

    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged)}

    def as_text(self) -> str:
        c = self.counts()
        text = f"Tạo mới {c['created']}, cập nhật {c['updated']}, không đổi {c['unchanged']}."
        if self.linked:
            text += f" Gắn với danh mục chỉ số theo tên: {len(self.linked)}."
        if self.guessed:
            text += f" Chiều đánh giá do hệ thống suy đoán, cần xác nhận: {len(self.guessed)}."
        return text


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


@lru_cache(maxsize=16384)
def _guessed(name: str, target_text: str, context: tuple[str, ...]) -> DirectionGuess:
    """``guess_direction``, once per wording: an import asks for a row's direction and then for the reason."""
    return guess_direction(name, target_text, context)


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


@cache
def _foreign_keys(model: type[Any]) -> dict[str, str]:
    """A model's many-to-one fields: name → attname (looked up once; an import compares ~10 values a row)."""
    return {f.name: f.attname for f in model._meta.get_fields() if f.is_relation and f.many_to_one and f.concrete}


def _set_if_changed(obj: Any, values: dict[str, Any]) -> bool:
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


def validate_document(doc: ResolutionDoc) -> list[str]:
    """Every problem of a document, before anything is written."""
    errors: list[str] = []
    if doc.term_start >= doc.term_end:
        errors.append(f"Nhiệm kỳ {doc.term_start} - {doc.term_end}: năm bắt đầu phải trước năm kết thúc.")
    if doc.kind not in {"congress", "annual"}:
        errors.append(f"Loại nghị quyết không hợp lệ: {doc.kind!r}.")
    if doc.kind == "annual" and not doc.year:
        errors.append("Nghị quyết năm phải có năm (--year).")
    wanted = {row.indicator for s in doc.sections for row, _ in walk(s.targets) if row.indicator}
    known_indicators = {i.key for i in doc.indicators} | set(
        Indicator.objects.filter(key__in=wanted).values_list("key", flat=True)
    )
    for section in doc.sections:
        for row, _parent in walk(section.targets):
            if not row.name:
                errors.append(f"{row.where}: thiếu tên chỉ tiêu.")
            if row.basis and row.basis not in BASES:
                errors.append(f"{row.where}: cách tính số cả kỳ không hợp lệ: {row.basis!r}.")
            if row.direction and row.direction not in DIRECTIONS:
                errors.append(f"{row.where}: chiều đánh giá không hợp lệ: {row.direction!r} (higher hoặc lower).")
            if row.direction_source and row.direction_source not in {"confirmed", "guessed", "catalogue"}:
                errors.append(f"{row.where}: nguồn chiều đánh giá không hợp lệ: {row.direction_source!r}.")
            if row.indicator and row.indicator not in known_indicators:
                errors.append(f"{row.where}: chỉ số '{row.indicator}' không có trong danh mục.")
            if row.direction not in {"", "higher", "lower"}:
                errors.append(f"{row.where}: chiều đánh giá không hợp lệ: {row.direction!r}.")
            texpr = parse_text(row.target)
            errors.extend(check_figure(texpr, row.where))
            seen: set[tuple[str, int | None, bool]] = set()
            for res in row.results:
                if res.period == Result.Period.TO_DATE and not (res.span and res.span > 0 and res.year):
                    errors.append(f"{res.where}: số liệu từ đầu nhiệm kỳ đến nay phải ghi rõ đến năm nào.")
                key = (res.period, res.year, res.estimate)
                if key in seen:
                    errors.append(f"{res.where}: trùng kết quả cho cùng kỳ và loại số liệu.")
                seen.add(key)
                if res.text:
                    errors.extend(validate_result_text(res.text, texpr.kind.value, res.where))
                if res.reported and parse_status(res.reported) is None:
                    errors.append(f"{res.where}: không hiểu đánh giá '{res.reported}'.")
                if res.override and (parse_status(res.override) not in PERSON_VERDICTS or not res.override_reason.strip()):
                    errors.append(f"{res.where}: đánh giá điều chỉnh '{res.override}' không hợp lệ hoặc thiếu lý do.")
    return errors


@transaction.atomic
def apply_document(
    doc: ResolutionDoc,
    committee: Committee,
    *,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    may_override: bool = True,
    validated: bool = False,
) -> ApplySummary:
    """Create or update a resolution's sections, targets and results from ``doc``; idempotent.

    Rows are matched by their position in the document, so applying the same document twice
    changes nothing (no row, no history entry). Raises ``DocumentError`` listing every bad cell and
    writes nothing; with ``dry_run`` the summary says what would happen and nothing is kept.
    Overrides carried by the document are set only on figures without one, and only when
    ``may_override`` (the caller checked the user's permission). Targets and results are written
    in bulk, each with its history entry (who, when, "Nhập từ bảng"). ``validated``: the caller has
    just checked ``doc`` with ``validate_document`` and found nothing (the importer does, to list a
    file's cell errors and the document's together), so it is not checked twice.
    """
    errors = [] if validated else validate_document(doc)
    if errors:
        raise DocumentError(errors)
    summary = ApplySummary()
    _apply_indicators(doc)
    resolution = _apply_resolution(doc, committee, summary)
    summary.resolution_id = resolution.pk

    sections = {s.order: s for s in resolution.sections.all()}
    stored = list(resolution.targets.all())
    # One bare query for the adjustments (prefetch_related builds a queryset per target).
    in_force.attach_adjustments(stored)
    targets = {t.order: t for t in stored}
    results: dict[tuple[int, str, int | None, str], Result] = {
        (r.target_id, r.period, r.year, r.figure): r
        for r in Result.objects.filter(target__resolution=resolution)
    }
    _refuse_locked(doc, resolution)
    # An approved period also locks the target texts it was judged by (resolutions.in_force).
    text_errors = in_force.reconcile_target_texts(doc, targets, in_force.approved_periods(resolution))
    if text_errors:
        raise DocumentError(text_errors)
    catalogue = Catalogue.load()

    writes = _Writes(user, may_override)
    order = 0
    for s_index, srow in enumerate(doc.sections, start=1):
        section = sections.get(s_index)
        values = {"code": srow.code, "title": srow.title}
        if section is None:
            section = Section.objects.create(resolution=resolution, order=s_index, **values)
            summary.created.append(f"Nhóm {labels.section_label(srow.code, srow.title)}")
        elif _set_if_changed(section, values):
            section.save()
            summary.updated.append(f"Nhóm {labels.section_label(srow.code, srow.title)}")
        saved: dict[int, Target] = {}
        above: dict[int, TargetRow | None] = {}
        for row, parent_row in walk(srow.targets):
            order += 1
            above[id(row)] = parent_row
            parent = saved[id(parent_row)] if parent_row is not None else None
            ancestors = []  # (row, target) from the parent up
            up = parent_row
            while up is not None:
                ancestors.append((up, saved[id(up)]))
                up = above[id(up)]
            # ``target_name`` of the row as it will be stored, read from the rows (no model instance,
            # no query for a stored grandparent): a sub-row is named by its nearest numbered ancestor.
            parent_number = next((r.number for r, _t in ancestors if labels.numbered(r.number)), "")
            label = labels.target_label(row.number, row.name, parent_number)
            target = writes.target(row, order, resolution, section, parent, ancestors, catalogue, targets, label,
                                   summary)
            saved[id(row)] = target
            for res in row.results:
                writes.result(target, label, res, results, summary)
    writes.flush()
    # Rows the document no longer has are reported, never deleted silently.
    for stale in sorted(set(targets) - set(range(1, order + 1))):
        summary.unchanged.append(f"Chỉ tiêu thứ tự {stale} không có trong tệp (giữ nguyên): {targets[stale]}")

    if summary.created or summary.updated:  # an unchanged re-import leaves every verdict as it was
        refresh_tallies([resolution.pk])
    if dry_run:
        transaction.set_rollback(True)
    return summary


def _apply_indicators(doc: ResolutionDoc) -> None:
    """Catalogue entries the document brings: created when missing, their aliases merged."""
    known = {i.key: i for i in Indicator.objects.filter(key__in=[e.key for e in doc.indicators])}
    for entry in doc.indicators:
        # Local indicators a file adds; national ones come from indicators/catalogue.yaml.
        indicator = known.get(entry.key)
        if indicator is None:
            known[entry.key] = Indicator.objects.create(
                key=entry.key, name=entry.name, unit=entry.unit, direction=entry.direction,
                aliases="\n".join(entry.aliases), basis=entry.basis, group=entry.group, origin=Indicator.Origin.LOCAL)
        elif entry.aliases:
            merged = sorted(set(filter(None, indicator.aliases.splitlines())) | set(entry.aliases))
            if _set_if_changed(indicator, {"aliases": "\n".join(merged)}):
                indicator.save()


def _apply_resolution(doc: ResolutionDoc, committee: Committee, summary: ApplySummary) -> Resolution:
    """The congress (checked against the document's term) and the resolution, created or updated."""
    congress, created = Congress.objects.get_or_create(
        committee=committee, ordinal=doc.ordinal,
        defaults={"term_start": doc.term_start, "term_end": doc.term_end},
    )
    if not created and (congress.term_start, congress.term_end) != (doc.term_start, doc.term_end):
        raise DocumentError([
            f"Đại hội lần thứ {congress.roman} của {committee.name} có nhiệm kỳ "
            f"{congress.term}, khác với {doc.term_start} - {doc.term_end} trong tệp."
        ])
    lookup: dict[str, Any] = {"congress": congress, "kind": doc.kind}
    lookup["year"] = doc.year if doc.kind == "annual" else None
    resolution = Resolution.objects.filter(**lookup).first()
    res_values: dict[str, Any] = {"title": doc.title, "source": doc.source}
    if doc.code:
        res_values["code"] = doc.code
    if doc.issued_on:
        res_values["issued_on"] = doc.issued_on
    if resolution is None:
        # Evaluation settings come with a new resolution only; later they are changed on purpose.
        settings = {k: v for k, v in (("exceed_margin", doc.exceed_margin), ("basic_band", doc.basic_band))
                    if v is not None}
        resolution = Resolution(**lookup, **res_values, **settings)
        resolution.full_clean()
        resolution.save()
        summary.created.append(f"Nghị quyết: {resolution.title}")
    elif _set_if_changed(resolution, res_values):
        resolution.save()
        summary.updated.append(f"Nghị quyết: {resolution.title}")
    return resolution


def _refuse_locked(doc: ResolutionDoc, resolution: Resolution) -> None:
    """Refuse figures for periods that were submitted or approved (``LOCK_MESSAGES``), naming each."""
    locked = {
        (period, year): state
        for period, year, state in Submission.objects.filter(resolution=resolution, state__in=LOCK_MESSAGES)
        .values_list("period", "year", "state")
    }
    locked_rows = [
        f"{res.where}: {labels.period_label(res.period, res.year)} — {LOCK_MESSAGES[locked[res.period, res.year]]}"
        for s in doc.sections for row, _ in walk(s.targets) for res in row.results if (res.period, res.year) in locked
    ]
    if locked_rows:
        raise DocumentError(locked_rows)

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


def _link(
    row: TargetRow, ancestors: list[tuple[TargetRow, Target]], existing: Target | None, catalogue: Catalogue
) -> tuple[Indicator | None, Match | None]:
    """The row's catalogue indicator: the key the table states; else the one the stored target
    already has (same wording); else the one its wording matches (never for a heading row)."""
    if row.indicator or row.indicator_stated:
        return catalogue.by_key.get(row.indicator), None
    if existing is not None and existing.indicator_id and fold_text(existing.name) == fold_text(row.name):
        return catalogue.by_id.get(existing.indicator_id), None
    if is_heading(bool(row.children), row.target):
        return None, None
    taken = [catalogue.by_id[t.indicator_id].key for _r, t in ancestors if t.indicator_id in catalogue.by_id]
    match = catalogue.matcher.match(row.name, row.unit, [r.name for r, _t in ancestors], exclude=taken)
    if match is None:
        return None, None
    return catalogue.by_key[match.key], match


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
    guess = _guessed(name, target_text, tuple(context or ()))
    return {"direction": guess.direction.value, "direction_source": DirectionSource.GUESSED}




HISTORY_REASON = "Nhập từ bảng"
_RESULT_FIELDS = ["raw_text", "value_kind", "value", "value_high", "value_sub", "value_error", "span", "reported_status",
                  "reported_text", "source_note", "override_status", "override_reason", "overridden_by",
                  "overridden_at", "checked_by", "checked_at", "check_reason", "version", "updated_at"]
_BATCH = 1000


class _Writes:
    """What ``apply_document`` writes, decided row by row in document order and written in bulk.

    New targets are created level by level (a parent before its sub-targets), then changed
    targets, new results and changed results, each with one history entry per row through
    django-simple-history's bulk helpers. Nothing is written for an unchanged row.
    """

    def __init__(self, user: AbstractBaseUser | None, may_override: bool) -> None:
        self.user = user if user is not None and user.is_authenticated else None
        self.may_override = may_override
        self.now = timezone.now()
        self.new_targets: list[list[Target]] = []
        self.changed_targets: list[Target] = []
        self.changed_columns: set[str] = {"name_folded"}  # the columns some changed target had changed
        self.new_results: list[Result] = []
        self.changed_results: list[Result] = []

    def target(
        self, row: TargetRow, order: int, resolution: Resolution, section: Section, parent: Target | None,
        ancestors: list[tuple[TargetRow, Target]], catalogue: Catalogue, existing: dict[int, Target], label: str,
        summary: ApplySummary,
    ) -> Target:
        """The target at ``order``: linked to the catalogue, its direction decided, new or changed or unchanged."""
        target = existing.get(order)
        indicator, match = _link(row, ancestors, target, catalogue)
        # Stated by the table > kept from before > said by the row's own words ("lũy kế", "bình quân hằng
        # năm": more specific than an indicator's usual basis) > the catalogue's > the level at the end.
        worded = guess_basis(row.name, row.target, row.unit)
        basis = row.basis or (target.term_basis if target is not None else "") or (
            worded.value if worded is not None else "") or (indicator.basis if indicator is not None else "latest")
        context = [r.name for r, _t in ancestors]
        values: dict[str, Any] = {
            "section": section, "parent": parent, "number": row.number, "name": row.name,
            "unit": row.unit, "term_basis": basis, "note": row.note, "indicator": indicator,
            **target_fields(row.target),
            **direction_fields(name=row.name, target_text=row.target, indicator=indicator, existing=target,
                               context=context, stated=row.direction, stated_source=row.direction_source,
                               user=self.user),
        }
        if match is not None and indicator is not None and (target is None or target.indicator_id != indicator.pk):
            summary.linked.append(f"{label} → chỉ số '{indicator.name}' (khớp {match.percent}% với '{match.wording}')")
        if target is None:
            target = Target(resolution=resolution, order=order, **values)
            target.name_folded = fold_text(target.name)  # what Target.save() derives; bulk writes skip save()
            depth = len(ancestors)
            while len(self.new_targets) <= depth:
                self.new_targets.append([])
            self.new_targets[depth].append(target)
            summary.created.append(label)
        elif _set_if_changed(target, values):
            target.name_folded = fold_text(target.name)
            self.changed_targets.append(target)
            self.changed_columns.update(values)
            summary.updated.append(label)
        else:
            summary.unchanged.append(label)
        if target.direction_unconfirmed:
            reason = _guessed(row.name, row.target, tuple(context)).reason
            summary.guessed.append(f"{label}: {target.get_direction_display().lower()} ({reason})")
        return target

    def result(
        self, target: Target, target_label: str, res: ResultRow,
        existing: dict[tuple[int, str, int | None, str], Result], summary: ApplySummary,
    ) -> None:
        figure = Result.Figure.ESTIMATE if res.estimate else Result.Figure.OFFICIAL
        reported = parse_status(res.reported) if res.reported else None
        values: dict[str, Any] = {
            **result_fields(res.text),
            "reported_status": reported.value if reported else "",
            "reported_text": res.reported.strip(),
            "source_note": res.note,
            "span": res.span if res.period == Result.Period.TO_DATE else None,
        }
        label = labels.result_label(target_label, res.period, res.year)
        result = existing.get((target.pk, res.period, res.year, figure)) if target.pk is not None else None
        if result is not None and result.raw_text != values["raw_text"]:
            values.update(UNCHECKED)  # a new figure needs a new look
        if result is None:
            result = Result(target=target, period=res.period, year=res.year, figure=figure,
                            entered_by=self.user, **values)
            self._override(result, res, label, summary)
            self.new_results.append(result)
            summary.created.append(label)
            return
        changed = _set_if_changed(result, values)
        if self._override(result, res, label, summary):
            changed = True
        if changed:
            result.version += 1
            result.updated_at = self.now  # auto_now is not applied by bulk updates
            self.changed_results.append(result)
            summary.updated.append(label)
        else:
            summary.unchanged.append(label)

    def _override(self, result: Result, res: ResultRow, label: str, summary: ApplySummary) -> bool:
        """Set the document's override on a figure without one; True if set."""
        if not res.override or result.override_status:
            return False
        if not self.may_override:
            summary.notes.append(f"{label}: bỏ qua đánh giá điều chỉnh trong tệp (cần quyền điều chỉnh đánh giá).")
            return False
        result.override_status = Status(parse_status(res.override)).value
        result.override_reason = res.override_reason.strip()
        result.overridden_by, result.overridden_at = self.user, self.now
        return True

    def flush(self) -> None:
        """Write everything decided, in bulk, with history."""
        for level in self.new_targets:
            self._create(level, Target)
        self._update(self.changed_targets, Target, sorted(self.changed_columns))
        self._create(self.new_results, Result)
        self._update(self.changed_results, Result, _RESULT_FIELDS)

    @cached_property
    def history_user(self) -> AbstractBaseUser:
        """Who the history entries name: the person, else the system account. Asked once, and only
        when something is written: simple-history's bulk helpers would otherwise ask
        ``audit.history_user`` (a query for the system account) once per row."""
        return self.user or system_user()

    def _history(self) -> dict[str, Any]:
        return {"default_user": self.history_user, "default_change_reason": HISTORY_REASON, "default_date": self.now}

    def _create(self, objs: list[Any], model: type[Any]) -> None:
        if not objs:
            return
        if not connection.features.can_return_rows_from_bulk_insert:
            # The bulk helper would look the new rows up again and lose the change reason
            # (django-simple-history #976); a database without RETURNING saves row by row.
            for obj in objs:
                _audit(obj, self.history_user, HISTORY_REASON)
                obj.save()
            return
        bulk_create_with_history(objs, model, batch_size=_BATCH, **self._history())

    def _update(self, objs: list[Any], model: type[Any], fields: list[str]) -> None:
        if objs:
            bulk_update_with_history(objs, model, fields, batch_size=_BATCH, **self._history())


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


# A figure's confirmation ("đúng như đã ghi") belongs to that figure: cleared when it changes.
UNCHECKED: dict[str, Any] = {"checked_by": None, "checked_at": None, "check_reason": ""}


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
    target, text, estimate, note, expected_version = (
        entry.target, entry.text, entry.estimate, entry.note, entry.expected_version,
    )
    locked = lock_reason(target.resolution, period, year)
    if locked:
        raise LockedError(locked)
    where = target_name(target)
    ended = after_committee_ended(target.resolution, period, year)
    if ended:
        raise DocumentError([f"{where}: {ended}"])
    text = text.strip()
    errors = validate_result_text(text, target.target_kind, where) if text else []
    if errors:
        raise DocumentError(errors)
    figure = Result.Figure.ESTIMATE if estimate else Result.Figure.OFFICIAL
    result = (
        Result.objects.select_for_update()
        .filter(target=target, period=period, year=year, figure=figure)
        .first()
    )
    values = {**result_fields(text), "source_note": note}
    if result is not None and result.raw_text != text:
        values.update(UNCHECKED)  # a new figure needs a new look
    if result is None:
        if expected_version not in (None, 0):
            raise ConflictError(Result(target=target, period=period, year=year, raw_text=""))
        result = Result(target=target, period=period, year=year, figure=figure, entered_by=user, **values)
        _audit(result, user, change_reason)
        result.save()
        return result
    if expected_version is not None and expected_version != result.version:
        raise ConflictError(result)
    if _set_if_changed(result, values):
        result.version += 1
        result.entered_by = user or result.entered_by
        _audit(result, user, change_reason)
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
    _audit(result, user, reason.strip() or "Bỏ điều chỉnh đánh giá")
    result.save()
    refresh_tallies([result.target.resolution_id])
    return result


@transaction.atomic
def save_resolution(resolution: Resolution, user: AbstractBaseUser | None = None) -> Resolution:
    """Save a resolution edited by hand (title, code, rule settings "mức vượt" and "Cơ bản đạt").

    The rule settings change verdicts, so the resolution's tallies are recounted in the same transaction.
    """
    resolution.full_clean()
    _audit(resolution, user)
    resolution.save()
    refresh_tallies([resolution.pk])
    return resolution


@transaction.atomic
def save_target(target: Target, user: AbstractBaseUser | None = None, reason: str = "") -> Target:
    """Save a target edited by hand: its text's parsed meaning is stored beside it, its catalogue link and
    direction decided as for imported tables (``link_target``), its resolution recounted."""
    for name, value in target_fields((target.target_text or "").strip()).items():
        setattr(target, name, value)
    link_target(target, user)
    _audit(target, user, reason)
    target.save()
    refresh_tallies([target.resolution_id])
    return target


@transaction.atomic
def delete_target(target: Target, user: AbstractBaseUser | None = None) -> None:
    """Delete a target (its parts and results with it) and recount its resolution."""
    resolution_id = target.resolution_id
    _audit(target, user, "Xóa chỉ tiêu")
    target.delete()
    refresh_tallies([resolution_id])


@transaction.atomic
def delete_result(result: Result, user: AbstractBaseUser | None = None) -> None:
    """Delete a figure of a period that is neither submitted nor approved, and recount its resolution."""
    locked = lock_reason(result.target.resolution, result.period, result.year)
    if locked:
        raise LockedError(locked)
    resolution_id = result.target.resolution_id
    _audit(result, user, "Xóa số liệu")
    result.delete()
    refresh_tallies([resolution_id])


@transaction.atomic
def save_congress(congress: Congress) -> Congress:
    """Save a congress edited by hand; its term decides its resolutions' periods, so they are recounted."""
    congress.full_clean()
    congress.save()
    refresh_tallies(congress.resolutions.values_list("pk", flat=True))
    return congress


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
    _audit(result, user, f"Xác nhận số liệu đúng như đã ghi: {reason}")
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


def _audit(obj: Any, user: AbstractBaseUser | None, reason: str = "") -> None:
    """Tell simple-history who made the change (also outside a request: commands, imports, tests)."""
    if user is not None and user.is_authenticated:
        obj._history_user = user
    if reason:
        obj._change_reason = reason


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


def entry_unit(target: Target) -> str:
    """The unit a figure is entered in (``Target.figure_unit``)."""
    return target.figure_unit


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


# --------------------------------------------------------------------------- directions and the catalogue


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
    _audit(target, user, reason.strip() or f"Xác nhận chiều đánh giá: {label}")
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
        _audit(indicator, user, why)
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
        _audit(obj, user, "Đồng bộ danh mục chỉ số")
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
    _audit(indicator, user, "Lấy lại nội dung danh mục chung")
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


__all__ = [
    "ApplySummary", "ConflictError", "DocumentError", "LockedError", "apply_document",
    "record_result", "set_override", "is_locked", "lock_reason", "LOCK_MESSAGES", "after_committee_ended", "target_fields", "result_fields",
    "Entry", "EntryError", "record_results", "validate_entry_text", "entry_unit", "target_name", "confirm_figure",
    "correct_figure", "confirm_direction", "set_indicator_direction", "sync_catalogue", "CatalogueSync",
    "direction_fields", "link_target", "Catalogue", "restore_catalogue_entry",
    "save_resolution", "save_target", "delete_target", "delete_result", "save_congress", "refresh_tallies",
]
