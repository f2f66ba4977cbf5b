"""Unlocking a user name that django-axes locked out (admin action and ``unlock_login`` command)."""

from __future__ import annotations

import logging

from axes.utils import reset
from django.conf import settings
from django.utils import timezone

from operations.models import LoginLockout

log = logging.getLogger(__name__)


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
