"""Appendix download: GET /nghi-quyet/<pk>/excel/?layout=term|midterm|targets|annual → .xlsx
(``reports.word_views`` serves the same tables as .docx through the same checks).

The resolution is loaded through ``resolutions.access`` (404 for what the user may not see) and
the download needs the explicit permission "resolutions.export_resolution" (403 otherwise).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_GET

from indicators.text import fold_text
from reports.excel.export import ExportError, export_bytes, export_file_name, layouts_for
from reports.excel.layouts import Layout
from resolutions import access
from resolutions.models import Resolution

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PERMISSION = "resolutions.export_resolution"
TEXT = "text/plain; charset=utf-8"


def xlsx_response(data: bytes, file_name: str) -> HttpResponse:
    """An .xlsx attachment (see ``attachment``)."""
    return attachment(data, file_name, XLSX)


def attachment(data: bytes, file_name: str, content_type: str = XLSX) -> HttpResponse:
    """An attachment response with a UTF-8 (RFC 6266) Vietnamese file name and an ASCII fallback."""
    response = HttpResponse(data, content_type=content_type)
    ascii_name = fold_text(file_name).replace(" ", "-").encode("ascii", "ignore").decode() or "tai-ve"
    response["Content-Disposition"] = (
        f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{escape_uri_path(file_name)}'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def exportable(request: HttpRequest, pk: int, what: str = "Excel") -> tuple[Resolution, Layout, str] | HttpResponse:
    """The checks every appendix download makes: the resolution through ``access`` (404), the
    export permission (403), a layout that exists (400). Returns (resolution, layout, appendix
    number) or the response refusing the request."""
    resolution = access.get_resolution_for(request.user, pk)
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(f"Bạn không có quyền xuất phụ lục ra {what}.")
    allowed = layouts_for(resolution)
    raw = request.GET.get("layout") or allowed[0].value
    try:
        layout = Layout(raw)
    except ValueError:
        return HttpResponseBadRequest(f"Mẫu phụ lục không hợp lệ: '{raw[:20]}'.", content_type=TEXT)
    return resolution, layout, request.GET.get("phu_luc", "")[:10]


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the resolution's appendix in the requested layout (default: its first layout)."""
    checked = exportable(request, pk)
    if isinstance(checked, HttpResponse):
        return checked
    resolution, layout, appendix = checked
    try:
        data = export_bytes(resolution, layout, appendix)
    except ExportError as exc:
        return HttpResponseBadRequest(str(exc), content_type=TEXT)
    return xlsx_response(data, export_file_name(resolution, layout))
