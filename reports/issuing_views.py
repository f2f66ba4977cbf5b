"""Issued reports: "Phát hành" a scoreboard or an appendix, the issued version's page and its files.

Thin views: the resolution comes through ``resolutions.access`` (404 for what the user may not see),
the files from ``reports.issue_files``, the write from ``resolutions.issuing.issue``. The issued page
shows the snapshot exactly as issued and, beside it, what changed since ("đã thay đổi sau khi phát hành").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from reports.excel.export import ExportError, layouts_for
from reports.excel.layouts import LAYOUT_LABELS, Layout
from reports.excel_views import attachment
from reports.forms import parse_period, period_choices, period_value
from reports.headline import headline_for
from reports.issue_files import FORMAT_LABELS, build_files, layout_for_period
from resolutions import access, issuing
from resolutions.models import IssuedFile, IssuedReport, Resolution
from resolutions.verdicts import Row, default_period

EXPORT_PERMISSION = "resolutions.export_resolution"


class IssueForm(forms.Form):
    """What to issue: the scoreboard of a period, or an appendix (its layout and number)."""

    kind = forms.ChoiceField(choices=IssuedReport.Kind.choices)
    period = forms.ChoiceField(label="Kỳ", required=False)
    layout = forms.ChoiceField(label="Mẫu phụ lục", required=False)
    appendix = forms.CharField(label="Số phụ lục", required=False, max_length=10)
    note = forms.CharField(label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, resolution: Resolution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resolution = resolution
        self.fields["period"].choices = period_choices(resolution)
        self.fields["layout"].choices = [(x.value, LAYOUT_LABELS[x]) for x in layouts_for(resolution)]

    def what(self) -> tuple[str, str, int | None, Layout]:
        """(kind, period, year, layout): an appendix is the resolution's table for its main period."""
        data = self.cleaned_data
        if data["kind"] == IssuedReport.Kind.APPENDIX:
            period, year = default_period(self.resolution)
            layout = Layout(data.get("layout") or layouts_for(self.resolution)[0])
            return data["kind"], period, year, layout
        period, year = parse_period(data.get("period") or period_value(*default_period(self.resolution)))
        return data["kind"], period, year, layout_for_period(self.resolution, period)


def _describe(rows: list[Row]) -> dict[str, Any]:
    headline = headline_for(rows)
    return {"headline": headline.sentence, "unjudged": headline.unjudged}


@login_required
@require_POST
def issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Freeze the scoreboard of a period, or an appendix, with its Excel and Word files."""
    resolution = access.get_resolution_for(request.user, pk)
    if not issuing.may_issue(request.user, resolution):
        raise PermissionDenied("Bạn không có quyền phát hành bảng, phụ lục của đảng bộ này.")
    form = IssueForm(request.POST, resolution=resolution)
    if not form.is_valid():
        messages.error(request, "Chưa phát hành: lựa chọn không hợp lệ.")
        return redirect("reports:scoreboard", pk=resolution.pk)
    kind, period, year, layout = form.what()
    appendix = form.cleaned_data.get("appendix") or ""
    try:
        files = build_files(resolution, layout, appendix)
        report = issuing.issue(
            resolution, kind=kind, period=period, year=year, user=request.user, files=files,
            layout=layout.value if kind == IssuedReport.Kind.APPENDIX else "", appendix=appendix,
            note=form.cleaned_data.get("note") or "", describe=_describe,
            title=resolution.title if kind == IssuedReport.Kind.SCOREBOARD
            else f"Phụ lục {appendix} {LAYOUT_LABELS[layout].lower()}".replace("  ", " "),
        )
    except (issuing.IssueError, ExportError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("reports:scoreboard", pk=resolution.pk)
    messages.success(request, f"Đã phát hành bản {report.version}. Bản này được giữ nguyên như lúc phát hành.")
    return redirect("reports:issued", pk=report.pk)


def _report_for(request: HttpRequest, pk: int) -> IssuedReport:
    qs = access.scope(
        IssuedReport.objects.select_related("resolution__congress__committee", "issued_by"),
        request.user, "resolution__congress__committee", "view",
    )
    report = qs.filter(pk=pk).first()
    if report is None:
        raise Http404("Không tìm thấy bản phát hành hoặc bạn không có quyền xem.")
    return report


@login_required
@require_GET
def issued_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued version exactly as issued, its files, and what changed since."""
    report = _report_for(request, pk)
    rows = report.snapshot.get("rows", [])
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.get("section", ""):
            groups.append((row.get("section", ""), []))
        groups[-1][1].append(row)
    files = list(IssuedFile.objects.filter(report=report).defer("content").order_by("format"))
    return render(request, "reports/issued.html", {
        "report": report, "resolution": report.resolution, "snapshot": report.snapshot, "groups": groups,
        "files": [(f, FORMAT_LABELS.get(f.format, f.format)) for f in files],
        "changes": issuing.changes_since(report),
        "can_download": request.user.has_perm(EXPORT_PERMISSION),
        "later": IssuedReport.objects.filter(resolution=report.resolution, kind=report.kind, layout=report.layout,
                                             period=report.period, year=report.year, version__gt=report.version)
        .order_by("version").values_list("pk", "version").first(),
    })


@login_required
@require_GET
def issued_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A file of an issued version, byte for byte as issued."""
    report = _report_for(request, pk)
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied("Bạn không có quyền tải phụ lục.")
    found = IssuedFile.objects.filter(report=report, format=fmt).first()
    if found is None:
        raise Http404("Bản phát hành này không có tệp định dạng này.")
    response = attachment(bytes(found.content), found.file_name, found.content_type)
    response["X-Content-SHA256"] = found.sha256
    return response

