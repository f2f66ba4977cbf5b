"""The admin site: Django's own, with the service's records (sign-in lockouts and failures) listed in a
section of their own instead of among the resolutions they have nothing to do with."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

SERVICE_SECTION = "Vận hành hệ thống"


class TrackerAdminSite(admin.AdminSite):
    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict[str, Any]]:
        """Django's list, with the models whose ModelAdmin sets ``service_section`` gathered in one section."""
        apps = super().get_app_list(request, app_label)
        service: list[dict[str, Any]] = []
        for app in apps:
            model_admins = [(m, self._registry.get(m["model"])) for m in app["models"]]
            service += [m for m, ma in model_admins if getattr(ma, "service_section", False)]
            app["models"] = [m for m, ma in model_admins if not getattr(ma, "service_section", False)]
        apps = [app for app in apps if app["models"]]
        if service and app_label is None:
            apps.append({
                "name": SERVICE_SECTION, "app_label": "resolutions", "app_url": "", "has_module_perms": True,
                "models": service,
            })
        return apps


class TrackerAdminConfig(AdminConfig):
    """``django.contrib.admin`` (listed in INSTALLED_APPS in its place) with ``TrackerAdminSite``."""

    # Not inside resolutions/admin/: importing that package registers the admins on this very site.
    default_site = "resolutions.admin_site.TrackerAdminSite"
