"""Admin for the indicator catalogue (shared across committees; only administrators change it).

Import and export of the catalogue go through django-import-export with explicit permissions
(``indicators.import_indicator`` / ``indicators.export_indicator``, see settings).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from indicators.models import Indicator
from indicators.resources import IndicatorResource
from indicators.text import fold_text


@admin.register(Indicator)
class IndicatorAdmin(ImportExportModelAdmin):
    resource_classes = [IndicatorResource]
    list_display = ["name", "key", "unit", "direction"]
    list_filter = ["direction", "unit"]
    search_fields = ["name", "aliases", "key"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset = queryset | Indicator.objects.filter(search_folded__icontains=fold_text(search_term))
        return queryset, distinct
