"""Applying a whole resolution document (Excel/Word import, seeds): validate it, then write it in bulk."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.basis import guess_basis
from indicators.expressions import parse_text
from indicators.matching import Match, is_heading
from indicators.models import Indicator
from indicators.statuses import PERSON_VERDICTS, Status, parse_status
from indicators.text import fold_text
from resolutions import in_force, labels
from resolutions.audit import system_user
from resolutions.documents import ResolutionDoc, ResultRow, TargetRow, walk
from resolutions.models import Committee, Congress, Resolution, Result, Section, Submission, Target
from resolutions.services.common import (
    UNCHECKED,
    DocumentError,
    audit,
    check_figure,
    result_fields,
    set_if_changed,
    target_fields,
    validate_result_text,
)
from resolutions.services.directions import DIRECTIONS, Catalogue, direction_fields, guessed_direction
from resolutions.services.locks import LOCK_MESSAGES
from resolutions.tallies import refresh_tallies

BASES = {"latest", "sum", "mean", "growth_mean"}


@dataclass
class ApplySummary:
    """What a write did (or would do, in a dry run): counts and the rows concerned."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    resolution_id: int | None = None
    notes: list[str] = field(default_factory=list)  # what was left as it was, and why
    linked: list[str] = field(default_factory=list)  # rows linked to the catalogue by their wording
    guessed: list[str] = field(default_factory=list)  # rows judged by a guessed, unconfirmed direction

    @property
    def changes_nothing(self) -> bool:
        return not self.created and not self.updated

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
        elif set_if_changed(section, values):
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
            if set_if_changed(indicator, {"aliases": "\n".join(merged)}):
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
    elif set_if_changed(resolution, res_values):
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
        basis = row.basis or (target.term_basis if target is not None else "")
        if not basis:  # the row's own words are read only when neither the table nor the stored target says
            worded = guess_basis(row.name, row.target, row.unit)
            basis = worded.value if worded is not None else (indicator.basis if indicator is not None else "latest")
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
        elif set_if_changed(target, values):
            target.name_folded = fold_text(target.name)
            self.changed_targets.append(target)
            self.changed_columns.update(values)
            summary.updated.append(label)
        else:
            summary.unchanged.append(label)
        if target.direction_unconfirmed:
            reason = guessed_direction(row.name, row.target, tuple(context)).reason
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
        changed = set_if_changed(result, values)
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
                audit(obj, self.history_user, HISTORY_REASON)
                obj.save()
            return
        bulk_create_with_history(objs, model, batch_size=_BATCH, **self._history())

    def _update(self, objs: list[Any], model: type[Any], fields: list[str]) -> None:
        if objs:
            bulk_update_with_history(objs, model, fields, batch_size=_BATCH, **self._history())
