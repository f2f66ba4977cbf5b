"""The page shown instead of the login form while a user name is locked out (django-axes)."""

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
