"""Thin views: load through resolutions.access, read through named querysets, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from resolutions import access
from resolutions.models import Resolution
from resolutions.verdicts import default_period, rows_for, tally


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The resolutions the user may see, grouped by committee."""
    resolutions = access.scope(
        Resolution.objects.with_context(), request.user, "congress__committee", "view"
    ).order_by("congress__committee__name", "congress__term_start", "kind", "year")
    return render(request, "reports/home.html", {"resolutions": resolutions})


@login_required
def scoreboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Target versus result for one resolution and period."""
    resolution = access.get_resolution_for(request.user, pk)
    period, year = default_period(resolution)
    rows = rows_for(resolution, period, year)
    return render(
        request, "reports/scoreboard.html",
        {"resolution": resolution, "rows": rows, "tally": tally(rows)},
    )
