"""Appendix downloads and uploads (issue 4 fills these in)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from resolutions import access


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the appendix table (placeholder until the exporter lands)."""
    resolution = access.get_resolution_for(request.user, pk)
    return HttpResponse(f"{resolution}", content_type="text/plain; charset=utf-8")
