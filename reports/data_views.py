"""Tải dữ liệu: a scoreboard or an overview as a table file (pandas, ``reports.data_export``).

GET /nghi-quyet/<pk>/du-lieu/ and /dang-bo/<pk>/tong-quan/du-lieu/ with ``shape=tidy|wide`` (bảng dọc:
one row per target and period; bảng ngang: targets × years, or committees × catalogue indicators)
and ``format=xlsx|csv``; an overview's download takes the page's own term and period. What the
user may not see is 404, as on the pages (``resolutions.access``).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from reports import data_export, queries
from reports.data_export import VERDICT, Part
from reports.excel_views import attachment
from reports.views import overview_selection, period_label
from resolutions import access
from resolutions.models import Result, Target
from resolutions.verdicts import evaluate_targets, rules_for

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
TEXT = "text/plain; charset=utf-8"


class DownloadForm(forms.Form):
    """Which table and which file: bảng dọc (tidy) or bảng ngang (wide), .xlsx or .csv."""

    shape = forms.ChoiceField(choices=[("tidy", "Bảng dọc"), ("wide", "Bảng ngang")], required=False)
    format = forms.ChoiceField(choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")], required=False)

    def chosen(self) -> tuple[str, str]:
        return self.cleaned_data.get("shape") or "tidy", self.cleaned_data.get("format") or "xlsx"


def _file(sheets: dict[str, object], file_format: str, name: str) -> HttpResponse:
    frames = {title: data_export.without_keys(frame) for title, frame in sheets.items()}  # type: ignore[arg-type]
    if file_format == "csv":
        data = data_export.csv_bytes(next(iter(frames.values())))
    else:
        data = data_export.xlsx_bytes(frames)
    clean = "".join(ch if ch not in '\\/:*?"<>|\r\n' else " " for ch in name)
    return attachment(data, f"{clean}.{file_format}", TYPES[file_format])


def _invalid(form: DownloadForm) -> HttpResponse:
    return HttpResponseBadRequest(
        "Yêu cầu tải dữ liệu không hợp lệ: " + " ".join(e for errs in form.errors.values() for e in errs),
        content_type=TEXT,
    )


@login_required
@require_GET
def scoreboard_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Every target of the resolution for every period (each year, then the term): tidy, or targets × periods."""
    resolution = access.get_resolution_for(request.user, pk)
    form = DownloadForm(request.GET)
    if not form.is_valid():
        return _invalid(form)
    shape, file_format = form.chosen()
    targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
    rules = rules_for(resolution)
    committee = str(resolution.congress.committee)
    parts = [
        Part(committee, resolution, period_label(p, y, resolution), evaluate_targets(targets, p, y, rules),
             period_order=i)
        for i, (p, y) in enumerate(resolution.periods())
    ]
    tidy = data_export.tidy_frame(parts)
    if shape == "wide":
        sheets = {"Số liệu": data_export.scoreboard_wide(tidy), "Đánh giá": data_export.scoreboard_wide(tidy, VERDICT)}
    else:
        sheets = {"Dữ liệu": tidy}
    kind = "bảng ngang" if shape == "wide" else "bảng dọc"
    return _file(sheets, file_format, f"Dữ liệu {kind} - {resolution.title}")


@login_required
@require_GET
def overview_data(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview's committees (one level) for its term and period: tidy, or committees × indicators."""
    chosen = overview_selection(request, pk)
    form = DownloadForm(request.GET)
    if not form.is_valid():
        return _invalid(form)
    shape, file_format = form.chosen()
    by_committee = {r.congress.committee_id: r for r in chosen.resolutions}
    rows = queries.evaluate_resolutions(
        chosen.resolutions, {r.pk: (chosen.period, chosen.year) for r in chosen.resolutions}
    )
    label = chosen.label if chosen.period == Result.Period.TERM else period_label(chosen.period, chosen.year)
    parts = [
        Part(str(node.committee), by_committee[node.committee.pk], label, rows[by_committee[node.committee.pk].pk],
             committee_order=i)
        for i, node in enumerate(chosen.nodes) if node.committee.pk in by_committee
    ]
    tidy = data_export.tidy_frame(parts)
    if shape == "wide":
        sheets = {"Số liệu": data_export.overview_wide(tidy), "Đánh giá": data_export.overview_wide(tidy, VERDICT)}
    else:
        sheets = {"Dữ liệu": tidy}
    kind = "bảng ngang" if shape == "wide" else "bảng dọc"
    return _file(sheets, file_format, f"Dữ liệu {kind} - Tổng quan cấp dưới {chosen.root.name} - {chosen.label}")
