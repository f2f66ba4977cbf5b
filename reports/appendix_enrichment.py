"""Filling in what a typed appendix table cannot say, from the database, before it is imported.

A table read from a file (``ReadResult``) states names, targets and figures; the resolution already
stored (and the exporter's hidden sheet, for an export read back) knows more: catalogue links, term
bases, notes, verdicts, which figures are estimates. ``enrich`` carries that over so importing a
table changes only what the table changes. Reads only; ``resolutions.services.apply_document`` writes.
"""

from __future__ import annotations

from typing import Any

from indicators.statuses import parse_status
from indicators.text import fold_text
from reports.excel.shapes import ImportRequest, ReadResult
from resolutions.documents import TargetRow, walk
from resolutions.models import Committee, Resolution, Result
from resolutions.verdicts import rows_for


def enrich(read: ReadResult, committee: Committee, request: ImportRequest) -> None:
    """Fill in what the table cannot say, so importing a table changes only what it changes.

    - Rows the exporter's hidden sheet describes already carry their catalogue key, direction (and
      where it came from), term basis, notes, document verdicts and overrides; a new resolution also
      takes its title, number, date and evaluation settings from it, and the indicators it names.
    - Other rows at the same position with the same name as the existing resolution keep their
      catalogue indicator, term basis, note (and unit, when the layout has no unit column), and
      result notes; a verdict equal to the one the system shows keeps the document's verdict.
    - Estimates: see ``_keep_existing``.
    Other rows are linked to the indicator catalogue by their wording by ``apply_document``
    (``indicators.matching``), which also guesses the direction of rows that match nothing.
    Reads only; ``apply_document`` writes.
    """
    doc = read.doc
    resolution = (
        Resolution.objects.with_context()
        .filter(congress__committee=committee, congress__ordinal=doc.ordinal, kind=doc.kind,
                year=doc.year if doc.kind == "annual" else None)
        .first()
    )
    if resolution is not None:
        doc.title, doc.source, doc.code, doc.issued_on = (
            resolution.title, resolution.source, resolution.code, resolution.issued_on)
    elif read.meta is not None:
        meta = read.meta
        doc.title, doc.code, doc.issued_on = meta.title or doc.title, meta.code, meta.issued_on
        doc.exceed_margin, doc.basic_band = meta.exceed_margin, meta.basic_band
    if read.meta is not None:
        doc.indicators = list(read.meta.indicators)
    typed = [(row, parent) for section in doc.sections for row, parent in walk(section.targets)]
    if not any(id(row) not in read.meta_rows for row, _parent in typed):
        return  # every row is described by the hidden sheet
    existing: dict[int, Any] = {}
    if resolution is not None:
        main_period = ("year", resolution.year) if doc.kind == "annual" else ("term", None)
        existing = {row.target.order: row for row in rows_for(resolution, *main_period)}
    for order, (row, _parent) in enumerate(typed, start=1):
        if id(row) in read.meta_rows:
            continue
        old = existing.get(order)
        if old is not None and fold_text(old.target.name) == fold_text(row.name):
            _keep_existing(row, old, read)


def _keep_existing(row: TargetRow, old: Any, read: ReadResult) -> None:
    """Keep what the stored row knows and a typed table does not say.

    Estimates: a table that marks no figure as an estimate (no "(ước)", no "Ước thực hiện" or
    "(chính thức)" column) says nothing about them, so a figure for a period that has only an
    estimate updates that estimate (one figure per period, still an estimate) and the preview says
    so. In a table that marks estimates, an unmarked figure is official and is kept beside the
    estimate (DOMAIN: both are kept, the official one decides).
    """
    target = old.target
    row.indicator = target.indicator.key if target.indicator_id else ""
    row.basis = target.term_basis
    row.note = row.note or target.note
    if not read.has_unit:
        row.unit = target.unit
    results = list(target.results.all())
    for res in row.results:
        same = [r for r in results if r.period == res.period and r.year == res.year]
        official = next((r for r in same if r.figure == Result.Figure.OFFICIAL), None)
        estimate = next((r for r in same if r.figure == Result.Figure.ESTIMATE), None)
        if not res.estimate and not read.marks and official is None and estimate is not None:
            res.estimate = True
            if estimate.raw_text != res.text:
                read.warnings.append(
                    f"{res.where}: '{res.text}' không ghi “(ước)”; bảng không đánh dấu số ước nên số này thay số ước "
                    f"'{estimate.raw_text}' đã có và vẫn là số ước. Nếu là số chính thức, ghi tiêu đề cột "
                    "“Kết quả thực hiện (chính thức)” rồi nhập lại."
                )
        stored = estimate if res.estimate else official
        if stored is None:
            continue
        res.note = res.note or stored.source_note
        if not read.has_verdict:
            res.reported = stored.reported_text
        elif old.result is not None and old.result.pk == stored.pk:
            # The table repeats the verdict the system shows (an export read back): the
            # document's own reported verdict stays.
            if not res.reported or parse_status(res.reported) == old.status:
                res.reported = stored.reported_text
