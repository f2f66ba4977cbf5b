"""Issued reports stay as issued: "Phát hành" freezes a scoreboard or an appendix for a resolution and period.

``issue`` (one transaction) writes an ``IssuedReport`` with a snapshot of every row as the pages show
it (target in force and its original, figure, verdict, the rule's verdict and explanation, override,
document's verdict), the resolution's evaluation rules, what the caller adds (the headline), and the
files the caller built (Excel, Word, any format: ``FilePayload``), with who and when. Nothing changes
it afterwards. ``compare`` (pure) and ``changes_since`` say what changed after issuing: "đã thay đổi
sau khi phát hành", figure by figure, verdict by verdict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from indicators.numbers import format_number
from resolutions import access
from resolutions.in_force import original_note
from resolutions.models import IssuedFile, IssuedReport, Resolution, Result
from resolutions.verdicts import Row, rows_for, rules_for
from resolutions.workflow import period_label

SNAPSHOT_FORMAT = 1
ISSUE_PERMISSION = "resolutions.issue_report"


class IssueError(Exception):
    """Issuing is not allowed or not possible; ``str()`` is a Vietnamese message."""


@dataclass(frozen=True)
class FilePayload:
    """A file to freeze with the issued report: its format ("xlsx", "docx", ...), name, type and bytes."""

    format: str
    file_name: str
    content_type: str
    content: bytes


def _decimal(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def snapshot_row(row: Row) -> dict[str, Any]:
    """One row as the pages show it, in JSON-safe values (decimals as strings)."""
    target = row.target
    section = target.section
    return {
        "target_id": target.pk,
        "order": target.order,
        "number": target.number,
        "name": target.name,
        "depth": row.depth,
        "section": f"{section.code} {section.title}".strip() if section is not None else "",
        "unit": target.unit,
        "target_text": row.target_text,
        "original_target_text": target.target_text,
        "adjustment": original_note(target, row.adjustment) if row.adjustment is not None else "",
        "figure_text": row.figure_text,
        "estimate": bool(row.result is not None and row.result.figure == Result.Figure.ESTIMATE),
        "term_note": row.term_note,
        "status": row.status.value,
        "status_label": row.status.label,
        "rule_status": row.verdict.status.value,
        "rule_status_label": row.verdict.status.label,
        "rule": row.verdict.rule,
        "explanation": row.verdict.explanation,
        "rate": _decimal(row.verdict.rate),
        "overridden": row.overridden,
        "override_reason": row.result.override_reason if row.overridden and row.result is not None else "",
        "reported": row.reported.value if row.reported is not None else None,
        "reported_label": row.reported.label if row.reported is not None else "",
    }


def rules_snapshot(resolution: Resolution) -> dict[str, str | None]:
    """The resolution's evaluation settings, as they were."""
    rules = rules_for(resolution).rules
    return {"exceed_margin": _decimal(rules.exceed_margin), "basic_band": _decimal(rules.basic_band)}


def may_issue(user: AbstractBaseUser | AnonymousUser, resolution: Resolution) -> bool:
    """The committee's own office (or an administrator) with the permission "Được phát hành ..."."""
    return bool(user.is_authenticated and user.has_perm(ISSUE_PERMISSION)
                and access.can_resolution(user, "edit", resolution))


@transaction.atomic
def issue(
    resolution: Resolution,
    *,
    kind: str,
    period: str,
    year: int | None,
    user: AbstractBaseUser,
    files: Sequence[FilePayload] = (),
    layout: str = "",
    appendix: str = "",
    title: str = "",
    note: str = "",
    describe: Callable[[list[Row]], dict[str, Any]] | None = None,
) -> IssuedReport:
    """Freeze the resolution's rows for the period as they are now, with ``files``; returns the new version.

    ``describe`` adds what the caller shows above the rows (the headline), computed from the same rows.

    Raises ``IssueError`` when the user may not issue for this committee, the period is not one of the
    resolution's, or two files share a format.
    """
    if not may_issue(user, resolution):
        raise IssueError("Bạn không có quyền phát hành bảng, phụ lục của đảng bộ này.")
    if (period, year) not in resolution.periods():
        raise IssueError(f"Kỳ '{period_label(period, year)}' không thuộc nghị quyết này.")
    formats = [f.format for f in files]
    if len(formats) != len(set(formats)):
        raise IssueError("Mỗi định dạng tệp chỉ đính kèm một lần.")
    # Lock the resolution row: two people issuing at once get consecutive versions.
    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    rows = rows_for(resolution, period, year)
    same = IssuedReport.objects.filter(resolution=resolution, kind=kind, layout=layout, period=period, year=year)
    version = (same.aggregate(top=Max("version"))["top"] or 0) + 1
    congress = resolution.congress
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "resolution": {"id": resolution.pk, "title": resolution.title, "code": resolution.code,
                       "committee": congress.committee.name, "congress": congress.roman, "term": congress.term},
        "period": {"period": period, "year": year, "label": period_label(period, year)},
        "rules": rules_snapshot(resolution),
        "rows": [snapshot_row(row) for row in rows],
        **(describe(rows) if describe is not None else {}),
    }
    report = IssuedReport(
        resolution=resolution, kind=kind, layout=layout, appendix=appendix, period=period, year=year,
        version=version, title=title or resolution.title, note=note.strip(), snapshot=snapshot,
        issued_by=user, issued_at=timezone.now(),
    )
    report.full_clean()
    report._history_user = user  # type: ignore[attr-defined]
    report._change_reason = f"Phát hành bản {version}"  # type: ignore[attr-defined]
    report.save()
    for payload in files:
        IssuedFile.objects.create(
            report=report, format=payload.format, file_name=payload.file_name, content_type=payload.content_type,
            content=payload.content, size=len(payload.content), sha256=hashlib.sha256(payload.content).hexdigest(),
        )
    return report


# --------------------------------------------------------------------------- what changed after issuing


@dataclass(frozen=True)
class Change:
    """One difference between the issued version and today: which target, what, then and now."""

    target: str
    what: str
    issued: str
    current: str


_COMPARED = (("target_text", "Mục tiêu"), ("figure_text", "Kết quả"), ("status_label", "Đánh giá"))


def _label(row: dict[str, Any]) -> str:
    number = f"{row['number']}. " if row.get("number") and row["number"][0].isdigit() else ""
    return f"{number}{row['name']}"


def compare(issued: Sequence[dict[str, Any]], current: Sequence[dict[str, Any]]) -> list[Change]:
    """What changed from the issued rows to the current ones (both from ``snapshot_row``), in document order.

    Targets, figures and verdicts are compared; a target added or removed since is listed too.
    """
    now = {row["target_id"]: row for row in current}
    then = {row["target_id"]: row for row in issued}
    changes = []
    for row in issued:
        later = now.get(row["target_id"])
        if later is None:
            changes.append(Change(_label(row), "Chỉ tiêu", "có", "không còn trong nghị quyết"))
            continue
        for key, what in _COMPARED:
            if (row.get(key) or "") != (later.get(key) or ""):
                changes.append(Change(_label(row), what, row.get(key) or "(trống)", later.get(key) or "(trống)"))
        if row.get("estimate") != later.get("estimate") and row.get("figure_text") == later.get("figure_text"):
            changes.append(Change(_label(row), "Loại số liệu", "ước thực hiện" if row.get("estimate") else "chính thức",
                                  "ước thực hiện" if later.get("estimate") else "chính thức"))
    for row in current:
        if row["target_id"] not in then:
            changes.append(Change(_label(row), "Chỉ tiêu", "chưa có", "thêm sau khi phát hành"))
    return changes


def _rules_text(rules: dict[str, str | None]) -> str:
    margin = rules.get("exceed_margin")
    band = rules.get("basic_band")
    text = f"mức vượt tối thiểu {format_number(Decimal(margin)) if margin else '0'}"
    return text + (f", 'Cơ bản đạt' trong {format_number(Decimal(band))}%" if band else ", không dùng 'Cơ bản đạt'")


def changes_since(report: IssuedReport, current_rows: Sequence[Row] | None = None) -> list[Change]:
    """What changed since ``report`` was issued (the rows now; ``current_rows`` when the caller has them)."""
    rows = current_rows if current_rows is not None else rows_for(report.resolution, report.period, report.year)
    changes = compare(report.snapshot.get("rows", []), [snapshot_row(r) for r in rows])
    then, now = report.snapshot.get("rules", {}), rules_snapshot(report.resolution)
    if then != now:
        changes.append(Change("(cả nghị quyết)", "Cách đánh giá", _rules_text(then), _rules_text(now)))
    return changes


def issued_for(resolution: Resolution, period: str, year: int | None) -> list[IssuedReport]:
    """The issued versions of a resolution's period, newest first, with who issued them (one query)."""
    return list(
        IssuedReport.objects.filter(resolution=resolution, period=period, year=year)
        .select_related("issued_by").order_by("-issued_at", "-pk")
    )
