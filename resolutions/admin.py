"""Vietnamese admin for committees, congresses, resolutions, targets and results.

Every list, form, action and foreign-key choice is restricted by ``resolutions.access``; writes
go through ``resolutions.services``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from indicators.evaluation import PERSON_VERDICTS, Status
from indicators.models import Indicator
from indicators.text import fold_text
from resolutions import access, catalogue_admin, entry, figure_check, services, workflow
from resolutions.admin_filters import scoped_list_filter
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
from resolutions.verdicts import evaluate_targets, reconcile, rules_for

assert catalogue_admin.IndicatorAdmin  # registers the catalogue's admin (resolutions/catalogue_admin.py)

admin.site.site_header = "Theo dõi chỉ tiêu nghị quyết"
admin.site.site_title = "Chỉ tiêu nghị quyết"
admin.site.index_title = "Quản trị dữ liệu"


def year_column(field_name: str, label: str) -> Any:
    """An admin column or read-only field showing a year as written ("2025"), never grouped.

    With USE_THOUSAND_SEPARATOR the admin formats integer fields as numbers ("2.025").
    """

    @admin.display(description=label, ordering=field_name)
    def show(self: Any, obj: Any) -> str:
        value = getattr(obj, field_name)
        return "" if value is None else str(value)

    return show


class YearListFilter(admin.AllValuesFieldListFilter):
    """The admin's "by value" filter for a year column, its choices written as text ("2025")."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            display = choice.get("display")
            if isinstance(display, int) and not isinstance(display, bool):
                choice = {**choice, "display": str(display)}
            yield choice


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

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        # Filter sidebars list only the committees, congresses and resolutions the user may see.
        return scoped_list_filter(self.model, super().get_list_filter(request))

    def _editable(self, request: HttpRequest, obj: Any) -> bool:
        qs = access.scope(type(obj).objects.filter(pk=obj.pk), request.user, self.committee_path, "edit")
        return qs.exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(request, obj))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Bulk delete ("delete selected") only of rows the user may edit; anything else refuses all."""
        allowed = access.scope(queryset, request.user, self.committee_path, "edit")
        if allowed.count() != queryset.count() or not all(self.has_delete_permission(request, o) for o in queryset):
            raise PermissionDenied
        # One by one, so the audit trail records each deletion with its user.
        for obj in queryset:
            self.delete_model(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Choices: what the user may edit; a committee's parent or successor (the committee above,
        # or the one it merged into) only needs to be visible.
        related = db_field.related_model
        if related in access.COMMITTEE_PATHS:
            free = self.model is Committee and db_field.name in {"successor", "parent"}
            kwargs["queryset"] = access.scoped(related, request.user, "view" if free else "edit")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Simple-history pages restricted like the rest: others' history is 404, and no revert.

    simple-history's own views load the object (or its last historical record) without the
    admin's queryset, and its revert form saves outside the services; both are closed here.
    """

    def _visible(self, request: HttpRequest, object_id: str) -> None:
        if access.is_admin(request.user):
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        self._visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._visible(request, object_id)
        if request.method == "POST":
            # Reverting would write past the version check and the lock; enter the figure again instead.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


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
    list_display = ["committee", "roman_ordinal", "term_start_text", "term_end_text"]
    term_start_text = year_column("term_start", "nhiệm kỳ từ năm")
    term_end_text = year_column("term_end", "nhiệm kỳ đến năm")
    list_filter = ["committee"]
    search_fields = ["committee__name", "committee__name_folded"]
    list_select_related = ["committee"]

    @admin.display(description="lần thứ", ordering="ordinal")
    def roman_ordinal(self, obj: Congress) -> str:
        return obj.roman

    def save_model(self, request: HttpRequest, obj: Congress, form: Any, change: bool) -> None:
        # The term decides the resolutions' periods: services.save_congress recounts their tallies.
        services.save_congress(obj)


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
    list_display = ["title", "committee_name", "congress", "kind", "year_text", "code", "issued_on", "links"]
    list_filter = ["kind", "congress__committee", "congress"]
    year_text = year_column("year", "năm")
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

    def save_model(self, request: HttpRequest, obj: Resolution, form: Any, change: bool) -> None:
        # Rule settings (mức vượt, Cơ bản đạt) change verdicts: the service recounts the tallies.
        services.save_resolution(obj, request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            # Targets or sections edited inline: recount in the admin's transaction.
            services.refresh_tallies([form.instance.pk])

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Targets edited inline keep their parsed meaning beside the text, their catalogue link and
        # their direction, like TargetAdmin.
        if formset.model is Target:
            for target_form in formset.forms:
                obj = target_form.instance
                if target_form.has_changed() and obj.target_text is not None:
                    for name, value in services.target_fields(obj.target_text.strip()).items():
                        setattr(obj, name, value)
                    services.link_target(obj, request.user)
        super().save_formset(request, form, formset, change)

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


class DirectionUnconfirmedFilter(admin.SimpleListFilter):
    """Targets judged by a direction the system guessed and nobody confirmed (reconciliation)."""

    title = "chiều đánh giá cần xác nhận"
    parameter_name = "chieu_danh_gia"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("can-xac-nhan", "Cần xác nhận (hệ thống suy đoán)"),
                ("da-ro", "Đã rõ (theo danh mục hoặc đã xác nhận)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        unconfirmed = Target.objects.direction_unconfirmed().values("pk")
        if self.value() == "can-xac-nhan":
            return queryset.filter(pk__in=unconfirmed)
        if self.value() == "da-ro":
            return queryset.exclude(pk__in=unconfirmed)
        return queryset


class TargetForm(forms.ModelForm):
    confirm_direction = forms.BooleanField(
        label="Xác nhận chiều đánh giá này", required=False,
        help_text="Đánh dấu (hoặc đổi chiều đánh giá) để ghi nhận là người dùng đã xác nhận; "
                  "chiều đã xác nhận không bị danh mục hay lần nhập bảng sau thay đổi.",
    )

    class Meta:
        model = Target
        fields = ["resolution", "section", "parent", "order", "number", "name", "indicator", "unit", "target_text",
                  "term_basis", "direction", "note"]


@admin.register(Target)
class TargetAdmin(FoldedSearchMixin, ScopedHistoryAdmin):
    committee_path = "resolution__congress__committee"
    folded_search_field = "name_folded"
    form = TargetForm
    change_form_template = "admin/resolutions/target/change_form.html"
    list_display = ["number", "name", "unit", "target_text", "target_kind", "direction_shown", "section", "resolution"]
    list_filter = [DirectionUnconfirmedFilter, "resolution__congress__committee", "resolution__congress", "resolution",
                   "section__title", "target_kind", "direction", "direction_source"]
    search_fields = ["name", "target_text"]
    list_select_related = ["section", "resolution"]
    readonly_fields = ["target_kind", "target_low", "target_high", "target_sub", "target_error",
                       "direction_status", "direction_confirmed_by", "direction_confirmed_at"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["parent"]
    inlines = [ResultInline]
    ordering = ["resolution", "order"]
    actions = ["confirm_current_direction", "confirm_higher", "confirm_lower"]

    @admin.display(description="chiều đánh giá", ordering="direction")
    def direction_shown(self, obj: Target) -> str:
        text = obj.get_direction_display()
        if obj.direction_unconfirmed:
            return format_html('<span class="direction-unconfirmed" title="{}">⚠ {} (suy đoán, cần xác nhận)</span>',
                               obj.direction_notice, text)
        return text

    @admin.display(description="nguồn chiều đánh giá")
    def direction_status(self, obj: Target) -> str:
        if obj.pk is None:
            return "—"
        if obj.direction_unconfirmed:
            return obj.direction_notice
        if obj.direction_source == Target.DirectionSource.CATALOGUE and obj.indicator_id:
            return f"Theo danh mục chỉ số '{obj.indicator.name}': {obj.get_direction_display().lower()}."
        if obj.direction_source == Target.DirectionSource.CONFIRMED:
            who = obj.direction_confirmed_by.get_full_name() or obj.direction_confirmed_by.username \
                if obj.direction_confirmed_by else "(hệ thống hoặc tệp nhập)"
            return f"Đã xác nhận: {obj.get_direction_display().lower()} — {who}."
        return f"{obj.get_direction_display()} (hệ thống suy đoán; mục tiêu loại này đánh giá như nhau theo cả hai chiều)."

    def has_confirm_direction_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("resolutions.confirm_direction")

    def _confirm(self, request: HttpRequest, queryset: QuerySet, direction: str | None) -> None:
        done = 0
        for target in queryset.select_related("resolution__congress"):
            try:
                services.confirm_direction(target, direction or target.direction, request.user)
                done += 1
            except PermissionDenied:
                messages.error(request, f"{target}: bạn không có quyền xác nhận chiều đánh giá của chỉ tiêu này.")
        if done:
            messages.success(request, f"Đã xác nhận chiều đánh giá của {done} chỉ tiêu.")

    @admin.action(description="Xác nhận chiều đánh giá đang dùng", permissions=["confirm_direction"])
    def confirm_current_direction(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._confirm(request, queryset, None)

    @admin.action(description="Xác nhận: càng cao càng tốt", permissions=["confirm_direction"])
    def confirm_higher(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._confirm(request, queryset, Indicator.Direction.HIGHER)

    @admin.action(description="Xác nhận: càng thấp càng tốt", permissions=["confirm_direction"])
    def confirm_lower(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._confirm(request, queryset, Indicator.Direction.LOWER)

    def get_urls(self) -> list[URLPattern]:
        return [
            path("<path:object_id>/xac-nhan-chieu/", self.admin_site.admin_view(self.confirm_direction_view),
                 name="resolutions_target_confirm_direction"),
            *super().get_urls(),
        ]

    def confirm_direction_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST from the target page's "Xác nhận" buttons (officials may confirm without editing targets)."""
        if request.method != "POST":
            raise PermissionDenied
        target = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if target is None:
            raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
        direction = request.POST.get("direction", "")
        try:
            services.confirm_direction(target, direction, request.user, request.POST.get("reason", ""))
        except services.DocumentError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, "Đã xác nhận chiều đánh giá của chỉ tiêu.")
        return HttpResponseRedirect(reverse("admin:resolutions_target_change", args=[target.pk]))

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        obj = context.get("original")
        context["can_confirm_direction"] = bool(
            obj is not None and request.user.has_perm("resolutions.confirm_direction")
            and access.can_resolution(request.user, "edit", obj.resolution)
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Target, form: Any, change: bool) -> None:
        # The parsed meaning is stored beside the text, the catalogue link and the direction decided as
        # for imported tables (services.link_target), the resolution's tallies recounted (services.save_target).
        chosen = form.cleaned_data.get("direction")
        person = "direction" in form.changed_data or form.cleaned_data.get("confirm_direction")
        services.save_target(obj, request.user)
        if person and chosen:
            services.confirm_direction(obj, chosen, request.user)

    def delete_model(self, request: HttpRequest, obj: Target) -> None:
        services.delete_target(obj, request.user)


class ReconciliationFilter(admin.SimpleListFilter):
    title = "so với đánh giá của văn bản"
    parameter_name = "doi_chieu"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("lech", "Khác đánh giá của văn bản"), ("khop", "Khớp đánh giá của văn bản"),
            ("kiem_tra", "Số liệu cần kiểm tra"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in {"lech", "khop", "kiem_tra"}:
            return queryset
        differing: set[int] = set()
        matching: set[int] = set()
        flagged: set[int] = set()
        reported = queryset if self.value() == "kiem_tra" else queryset.exclude(reported_status="")
        periods: dict[int, set[tuple[str, int | None]]] = {}
        for resolution_id, period, year in reported.values_list("target__resolution_id", "period", "year").distinct():
            periods.setdefault(resolution_id, set()).add((period, year))
        for resolution in Resolution.objects.filter(pk__in=periods).with_context():
            targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
            for period, year in periods[resolution.pk]:
                # verdicts.reconcile is the one comparison of the document's verdict with the rule's.
                result = reconcile(evaluate_targets(targets, period, year, rules_for(resolution)))
                differ = {row.result.pk for row in result.differing if row.result is not None}
                differing |= differ
                matching |= {row.result.pk for row in result.compared if row.result is not None} - differ
                flagged |= {row.flagged.pk for row in result.to_check if row.flagged is not None}
        chosen = {"lech": differing, "khop": matching, "kiem_tra": flagged}[self.value()]
        return queryset.filter(pk__in=chosen)


class ResultForm(forms.ModelForm):
    """A single figure; carries the version it was loaded at so a concurrent save is never overwritten."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Result
        fields = ["target", "period", "year", "figure", "raw_text", "source_note",
                  "override_status", "override_reason"]
        help_texts = {"raw_text": entry.NUMBER_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "override_status" in self.fields:
            # A person sets a judgement, never "no data", "to check" or "awaits a person".
            self.fields["override_status"].choices = [("", "—")] + [(s.value, s.label) for s in PERSON_VERDICTS]
        if self.instance.pk:
            # Required on change: a hand-made POST without it must not skip the conflict check.
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        instance = self.instance
        target = instance.target if instance.pk else data.get("target")
        period = instance.period if instance.pk else data.get("period")
        year = instance.year if instance.pk else data.get("year")
        locked = services.lock_reason(target.resolution, period, year) if target is not None and period else None
        if locked:
            raise ValidationError(locked)
        ended = services.after_committee_ended(target.resolution, period, year) if target is not None and period else None
        if ended:
            raise ValidationError(ended)
        if target is not None and data.get("raw_text"):
            errors = services.validate_entry_text(data["raw_text"], target)
            if errors:
                raise ValidationError({"raw_text": errors})
        if instance.pk:
            current = Result.objects.filter(pk=instance.pk).values_list("version", "raw_text").first()
            if current and data.get("expected_version") is not None and current[0] != data["expected_version"]:
                raise ValidationError(
                    f"Số liệu này vừa được người khác lưu với giá trị '{current[1] or '(trống)'}'. "
                    "Hãy tải lại trang, xem giá trị mới rồi nhập lại nếu cần."
                )
        if data.get("override_status") and not (data.get("override_reason") or "").strip():
            raise ValidationError({"override_reason": "Điều chỉnh đánh giá phải có lý do."})
        return data


@admin.register(Result)
class ResultAdmin(ScopedHistoryAdmin):
    committee_path = "target__resolution__congress__committee"
    form = ResultForm
    list_display = ["target", "period_text", "figure", "raw_text", "reported_text", "override_status", "entered_by", "updated_at"]
    list_filter = ["period", ("year", YearListFilter), "figure", ReconciliationFilter,
                   "target__resolution__congress__committee", "target__resolution"]
    year_text = year_column("year", "năm")
    search_fields = ["target__name", "raw_text"]
    list_select_related = ["target__resolution", "entered_by"]
    readonly_fields = ["verdict_explanation", "value_kind", "value", "value_high", "value_sub", "value_error",
                       "reported_status", "reported_text", "entered_by", "entered_at", "updated_at",
                       "overridden_by", "overridden_at", "version"]
    raw_id_fields = ["target"]

    @admin.display(description="kỳ", ordering="year")
    def period_text(self, obj: Result) -> str:
        return obj.period_label

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Which figure a row is never changes; a different period is a different figure.
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["target", "period", "year_text", "figure"] if obj is not None else fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # On change the year is shown as text ("2025", not "2.025"), in its usual place.
        fields = list(super().get_fields(request, obj))
        if obj is not None:
            fields = [f for f in fields if f != "year_text"]
            fields = ["year_text" if f == "year" else f for f in fields]
        return fields

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
                if row.flagged is not None:
                    url = reverse("admin:resolutions_figure_check", args=[row.flagged.pk])
                    return format_html('{} <a href="{}">Xác nhận hoặc sửa số liệu</a>', text, url)
                return text
        return "—"

    def _locked(self, obj: Any) -> bool:
        return obj is not None and services.is_locked(obj.target.resolution, obj.period, obj.year)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Result) -> None:
        try:
            services.delete_result(obj, request.user)
        except services.LockedError as exc:
            raise PermissionDenied(str(exc)) from exc

    def save_model(self, request: HttpRequest, obj: Result, form: Any, change: bool) -> None:
        """The figure goes through services.record_result (version check, lock), the verdict through set_override."""
        try:
            result = services.record_result(
                obj.target, period=obj.period, year=obj.year, text=obj.raw_text,
                estimate=obj.figure == Result.Figure.ESTIMATE, note=obj.source_note, user=request.user,
                expected_version=form.cleaned_data.get("expected_version") if change else 0,
            )
        except (services.ConflictError, services.LockedError, services.DocumentError) as exc:
            # The form's checks passed a moment ago; someone saved or approved in between.
            raise PermissionDenied(str(exc)) from exc
        if {"override_status", "override_reason"} & set(form.changed_data):
            if request.user.has_perm("resolutions.override_result"):
                status = obj.override_status
                result = services.set_override(result, Status(status) if status else None, obj.override_reason, request.user)
            else:
                messages.error(request, "Bạn không có quyền điều chỉnh đánh giá; phần điều chỉnh không được lưu.")
        obj.pk = result.pk
        obj.version = result.version


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
class SubmissionAdmin(ScopedHistoryAdmin):
    """Submissions are read here; their state changes only through resolutions.workflow.

    Also hosts the data-entry pages (entry form, per-period history, completeness).
    """

    committee_path = "resolution__congress__committee"
    list_display = ["resolution", "period", "year_text", "state", "submitted_by", "submitted_at", "approved_by",
                    "approved_at", "entry_link"]
    list_filter = ["state", "period", ("year", YearListFilter)]
    list_select_related = ["resolution", "submitted_by", "approved_by"]
    readonly_fields = ["resolution", "period", "year_text", "state", "submitted_by", "submitted_at", "approved_by",
                       "approved_at", "reopen_reason"]
    fields = readonly_fields  # nothing is edited here: states change through workflow
    year_text = year_column("year", "năm")
    actions = ["submit_selected", "approve_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("resolution__congress__committee")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a submission is created by submitting (workflow.submit)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deleting would unlock figures without a reason; reopen instead

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="xem")
    def entry_link(self, obj: Submission) -> str:
        key = workflow.period_key(obj.period, obj.year)
        return format_html(
            '<a href="{}">Số liệu</a> · <a href="{}">Lịch sử</a>',
            reverse("admin:resolutions_entry", args=[obj.resolution_id, key]),
            reverse("admin:resolutions_period_history", args=[obj.resolution_id, key]),
        )

    def _transition(self, request: HttpRequest, queryset: QuerySet, step: Any, done: str) -> None:
        ok = 0
        for submission in queryset:
            try:
                step(submission.resolution, submission.period, submission.year, request.user)
                ok += 1
            except workflow.WorkflowError as exc:
                messages.error(request, f"{submission}: {exc}")
        if ok:
            messages.success(request, f"{done}: {ok}.")

    @admin.action(description="Gửi cấp trên duyệt")
    def submit_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition(request, queryset, workflow.submit, "Đã gửi")

    @admin.action(description="Duyệt và khóa số liệu")
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition(request, queryset, workflow.approve, "Đã duyệt")

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("nhap-so-lieu/", view(entry.pick_view), name="resolutions_entry_pick"),
            path("nhap-so-lieu/<int:resolution_id>/<str:period_key>/", view(entry.entry_view), name="resolutions_entry"),
            path("nhap-so-lieu/<int:resolution_id>/<str:period_key>/trang-thai/", view(entry.workflow_view),
                 name="resolutions_entry_workflow"),
            path("lich-su/<int:resolution_id>/<str:period_key>/", view(entry.history_view),
                 name="resolutions_period_history"),
            path("tinh-hinh-gui/", view(entry.completeness_view), name="resolutions_completeness"),
            path("kiem-tra-so-lieu/<int:result_id>/", view(figure_check.check_view), name="resolutions_figure_check"),
            *super().get_urls(),
        ]


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
