"""Pages of the service itself (not of the domain): the Vietnamese CSRF refusal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (usually an expired page): the Vietnamese 403 page.

    ``reason`` is Django's technical reason; it is not shown (it says nothing a user can act on).
    """
    return render(request, "403_csrf.html", status=403)
