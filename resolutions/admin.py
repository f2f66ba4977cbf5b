"""Vietnamese admin for committees, congresses, resolutions, targets and results.

Every list, form, action and foreign-key choice is restricted by ``resolutions.access``; writes
go through ``resolutions.services``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from indicators.evaluation import Status
from indicators.text import fold_text
from resolutions import access, services
from resolutions.models import (
    Committee,
    Congress,
    Membership,
    Resolution,
    Result,
    Section,
    Submission,
    Target,
)
from resolutions.verdicts import evaluate_targets, rules_for

admin.site.site_header = "Theo dõi chỉ tiêu nghị quyết"
admin.site.site_title = "Chỉ tiêu nghị quyết"
admin.site.index_title = "Quản trị dữ liệu"


class FoldedSearchMixin:
    """Accent-insensitive search over a folded column ("khoai chau" finds "Khoái Châu")."""

    folded_search_field = ""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, use_distinct = super().get_search_results(request, queryset, search_term)  # type: ignore[misc]
        if search_term and self.folded_search_field:
            folded = queryset.model.objects.filter(
                **{f"{self.folded_search_field}__icontains": fold_text(search_term)}
            )
            queryset = queryset | self.get_queryset(request).filter(pk__in=folded.values("pk"))  # type: ignore[attr-defined]
        return queryset, use_distinct


class ScopedAdmin(admin.ModelAdmin):
    """Restricts lists, objects and foreign-key choices to the user's committees."""

    committee_path = ""  # lookup from this model to Committee

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.scope(super().get_queryset(request), request.user, self.committee_path, "view")

    def _editable(self, request: HttpRequest, obj: Any) -> bool:
        qs = access.scope(type(obj).objects.filter(pk=obj.pk), request.user, self.committee_path, "edit")
        return qs.exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        paths = {
            Committee: "pk", Congress: "committee", Resolution: "congress__committee",
            Section: "resolution__congress__committee", Target: "resolution__congress__committee",
        }
        if db_field.related_model in paths and db_field.name not in {"successor", "parent"} | {""}:
            kwargs["queryset"] = access.scope(
                db_field.related_model.objects.all(), request.user, paths[db_field.related_model], "edit"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Committee)
class CommitteeAdmin(FoldedSearchMixin, ScopedAdmin):
    committee_path = "pk"
    folded_search_field = "name_folded"
    list_display = ["name", "level", "parent", "active_from", "active_to", "successor"]
    list_filter = ["level"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(Congress)
class CongressAdmin(ScopedAdmin):
    committee_path = "committee"
    list_display = ["committee", "roman_ordinal", "term_start", "term_end"]
    list_filter = ["committee"]
    search_fields = ["committee__name", "committee__name_folded"]
    list_select_related = ["committee"]

    @admin.display(description="lần thứ", ordering="ordinal")
    def roman_ordinal(self, obj: Congress) -> str:
        return obj.roman


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "code", "title"]
    ordering = ["order"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["order", "number", "name", "unit", "target_text", "target_kind", "section", "indicator"]
    readonly_fields = ["target_kind"]
    ordering = ["order"]
    show_change_link = True
    autocomplete_fields = ["indicator"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("section", "indicator")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Only this resolution's sections (the parent object comes from the URL).
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Section.objects.filter(resolution_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Resolution)
class ResolutionAdmin(ScopedAdmin):
    committee_path = "congress__committee"
    list_display = ["title", "committee_name", "congress", "kind", "year", "code", "issued_on", "links"]
    list_filter = ["kind", "congress__committee", "congress"]
    search_fields = ["title", "code", "congress__committee__name", "congress__committee__name_folded"]
    list_select_related = ["congress__committee"]
    inlines = [SectionInline, TargetInline]
    fieldsets = [
        (None, {"fields": ["congress", "kind", "year", "code", "issued_on", "title", "source"]}),
        ("Cách đánh giá", {"fields": ["exceed_margin", "basic_band"]}),
    ]

    @admin.display(description="đảng bộ", ordering="congress__committee__name")
    def committee_name(self, obj: Resolution) -> str:
        return obj.congress.committee.name

    @admin.display(description="xem")
    def links(self, obj: Resolution) -> str:
        return format_html(
            '<a href="{}">Bảng theo dõi</a> · <a href="{}">Tải Excel</a>',
            reverse("reports:scoreboard", args=[obj.pk]), reverse("reports:export", args=[obj.pk]),
        )


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    fields = ["period", "year", "figure", "raw_text", "reported_text", "override_status", "source_note"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Target)
class TargetAdmin(FoldedSearchMixin, ScopedAdmin, SimpleHistoryAdmin):
    committee_path = "resolution__congress__committee"
    folded_search_field = "name_folded"
    list_display = ["number", "name", "unit", "target_text", "target_kind", "section", "resolution"]
    list_filter = ["resolution__congress__committee", "resolution__congress", "resolution", "section__title", "target_kind"]
    search_fields = ["name", "target_text"]
    list_select_related = ["section", "resolution"]
    readonly_fields = ["target_kind", "target_low", "target_high", "target_sub", "target_error"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["parent"]
    inlines = [ResultInline]
    ordering = ["resolution", "order"]

    def save_model(self, request: HttpRequest, obj: Target, form: Any, change: bool) -> None:
        # The parsed meaning is stored beside the text (services.target_fields is the one parser path).
        for name, value in services.target_fields(obj.target_text.strip()).items():
            setattr(obj, name, value)
        super().save_model(request, obj, form, change)


class ReconciliationFilter(admin.SimpleListFilter):
    title = "so với đánh giá của văn bản"
    parameter_name = "doi_chieu"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("lech", "Khác đánh giá của văn bản"), ("khop", "Khớp đánh giá của văn bản")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in {"lech", "khop"}:
            return queryset
        differing = set()
        matching = set()
        reported = queryset.exclude(reported_status="").select_related("target__resolution")
        for resolution_id in set(reported.values_list("target__resolution_id", flat=True)):
            resolution = Resolution.objects.get(pk=resolution_id)
            targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
            for period, year in set(reported.filter(target__resolution=resolution).values_list("period", "year")):
                for row in evaluate_targets(targets, period, year, rules_for(resolution)):
                    if row.result is None or row.reported is None:
                        continue
                    (differing if row.differs_from_report else matching).add(row.result.pk)
        return queryset.filter(pk__in=differing if self.value() == "lech" else matching)


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ["target", "period", "year", "figure", "raw_text", "source_note",
                  "override_status", "override_reason"]
        help_texts = {"raw_text": "Viết theo kiểu Việt Nam: 1.234,5 (dấu chấm phân nhóm, dấu phẩy thập phân)."}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        target = data.get("target")
        if target is not None and data.get("raw_text"):
            errors = services.validate_result_text(data["raw_text"].strip(), target.target_kind, "Kết quả")
            if errors:
                raise ValidationError({"raw_text": errors})
        if data.get("override_status") and not (data.get("override_reason") or "").strip():
            raise ValidationError({"override_reason": "Điều chỉnh đánh giá phải có lý do."})
        return data


@admin.register(Result)
class ResultAdmin(ScopedAdmin, SimpleHistoryAdmin):
    committee_path = "target__resolution__congress__committee"
    form = ResultForm
    list_display = ["target", "period_label", "figure", "raw_text", "reported_text", "override_status", "entered_by", "updated_at"]
    list_filter = ["period", "year", "figure", ReconciliationFilter, "target__resolution__congress__committee", "target__resolution"]
    search_fields = ["target__name", "raw_text"]
    list_select_related = ["target__resolution", "entered_by"]
    readonly_fields = ["verdict_explanation", "value_kind", "value", "value_high", "value_sub", "value_error",
                       "reported_status", "reported_text", "entered_by", "entered_at", "updated_at",
                       "overridden_by", "overridden_at", "version"]
    raw_id_fields = ["target"]

    @admin.display(description="đánh giá theo quy tắc")
    def verdict_explanation(self, obj: Result) -> str:
        if obj.pk is None:
            return "—"
        resolution = obj.target.resolution
        targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
        for row in evaluate_targets(targets, obj.period, obj.year, rules_for(resolution)):
            if row.target.pk == obj.target_id:
                text = f"{row.verdict.status.label}: {row.verdict.explanation}"
                if row.overridden:
                    text += f" — Đã điều chỉnh thành {row.status.label}: {obj.override_reason}"
                return text
        return "—"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and services.is_locked(obj.target.resolution, obj.period, obj.year):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Result, form: Any, change: bool) -> None:
        # Parsed meaning stored beside the text; the override goes through its service.
        for name, value in services.result_fields(obj.raw_text.strip()).items():
            setattr(obj, name, value)
        if not change:
            obj.entered_by = request.user
        else:
            obj.version += 1
        status = obj.override_status
        if "override_status" in form.changed_data or "override_reason" in form.changed_data:
            if not request.user.has_perm("resolutions.override_result"):
                messages.error(request, "Bạn không có quyền điều chỉnh đánh giá; phần điều chỉnh không được lưu.")
                obj.override_status = form.initial.get("override_status", "")
                obj.override_reason = form.initial.get("override_reason", "")
                super().save_model(request, obj, form, change)
                return
            super().save_model(request, obj, form, change)
            services.set_override(obj, Status(status) if status else None, obj.override_reason, request.user)
            return
        super().save_model(request, obj, form, change)


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


@admin.register(Submission)
class SubmissionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    committee_path = "resolution__congress__committee"
    list_display = ["resolution", "period", "year", "state", "submitted_by", "submitted_at", "approved_by", "approved_at"]
    list_filter = ["state", "period", "year"]
    readonly_fields = ["state", "submitted_by", "submitted_at", "approved_by", "approved_at"]
