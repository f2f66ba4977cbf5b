"""Who a history entry is attributed to: the person, else the system account.

django-simple-history asks ``history_user`` for every entry of targets, results and submissions.
A service call or a request names the person; what runs without one (seed loading, data fixes in a
shell) is recorded as the inactive system account "he-thong", so no entry is anonymous.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

SYSTEM_USERNAME = "he-thong"
SYSTEM_FULL_NAME = "Hệ thống (tự động)"


def system_user() -> AbstractBaseUser:
    """The system account (created on first use; inactive, it cannot sign in)."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": SYSTEM_FULL_NAME, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def history_user(request: HttpRequest | None = None, **kwargs: Any) -> AbstractBaseUser:
    """simple-history's ``get_user``: the signed-in user of the request, else the system account.

    (An explicit ``instance._history_user``, set by the services, is used before this is asked.)
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return system_user()
