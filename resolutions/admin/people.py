"""Admin of people: committee memberships, roles (groups) and users, permissions labelled in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.http import HttpRequest

from resolutions import access
from resolutions.admin.base import ScopedAdmin
from resolutions.models import Membership


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    committee_path = "committee"
    list_display = ["user", "committee", "role"]
    list_filter = ["role", "committee"]
    search_fields = ["user__username", "committee__name"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_admin(request.user)


# --------------------------------------------------------------------------- roles and users

# Django stores built-in permission names in English ("Can add kết quả"); role pages show them in Vietnamese.
PERMISSION_ACTIONS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_label(permission: Permission) -> str:
    """A permission as the role and user pages list it: "Nghị quyết và chỉ tiêu | Sửa kết quả"."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    subject = str(opts.verbose_name)
    recorded = getattr(model, "instance_type", None)  # simple-history's record of another model's changes
    if recorded is not None:
        subject = f"lịch sử thay đổi {recorded._meta.verbose_name}"
    action, _, model_name = permission.codename.partition("_")
    name = f"{PERMISSION_ACTIONS[action]} {subject}" if action in PERMISSION_ACTIONS and model_name == opts.model_name \
        else permission.name
    return f"{opts.app_config.verbose_name} | {name}"


class VietnamesePermissionsMixin:
    """Permission choices labelled by ``permission_label``."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


class RoleAdmin(VietnamesePermissionsMixin, GroupAdmin):
    pass


class PersonAdmin(VietnamesePermissionsMixin, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
admin.site.unregister(User)
admin.site.register(User, PersonAdmin)
