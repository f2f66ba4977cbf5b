"""URL configuration: the admin and the reports (dashboards, appendix downloads)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
]
