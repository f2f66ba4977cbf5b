"""Sign-in records: django-axes' lockouts and failed logins in Vietnamese, and unlocking a user name.

The models are proxies (no tables of their own), registered with this app by ``resolutions.models``.

``LoginLockout`` is a user name's failed-login counter (axes' AccessAttempt): deleting it, or the
admin action "Mở khóa đăng nhập", unlocks the user name. ``LoginFailure`` is one failed login.
"""

from __future__ import annotations

import logging

from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


class LoginLockout(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = "khóa đăng nhập"
        verbose_name_plural = "khóa đăng nhập (đăng nhập sai nhiều lần)"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "nhật ký đăng nhập sai"


def is_locked(username: str) -> bool:
    """Whether ``username`` has reached the failure limit within the lockout time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = LoginLockout.objects.filter(username=username, attempt_time__gte=since)
    return sum(failures.values_list("failures_since_start", flat=True)) >= settings.AXES_FAILURE_LIMIT


def unlock(username: str, by: str) -> int:
    """Forget the failed logins of ``username`` (so it may log in at once); returns how many records went."""
    count = reset(username=username)
    log.warning("Mở khóa đăng nhập cho '%s' (%d bản ghi), do %s.", username, count, by)
    return count
