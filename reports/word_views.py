"""Word downloads and the results-section page.

- GET /nghi-quyet/<pk>/word/?layout=...: the appendix as .docx, through the same checks as the
  Excel download (``excel_views.exportable``: access 404, export permission 403, layout 400).
- GET /nghi-quyet/<pk>/ket-qua-chi-tieu/?period=...: the results section, ready to copy; loaded
  through ``resolutions.access`` like the scoreboard.
- GET /nghi-quyet/<pk>/ket-qua-chi-tieu/word/?period=...: that section and its appendix as .docx
  (it carries the appendix, so it needs the export permission too).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reports.excel.export import ExportError
from reports.excel_views import EXPORT_PERMISSION, TEXT, attachment, exportable
from reports.forms import PeriodForm, period_value
from reports.narrative import Narrative, build_narrative
from reports.views import period_label
from reports.word.export import DOCX, docx_file_name, export_docx_bytes
from reports.word.report import narrative_document_bytes, narrative_file_name
from resolutions import access
from resolutions.models import Resolution, Result
from resolutions.verdicts import default_period, rows_for


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The resolution's appendix as .docx in the requested layout (default: its first layout)."""
    checked = exportable(request, pk, "Word")
    if isinstance(checked, HttpResponse):
        return checked
    resolution, layout, appendix = checked
    try:
        data = export_docx_bytes(resolution, layout, appendix)
    except ExportError as exc:
        return HttpResponseBadRequest(str(exc), content_type=TEXT)
    return attachment(data, docx_file_name(resolution, layout), DOCX)


def _section(request: HttpRequest, resolution: Resolution) -> tuple[PeriodForm, str, Narrative]:
    form = PeriodForm(request.GET or None, resolution=resolution, default=period_value(*default_period(resolution)))
    period, year = form.chosen_period()
    rows = rows_for(resolution, period, year)
    label = period_label(period, year, resolution)
    term = period == Result.Period.TERM and resolution.kind == Resolution.Kind.CONGRESS
    return form, period, build_narrative(rows, period_label=label, term=term)


@login_required
@require_GET
def results_section(request: HttpRequest, pk: int) -> HttpResponse:
    """The results section of the chosen period, as text to copy."""
    resolution = access.get_resolution_for(request.user, pk)
    form, _period, narrative = _section(request, resolution)
    return render(request, "reports/results_section.html", {
        "resolution": resolution, "form": form, "narrative": narrative,
        "may_export": request.user.has_perm(EXPORT_PERMISSION),
    })


@login_required
@require_GET
def results_section_word(request: HttpRequest, pk: int) -> HttpResponse:
    """The results section and its appendix as .docx."""
    resolution = access.get_resolution_for(request.user, pk)
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied("Bạn không có quyền tải báo cáo kèm phụ lục.")
    _form, period, narrative = _section(request, resolution)
    data = narrative_document_bytes(resolution, narrative, period)
    return attachment(data, narrative_file_name(resolution, narrative.period_label), DOCX)
