"""Importing an appendix file (an .xlsx workbook or a .docx Word report) into the database.

Reading never writes: ``read_appendix`` sends the bytes to the Word reader (``reports.word.reader``)
or the workbook reader (``reports.excel.reader``), which give a document plus the list of every bad
cell (sheet or table, row, column, in Vietnamese). ``run_import`` then fills in what the stored data
knows (``reports.appendix_enrichment.enrich``), writes it through
``resolutions.services.apply_document`` inside one transaction (all or nothing; a dry run rolls
back) and always leaves an ``ImportLog``, also when the file was refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from indicators.text import fold_text
from reports.appendix_enrichment import enrich
from reports.excel.collector import paused_collector
from reports.excel.reader import read_excel_appendix
from reports.excel.safety import WorkbookError, sha256_of
from reports.excel.shapes import ImportRequest, ReadResult
from reports.models import ImportLog
from reports.word.reader import read_word_appendix
from reports.word.safety import looks_like_word
from resolutions import labels
from resolutions.documents import walk
from resolutions.lookup import LookupError_, find_committee, normalise_name
from resolutions.models import Committee, Resolution
from resolutions.services import ApplySummary, DocumentError, apply_document, validate_document

OVERRIDE_PERMISSION = "resolutions.override_result"


def read_appendix(data: bytes, request: ImportRequest) -> ReadResult:
    """Read an appendix file into a document: a Word report by the Word reader, anything else by
    the workbook reader. Raises ``WorkbookError`` for file-level problems (not an xlsx or docx, no
    or several matching sheets or tables, too many rows); cell problems are in ``errors``.
    """
    if looks_like_word(data, request.file_name):
        return read_word_appendix(data, request)
    return read_excel_appendix(data, request)


# --------------------------------------------------------------------------- the committee


def committee_level(name: str) -> str:
    """Level guessed from the name: huyện/quận/thị xã → district, xã/phường/thị trấn → commune."""
    words = f" {normalise_name(name).lower()} "
    if any(w in words for w in (" huyện ", " quận ", " thị xã ")):
        return Committee.Level.DISTRICT
    if any(w in words for w in (" xã ", " phường ", " thị trấn ")):
        return Committee.Level.COMMUNE
    return Committee.Level.PROVINCE


def get_or_create_committee(name: str, ordinal: int) -> Committee:
    """``find_committee``, or a new committee of that name (command line imports only)."""
    try:
        committee = find_committee(name, ordinal)
    except LookupError_ as exc:
        raise DocumentError([str(exc)]) from exc
    if committee is not None:
        return committee
    base = slugify(fold_text(name))[:70] or "dang-bo"
    key, n = base, 1
    while Committee.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    committee = Committee(key=key, name=normalise_name(name), level=committee_level(name))
    committee.full_clean()
    committee.save()
    return committee


# --------------------------------------------------------------------------- the import


@dataclass
class ImportOutcome:
    """What an import did: the log row, the summary (None when refused) and every message."""

    log: ImportLog
    summary: ApplySummary | None
    errors: list[str]
    warnings: list[str]
    sheet: str = ""

    @property
    def succeeded(self) -> bool:
        """Nothing was refused."""
        return not self.errors

    def report(self) -> str:
        """The summary text shown on screen and printed by the command."""
        return self.log.summary if self.succeeded else "\n".join(self.errors)


def _with_rows(labels: list[str], rows: dict[str, list[int]], read: ReadResult) -> list[str]:
    """Each label with the sheet row it came from ("Dòng 12: ..."), rows taken in order."""
    out = []
    for label in labels:
        found = rows.get(label)
        out.append(f"{read.row_label(found.pop(0))}: {label}" if found else label)
    return out


def summary_text(summary: ApplySummary, read: ReadResult, dry_run: bool) -> str:
    """Counts and the rows concerned, with sheet row numbers."""
    rows: dict[str, list[int]] = defaultdict(list)
    numbered: dict[int, str] = {}  # each row's own number, else its nearest numbered parent's
    for section in read.doc.sections:
        for row, parent in walk(section.targets):
            inherited = numbered.get(id(parent), "") if parent is not None else ""
            numbered[id(row)] = row.number if labels.numbered(row.number) else inherited
            n = read.row_numbers.get(id(row))
            if n is None:
                continue
            # The same labels as services.apply_document's summary, so each finds its sheet row.
            label = labels.target_label(row.number, row.name, inherited)
            rows[label].append(n)
            for res in row.results:
                rows[labels.result_label(label, res.period, res.year)].append(n)
    c = summary.counts()
    head = "Chạy thử (chưa ghi gì): " if dry_run else ""
    lines = [f"{head}{read.place.lower()} '{read.sheet}': tạo mới {c['created']}, cập nhật {c['updated']}, "
             f"không đổi {c['unchanged']}, từ chối 0."]
    if summary.changes_nothing:
        lines.append("Tệp không có gì khác với dữ liệu đang lưu: nhập tệp này không thay đổi gì.")
    for title, names in (("Tạo mới", summary.created), ("Cập nhật", summary.updated)):
        if names:
            lines.append(f"{title}:")
            lines.extend(f"  - {x}" for x in _with_rows(names, rows, read))
    lines.extend(summary.notes)
    lines.extend(direction_lines(summary))
    lines.extend(read.warnings)
    return "\n".join(lines)


def direction_lines(summary: ApplySummary) -> list[str]:
    """The preview's lines on catalogue links made by wording and on guessed directions."""
    lines = []
    if summary.linked:
        lines.append("Gắn với danh mục chỉ số theo tên (xem lại nếu chưa đúng):")
        lines.extend(f"  - {x}" for x in summary.linked)
    if summary.guessed:
        lines.append("Chiều đánh giá do hệ thống suy đoán, cần xác nhận (đánh giá các dòng này dùng chiều đã đoán "
                     "cho đến khi có người xác nhận ở trang chỉ tiêu):")
        lines.extend(f"  - {x}" for x in summary.guessed)
    return lines


def run_import(
    data: bytes,
    request: ImportRequest,
    *,
    committee: Committee | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Read and import a workbook in one transaction; always log (``ImportLog``), also on failure.

    ``committee`` is the committee chosen by the signed-in user (admin); without it the committee
    is found by ``request.committee_name`` and created when missing (command line). Nothing is
    written when any cell is bad or with ``dry_run``.
    """
    with paused_collector():
        return _run_import(data, request, committee=committee, user=user, dry_run=dry_run)


def _run_import(
    data: bytes, request: ImportRequest, *, committee: Committee | None, user: AbstractBaseUser | None,
    dry_run: bool,
) -> ImportOutcome:
    sha = sha256_of(data)
    errors: list[str] = []
    warnings: list[str] = []
    summary: ApplySummary | None = None
    read: ReadResult | None = None
    used_committee = committee
    try:
        read = read_appendix(data, request)
        warnings = read.warnings
        with transaction.atomic():
            used_committee = committee or get_or_create_committee(request.committee_name, request.ordinal)
            read.doc.committee_name = used_committee.name
            enrich(read, used_committee, request)
            problems = read.errors + validate_document(read.doc)
            if problems:
                raise DocumentError(problems)
            may_override = user is None or user.has_perm(OVERRIDE_PERMISSION)
            summary = apply_document(read.doc, used_committee, user=user, dry_run=dry_run, may_override=may_override,
                                     validated=True)
            if dry_run:
                transaction.set_rollback(True)
    except (WorkbookError, DocumentError) as exc:
        errors = exc.messages
    except ValidationError as exc:
        errors = [f"Dữ liệu không hợp lệ: {m}" for m in exc.messages]
    except DatabaseError as exc:
        errors = [f"Không ghi được vào cơ sở dữ liệu: {exc}"]
    if errors:
        summary = None
    if used_committee is not None and used_committee.pk is not None:
        # A committee created inside a rolled-back transaction no longer exists.
        used_committee = Committee.objects.filter(pk=used_committee.pk).first()
    resolution_id = summary.resolution_id if summary is not None else None
    resolution = Resolution.objects.filter(pk=resolution_id).first() if resolution_id else None
    counts = summary.counts() if summary is not None else {"created": 0, "updated": 0, "unchanged": 0}
    log = ImportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        file_name=(request.file_name or "")[:255], sha256=sha, layout=str(request.layout),
        committee=used_committee, resolution=resolution, dry_run=dry_run,
        created_count=counts["created"], updated_count=counts["updated"],
        unchanged_count=counts["unchanged"], refused_count=len(errors),
        summary=summary_text(summary, read, dry_run) if summary is not None and read is not None else "",
        errors="\n".join(errors), succeeded=not errors,
    )
    return ImportOutcome(log=log, summary=summary, errors=errors, warnings=warnings,
                         sheet=read.sheet if read is not None else "")
