"""Quality ratings of subordinate organisations: the only writes of rating counts, and the reads pages need.

Writes (transactions, audited): ``save_ratings`` (one committee and year, every subject) and
``save_many`` (a whole Phụ lục 3 table); ``link_rating_target`` (a target judged from the ratings).
Saving counts recomputes the yearly results of the targets judged from them (``sync_rating_results``,
through ``services.record_result``: the same locks and audit as any figure); so these writes change
verdicts. Reads: ``ratings_table`` (a committee's subordinates, their sums up the hierarchy, the
checks) and ``rated_targets``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from indicators.expressions import Kind
from indicators.numbers import format_number
from indicators.ratings import GRADES, Counts, Measure, Subject, format_rate, problems, rate, roll_up, share, total
from resolutions.models import Committee, RatingCount, RatingTarget, Resolution, Result, Target
from resolutions.services import DocumentError, LockedError, audit, record_result

COUNT_FIELDS = [f.name for f in fields(Counts)]
__all__ = ["COUNT_FIELDS", "Measure", "RatingEntry", "RatingRow", "RatingsTable", "SaveSummary", "Subject",
           "SubjectTable", "link_rating_target", "problems", "rated_targets", "ratings_table", "save_many",
           "save_ratings", "sync_rating_results"]


@dataclass
class RatingEntry:
    """One subject's counts for a committee and year, as typed or read from a table."""

    subject: Subject
    counts: Counts
    note: str | None = None  # None: keep the stored note (a table read back carries no notes)
    where: str = ""  # for messages: "Trang 'Phụ lục 3', dòng 9"


@dataclass
class SaveSummary:
    """What a save did: rows created, updated, unchanged, removed, and the results recomputed."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        text = (f"Tạo mới {len(self.created)}, cập nhật {len(self.updated)}, không đổi {len(self.unchanged)}, "
                f"xóa {len(self.removed)} dòng xếp loại.")
        if self.results:
            text += f" Cập nhật {len(self.results)} kết quả chỉ tiêu tính từ xếp loại."
        return text


def entry_errors(committee: Committee, entries: Iterable[RatingEntry]) -> list[str]:
    """Counts the database refuses (the number rated above the total), named by row and column."""
    errors = []
    for entry in entries:
        c = entry.counts
        if c.total is not None and c.rated is not None and c.rated > c.total:
            where = entry.where or f"{committee.name}, {entry.subject.label}"
            errors.append(f"{where}: số được đánh giá, xếp loại ({c.rated}) lớn hơn tổng số ({c.total}).")
    return errors


def _write(committee: Committee, year: int, entries: list[RatingEntry], user: AbstractBaseUser | None,
           summary: SaveSummary, expected: dict[str, int] | None) -> None:
    existing = {r.subject: r for r in RatingCount.objects.select_for_update().filter(committee=committee, year=year)}
    conflicts = [
        f"{committee.name}, năm {year}: số liệu {entry.subject.label.lower()} vừa được người khác lưu; hãy tải lại trang."
        for entry in entries
        if expected is not None and entry.subject.value in expected
        and expected[entry.subject.value] != (existing[entry.subject.value].version if entry.subject.value in existing else 0)
    ]
    if conflicts:
        raise DocumentError(conflicts)
    for entry in entries:
        label = f"{committee.name}, năm {year}: {entry.subject.label}"
        row = existing.get(entry.subject.value)
        values = {name: getattr(entry.counts, name) for name in COUNT_FIELDS}
        note = (row.source_note if row is not None else "") if entry.note is None else entry.note.strip()
        if entry.counts.is_empty and not note:
            if row is not None:
                audit(row, user, "Xóa số liệu xếp loại")
                row.delete()
                summary.removed.append(label)
            continue
        if row is None:
            row = RatingCount(committee=committee, year=year, subject=entry.subject.value, entered_by=user,
                              source_note=note, **values)
            row.full_clean()
            audit(row, user, "Nhập số liệu xếp loại")
            row.save()
            summary.created.append(label)
            continue
        changed = {k: v for k, v in {**values, "source_note": note}.items() if getattr(row, k) != v}
        if not changed:
            summary.unchanged.append(label)
            continue
        for name, value in changed.items():
            setattr(row, name, value)
        row.version += 1
        row.entered_by = user or row.entered_by
        row.full_clean()
        audit(row, user, "Sửa số liệu xếp loại")
        row.save()
        summary.updated.append(label)


@transaction.atomic
def save_many(
    year: int, entries: dict[Committee, list[RatingEntry]], *, user: AbstractBaseUser | None = None,
    dry_run: bool = False, expected: dict[int, dict[str, int]] | None = None,
) -> SaveSummary:
    """Save several committees' counts for ``year`` at once: all or nothing.

    Raises ``DocumentError`` naming every refused count (or a row someone else saved since
    ``expected``: committee id → subject → the version loaded, 0 for none), ``LockedError`` when a
    target judged from the ratings has its period approved. With ``dry_run`` nothing is kept.
    """
    errors = [e for committee, items in entries.items() for e in entry_errors(committee, items)]
    if errors:
        raise DocumentError(errors)
    summary = SaveSummary()
    for committee, items in entries.items():
        _write(committee, year, items, user, summary, (expected or {}).get(committee.pk) if expected else None)
    summary.results = sync_rating_results(list(entries), year, user)
    if dry_run:
        transaction.set_rollback(True)
    return summary


def save_ratings(
    committee: Committee, year: int, entries: list[RatingEntry], *, user: AbstractBaseUser | None = None,
    expected: dict[str, int] | None = None,
) -> SaveSummary:
    """Save one committee's counts for ``year`` (each subject given; an all-empty subject is removed).

    ``expected``: subject → the version the user loaded (0: none), to refuse overwriting a concurrent save.
    """
    return save_many(year, {committee: entries}, user=user,
                     expected={committee.pk: expected} if expected is not None else None)


# --------------------------------------------------------------------------- targets judged from the ratings


def _ancestors_and_self(committees: Iterable[Committee]) -> set[int]:
    parents = dict(Committee.objects.values_list("pk", "parent_id"))
    out: set[int] = set()
    for committee in committees:
        current: int | None = committee.pk
        while current is not None and current not in out:
            out.add(current)
            current = parents.get(current)
    return out


def years_judged(resolution: Resolution) -> set[int]:
    """The years whose ratings give a resolution's targets a result: the term's years; for an annual
    resolution its year and the year before (annual resolutions carry last year's figures beside the target)."""
    if resolution.kind == Resolution.Kind.ANNUAL and resolution.year:
        return {resolution.year, resolution.year - 1}
    congress = resolution.congress
    return set(range(congress.term_start + 1, congress.term_end + 1))


def aggregated_counts(committee_ids: Iterable[int], year: int) -> dict[tuple[int, str], Counts]:
    """(committee, subject) → counts summed up the hierarchy (``indicators.ratings.roll_up``), for ``year``."""
    parents = dict(Committee.objects.values_list("pk", "parent_id"))
    own: dict[str, dict[int, Counts]] = defaultdict(dict)
    for row in RatingCount.objects.filter(year=year):
        own[row.subject][row.committee_id] = row.counts
    wanted = set(committee_ids)
    out = {}
    for subject, entered in own.items():
        for pk, counts in roll_up(parents, entered).items():
            if pk in wanted:
                out[(pk, subject)] = counts
    return out


def result_text(counts: Counts, subject: Subject, measure: Measure, year: int) -> tuple[str, str]:
    """(figure, note) of a target judged from ``counts``: "100" and "Tính từ số liệu xếp loại năm 2024: 49/49 ..."."""
    part = share(counts, measure)
    if part.rate is None:
        return "", ""
    note = (f"Tính từ số liệu xếp loại chất lượng năm {year}: {part.part}/{part.base} {subject.noun} "
            f"{measure.label}.")
    return format_number(part.rate), note


def sync_rating_results(committees: list[Committee], year: int, user: AbstractBaseUser | None = None) -> list[str]:
    """Recompute the year's results of the targets judged from the ratings of ``committees`` and those above.

    A result is written (or updated) through ``services.record_result`` when the counts give a rate;
    raises ``LockedError`` when that period is approved. Returns the targets whose result changed.
    """
    ids = _ancestors_and_self(committees)
    links = list(
        RatingTarget.objects.filter(target__resolution__congress__committee_id__in=ids)
        .select_related("target__resolution__congress")
    )
    if not links:
        return []
    counts = aggregated_counts({link.target.resolution.congress.committee_id for link in links}, year)
    changed = []
    for link in links:
        target = link.target
        if year not in years_judged(target.resolution):
            continue
        subject, measure = Subject(link.subject), Measure(link.measure)
        found = counts.get((target.resolution.congress.committee_id, subject.value))
        if found is None:
            continue
        text, note = result_text(found, subject, measure, year)
        if not text:
            continue
        before = (Result.objects.filter(target=target, period=Result.Period.YEAR, year=year,
                                        figure=Result.Figure.OFFICIAL).values_list("raw_text", "source_note").first())
        if before == (text, note):
            continue
        try:
            record_result(target, period=Result.Period.YEAR, year=year, text=text, note=note, user=user)
        except LockedError as exc:
            raise LockedError(f"{target}: {exc} (số liệu năm {year} tính từ xếp loại chất lượng)") from exc
        changed.append(str(target))
    return changed


@transaction.atomic
def link_rating_target(
    target: Target, subject: Subject, measure: Measure, *, user: AbstractBaseUser | None = None
) -> RatingTarget:
    """Judge ``target`` from the ratings: its yearly results become the share ``measure`` of ``subject``.

    The target must be a numeric percentage target ("trên 90%"). Results are computed at once for
    every year that has counts. Raises ``DocumentError`` otherwise.
    """
    expr = target.expression
    if not expr.is_numeric or expr.kind == Kind.QUALITATIVE:
        raise DocumentError([f"{target}: chỉ tiêu tính từ xếp loại phải có mục tiêu là một tỷ lệ (ví dụ 'trên 90%')."])
    if "%" not in (target.unit + target.target_text):
        raise DocumentError([f"{target}: chỉ tiêu tính từ xếp loại phải tính theo tỷ lệ phần trăm (%)."])
    link, created = RatingTarget.objects.get_or_create(
        target=target, defaults={"subject": subject.value, "measure": measure.value, "created_by": user}
    )
    if not created and (link.subject, link.measure) != (subject.value, measure.value):
        link.subject, link.measure = subject.value, measure.value
        audit(link, user, "Đổi cách tính từ xếp loại")
        link.save()
    committee = target.resolution.congress.committee
    years = set(RatingCount.objects.filter(Q(committee=committee) | Q(committee__parent=committee))
                .values_list("year", flat=True))
    for year in sorted(years & years_judged(target.resolution)):
        sync_rating_results([committee], year, user)
    return link


# --------------------------------------------------------------------------- reads


@dataclass
class RatingRow:
    """One committee's counts of a subject (summed from below, or its own) with the rates and what does not add up."""

    committee: Committee
    counts: Counts
    subject: Subject
    summed: bool = False  # counts come from the committees below it
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.committee.name

    @property
    def grades(self) -> list[tuple[int | None, str]]:
        """(count, rate as text) per grade, best first: the table's cells."""
        base = self.counts.base
        return [(self.counts.grade(g), format_rate(rate(self.counts.grade(g), base))) for g in GRADES]

    @property
    def good_or_better(self) -> str:
        """The rate "từ hoàn thành tốt nhiệm vụ trở lên" as text (what targets speak of)."""
        return format_rate(share(self.counts, Measure.GOOD_OR_BETTER).rate)

    @property
    def problems(self) -> list[str]:
        return problems(self.counts, self.subject)


@dataclass
class SubjectTable:
    """One subject of the ratings table: the rows, their total from summed counts, the committee's own entry."""

    subject: Subject
    rows: list[RatingRow]
    total: RatingRow
    own: RatingRow | None = None
    mismatch: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def flags(self) -> list[str]:
        """Every inconsistency of this subject: each row's, the total's (when several rows), own entry vs total."""
        out = [f"{row.name}: {problem}" for row in self.rows for problem in row.problems]
        if len(self.rows) > 1:
            out += [f"Cộng: {problem}" for problem in self.total.problems]
        return out + self.mismatch


@dataclass
class RatingsTable:
    """A committee's ratings for a year (its page and Phụ lục 3), one section per subject with counts."""

    committee: Committee
    year: int
    sections: list[SubjectTable]

    @property
    def has_flags(self) -> bool:
        return any(section.flags for section in self.sections)


def _mismatch(own: Counts, summed: Counts, committee: Committee) -> list[str]:
    out = []
    for name, label in (("total", "tổng số"), ("rated", "số được xếp loại"), ("excellent", "HTXSNV"),
                        ("good", "HTTNV"), ("completed", "HTNV"), ("failed", "Không HTNV")):
        a, b = getattr(own, name), getattr(summed, name)
        if a is not None and b is not None and a != b:
            out.append(f"{committee.name} ghi {label} {a}, cộng các đảng bộ cấp dưới được {b}.")
    return out


def ratings_table(committee: Committee, year: int, visible_ids: set[int] | None = None) -> RatingsTable:
    """The ratings page and Phụ lục 3 of ``committee`` for ``year``: two queries.

    Per subject, the rows are the committees directly below with counts (summed up from further below
    when they have subordinates with counts); when none has, the committee's own counts are the only
    row. The total is always the sum of the rows' counts; the committee's own entry, when it also has
    one, is shown beside it and every difference is flagged.
    """
    committees = {c.pk: c for c in Committee.objects.all()}
    parents = {pk: c.parent_id for pk, c in committees.items()}
    own: dict[str, dict[int, Counts]] = defaultdict(dict)
    notes: dict[str, str] = {}
    for entry in RatingCount.objects.filter(year=year):
        own[entry.subject][entry.committee_id] = entry.counts
        if entry.committee_id == committee.pk and entry.source_note:
            notes[entry.subject] = entry.source_note
    children = sorted(
        (c for c in committees.values() if c.parent_id == committee.pk and (visible_ids is None or c.pk in visible_ids)),
        key=lambda c: c.name,
    )
    sections = []
    for subject in Subject:
        entered = own.get(subject.value, {})
        if not entered:
            continue
        rolled = roll_up(parents, entered)
        has_below = {parents.get(pk) for pk in entered}
        rows = [RatingRow(c, rolled[c.pk], subject, summed=c.pk in has_below) for c in children if c.pk in rolled]
        mine = entered.get(committee.pk)
        if not rows and mine is None:
            continue
        if not rows:
            rows = [RatingRow(committee, mine, subject, label=f"{committee.name} (toàn đảng bộ)")]  # type: ignore[arg-type]
            mine = None
        summed = total(row.counts for row in rows)
        section = SubjectTable(subject, rows, RatingRow(committee, summed, subject, summed=True, label="Cộng"),
                               note=notes.get(subject.value, ""))
        if mine is not None:
            section.own = RatingRow(committee, mine, subject, label=f"Số liệu {committee.name} báo cáo")
            section.mismatch = _mismatch(mine, summed, committee)
        sections.append(section)
    return RatingsTable(committee, year, sections)


def rating_years(committee: Committee) -> list[int]:
    """Years with counts for ``committee`` or the committees directly below it, newest first (one query)."""
    return sorted(set(RatingCount.objects.filter(Q(committee=committee) | Q(committee__parent=committee))
                      .values_list("year", flat=True)), reverse=True)


def rated_targets(committee: Committee) -> list[RatingTarget]:
    """The targets of ``committee``'s resolutions judged from its ratings, with their resolutions (one query)."""
    return list(
        RatingTarget.objects.filter(target__resolution__congress__committee=committee)
        .select_related("target__resolution__congress").order_by("target__resolution_id", "target__order")
    )
