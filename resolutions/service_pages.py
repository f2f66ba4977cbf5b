"""The service's own refusal pages: a sign-in refused during a lockout (django-axes) and a form refused
by the CSRF check (usually an expired page), both in Vietnamese."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKOUT_STATUS = 429  # Too Many Requests


def lockout_minutes() -> int:
    """How long a lockout lasts, in whole minutes (AXES_COOLOFF_TIME)."""
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """Axes' AXES_LOCKOUT_CALLABLE: a Vietnamese page saying why, for how long and who can unlock."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get("username", "")
    context = {
        "username": str(username)[:150],
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": lockout_minutes(),
    }
    return render(request, "registration/locked_out.html", context, status=LOCKOUT_STATUS)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (usually an expired page): the Vietnamese 403 page.

    ``reason`` is Django's technical reason; it is not shown (it says nothing a user can act on).
    """
    return render(request, "403_csrf.html", status=403)
