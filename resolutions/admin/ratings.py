"""Admin of the quality ratings: counts (entered on their own page) and the targets judged from them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import URLPattern, path

from resolutions import rating_entry, ratings, services
from resolutions.admin.base import ScopedHistoryAdmin
from resolutions.models import RatingCount, RatingTarget


@admin.register(RatingCount)
class RatingCountAdmin(ScopedHistoryAdmin):
    """Rating counts are read here and entered on their own page (``rating_entry``), through ``resolutions.ratings``."""

    committee_path = "committee"
    list_display = ["committee", "year", "subject", "total", "rated", "excellent", "good", "completed", "failed",
                    "good_or_better", "flags"]
    list_filter = ["year", "subject", "committee"]
    search_fields = ["committee__name", "committee__name_folded"]
    list_select_related = ["committee"]
    readonly_fields = ["committee", "year", "subject", "total", "rated", "excellent", "good", "completed", "failed",
                       "source_note", "entered_by", "updated_at", "version", "good_or_better", "flags"]

    @admin.display(description="từ HTTNV trở lên (%)")
    def good_or_better(self, obj: RatingCount) -> str:
        return ratings.RatingRow(obj.committee, obj.counts, ratings.Subject(obj.subject)).good_or_better

    @admin.display(description="không khớp")
    def flags(self, obj: RatingCount) -> str:
        return " ".join(ratings.problems(obj.counts, ratings.Subject(obj.subject))) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # entered on the entry page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # emptied (and audited) on the entry page

    def get_urls(self) -> list[URLPattern]:
        return [
            path("nhap/", self.admin_site.admin_view(rating_entry.entry_view), name="resolutions_ratingcount_entry"),
            *super().get_urls(),
        ]


class RatingTargetForm(forms.ModelForm):
    class Meta:
        model = RatingTarget
        fields = ["target", "subject", "measure"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        target = data.get("target")
        if target is not None and not (target.expression.is_numeric and "%" in target.unit + target.target_text):
            raise ValidationError("Chỉ tiêu tính từ xếp loại phải có mục tiêu là một tỷ lệ phần trăm (ví dụ 'trên 90%').")
        return data


@admin.register(RatingTarget)
class RatingTargetAdmin(ScopedHistoryAdmin):
    """Targets judged from the ratings: linked through ``ratings.link_rating_target`` (results computed at once)."""

    committee_path = "target__resolution__congress__committee"
    form = RatingTargetForm
    list_display = ["target", "subject", "measure", "created_by"]
    list_filter = ["subject", "measure"]
    search_fields = ["target__name"]
    list_select_related = ["target", "created_by"]
    autocomplete_fields = ["target"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["target", "created_by"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: RatingTarget, form: Any, change: bool) -> None:
        try:
            link = ratings.link_rating_target(obj.target, ratings.Subject(obj.subject), ratings.Measure(obj.measure),
                                              user=request.user)
        except (services.DocumentError, services.LockedError) as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = link.pk
