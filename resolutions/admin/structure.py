"""Admin of the documents' structure: committees, congresses, resolutions (with sections) and targets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from indicators.models import Indicator
from resolutions import access, cascade, in_force, next_term, services
from resolutions.admin.base import FoldedSearchMixin, ScopedAdmin, ScopedHistoryAdmin, year_column
from resolutions.models import (
    Committee,
    Congress,
    Resolution,
    Result,
    Section,
    Target,
    TargetAdjustment,
    TargetLink,
)


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


class TargetLockForm(forms.ModelForm):
    """A target edited in the admin: an original text an approved period was judged by stays locked.

    No Meta: the admin classes build the form with the fields they show (modelform_factory).
    """

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and "target_text" in self.changed_data:
            stored = Target.objects.select_related("resolution").prefetch_related("adjustments").get(pk=self.instance.pk)
            errors = in_force.original_change_errors(
                stored, data.get("target_text") or "", in_force.approved_periods(stored.resolution)
            )
            if errors:
                raise ValidationError({"target_text": errors})
        return data


class TargetInline(admin.TabularInline):
    model = Target
    form = TargetLockForm
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
    actions = ["link_subordinate_targets", "continue_previous_term"]
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

    @admin.action(description="Liên kết chỉ tiêu của các đảng bộ cấp dưới (cùng chỉ số danh mục)")
    def link_subordinate_targets(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Each chosen resolution's targets gain the same-indicator targets of the committees directly below."""
        allowed = access.scope(queryset, request.user, self.committee_path, "edit")
        if allowed.count() != queryset.count():
            messages.error(request, "Chỉ liên kết được nghị quyết của đảng bộ mình phụ trách nhập liệu.")
            return
        for resolution in allowed.with_context():
            made = cascade.link_same_indicator(resolution, request.user)
            messages.success(request, f"{resolution.title}: đã liên kết {len(made)} chỉ tiêu của các đảng bộ cấp dưới.")

    @admin.action(description="Nối với nhiệm kỳ trước (năm gốc, giữ liên kết danh mục)")
    def continue_previous_term(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Each chosen congress resolution's targets are linked to the previous term's (next_term.carry_over)."""
        allowed = access.scope(queryset, request.user, self.committee_path, "edit")
        if allowed.count() != queryset.count():
            messages.error(request, "Chỉ nối được nghị quyết của đảng bộ mình phụ trách nhập liệu.")
            return
        for resolution in allowed.with_context():
            messages.success(request, f"{resolution.title}: {next_term.carry_over(resolution, request.user).as_text()}")

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


class ReadOnlyTargetInline(admin.TabularInline):
    """Rows shown on a target's page, read only: they are written through their own services and pages."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A target being added has none yet: no inline (and no management form) on the add page.
        return obj is not None and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read only here: written through their services

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AdjustmentInline(ReadOnlyTargetInline):
    """The target's adjustments, read only here (added and withdrawn on their own pages, through the service)."""

    model = TargetAdjustment
    fields = ["target_text", "decision_code", "decided_on", "effective_from", "reason", "created_by"]
    readonly_fields = fields
    verbose_name_plural = "điều chỉnh chỉ tiêu (mục tiêu đã điều chỉnh)"


class LinkInline(ReadOnlyTargetInline):
    """The target's links to a target above (cascade) or of the previous term, read only here."""

    model = TargetLink
    fk_name = "target"
    fields = ["kind", "linked_to", "created_by", "created_at"]
    readonly_fields = fields


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


class TargetForm(TargetLockForm):
    confirm_direction = forms.BooleanField(
        label="Xác nhận chiều đánh giá này", required=False,
        help_text="Đánh dấu (hoặc đổi chiều đánh giá) để ghi nhận là người dùng đã xác nhận; "
                  "chiều đã xác nhận không bị danh mục hay lần nhập bảng sau thay đổi.",
    )

    class Meta:
        model = Target
        fields = ["resolution", "section", "parent", "order", "number", "name", "indicator", "unit", "target_text",
                  "term_basis", "direction", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and "direction" in self.changed_data and data.get("direction"):
            stored = Target.objects.select_related("resolution").get(pk=self.instance.pk)
            locked = services.direction_lock(stored, data["direction"])
            if locked:
                self.add_error("direction", locked)
        return data


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
    inlines = [AdjustmentInline, LinkInline, ResultInline]
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
            except services.LockedError as exc:
                messages.error(request, str(exc))
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
        except services.LockedError as exc:
            messages.error(request, str(exc))
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
