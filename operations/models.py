"""Vietnamese views of django-axes' login records (proxies: no tables of their own).

``LoginLockout`` is a user name's failed-login counter (axes' AccessAttempt): deleting it, or the
admin action "Mở khóa đăng nhập", unlocks the user name. ``LoginFailure`` is one failed login.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog


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
