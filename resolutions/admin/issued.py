"""Admin of issued report versions and their files, read only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from resolutions.admin.base import ScopedHistoryAdmin
from resolutions.models import IssuedFile, IssuedReport


class IssuedFileInline(admin.TabularInline):
    model = IssuedFile
    extra = 0
    fields = ["format", "file_name", "size", "sha256"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuedReport)
class IssuedReportAdmin(ScopedHistoryAdmin):
    """Issued versions are read here (and on their own page); they are written by ``issuing.issue`` and never
    changed or deleted."""

    committee_path = "resolution__congress__committee"
    list_display = ["title", "kind", "appendix", "period", "year", "version", "issued_by", "issued_at", "page"]
    list_filter = ["kind", "period", "resolution__congress__committee"]
    search_fields = ["title", "resolution__title"]
    list_select_related = ["issued_by", "resolution"]
    fields = ["resolution", "kind", "layout", "appendix", "period", "year", "version", "title", "note", "issued_by",
              "issued_at", "rows", "page"]
    readonly_fields = fields
    inlines = [IssuedFileInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("snapshot")

    @admin.display(description="số chỉ tiêu đã phát hành")
    def rows(self, obj: IssuedReport) -> int:
        return len(IssuedReport.objects.values_list("snapshot", flat=True).get(pk=obj.pk).get("rows", []))

    @admin.display(description="xem")
    def page(self, obj: IssuedReport) -> str:
        return format_html('<a href="{}">Bản phát hành</a>', reverse("reports:issued", args=[obj.pk]))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
