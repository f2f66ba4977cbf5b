"""Admin pages (Vietnamese) for login lockouts and failed logins; administrators unlock here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from resolutions.sign_in import LoginFailure, LoginLockout, is_locked, unlock


class _ReadOnly(admin.ModelAdmin):
    # Listed in the admin's "Vận hành hệ thống" section (resolutions.admin_site), not among the resolutions.
    service_section = True

    """Login records are written by django-axes only. Seeing them needs the model's view permission
    (the "Quản trị" group has every permission; other roles have none of these)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LoginLockout)
class LoginLockoutAdmin(_ReadOnly):
    list_display = ["username_vi", "failures_vi", "locked_vi", "last_vi", "address_vi"]
    search_fields = ["username"]
    actions = ["unlock_selected"]
    fields = ["username_vi", "failures_vi", "locked_vi", "last_vi", "address_vi", "agent_vi", "path_vi"]
    readonly_fields = fields

    @admin.display(description="tên đăng nhập", ordering="username")
    def username_vi(self, obj: LoginLockout) -> str:
        return obj.username or ""

    @admin.display(description="số lần sai", ordering="failures_since_start")
    def failures_vi(self, obj: LoginLockout) -> int:
        return obj.failures_since_start

    @admin.display(description="đang bị khóa", boolean=True)
    def locked_vi(self, obj: LoginLockout) -> bool:
        return is_locked(obj.username or "")

    @admin.display(description="lần sai gần nhất", ordering="attempt_time")
    def last_vi(self, obj: LoginLockout) -> str:
        return timezone.localtime(obj.attempt_time).strftime("%d/%m/%Y %H:%M:%S")

    @admin.display(description="địa chỉ IP")
    def address_vi(self, obj: LoginLockout) -> str:
        return obj.ip_address or ""

    @admin.display(description="trình duyệt")
    def agent_vi(self, obj: LoginLockout) -> str:
        return obj.user_agent

    @admin.display(description="trang")
    def path_vi(self, obj: LoginLockout) -> str:
        return obj.path_info

    @admin.action(description="Mở khóa đăng nhập cho các tài khoản đã chọn", permissions=["delete"])
    def unlock_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        names = sorted({name for name in queryset.values_list("username", flat=True) if name})
        for name in names:
            unlock(name, by=request.user.get_username())
        messages.success(request, f"Đã mở khóa đăng nhập: {', '.join(names) or '(không có tài khoản nào)'}.")


@admin.register(LoginFailure)
class LoginFailureAdmin(_ReadOnly):
    list_display = ["when_vi", "username_vi", "address_vi", "locked_vi"]
    list_filter = ["locked_out"]
    search_fields = ["username", "ip_address"]
    fields = ["when_vi", "username_vi", "address_vi", "locked_vi", "agent_vi"]
    readonly_fields = fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an audit trail

    @admin.display(description="thời điểm", ordering="attempt_time")
    def when_vi(self, obj: LoginFailure) -> str:
        return timezone.localtime(obj.attempt_time).strftime("%d/%m/%Y %H:%M:%S")

    @admin.display(description="tên đăng nhập", ordering="username")
    def username_vi(self, obj: LoginFailure) -> str:
        return obj.username or ""

    @admin.display(description="địa chỉ IP")
    def address_vi(self, obj: LoginFailure) -> str:
        return obj.ip_address or ""

    @admin.display(description="đã khóa", boolean=True)
    def locked_vi(self, obj: LoginFailure) -> bool:
        return obj.locked_out

    @admin.display(description="trình duyệt")
    def agent_vi(self, obj: LoginFailure) -> str:
        return obj.user_agent
