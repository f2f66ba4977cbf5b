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
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator
from indicators.statuses import PERSON_VERDICTS, Status
from indicators.text import fold_text
from resolutions import (
    access,
    adjustments,
    cascade,
    catalogue_admin,
    entry,
    figure_check,
    in_force,
    next_term,
    rating_entry,
    ratings,
    services,
    sign_in_admin,
    workflow,
)
from resolutions.admin_filters import scoped_list_filter
from resolutions.models import (
    Committee,
    Congress,
    IssuedFile,
    IssuedReport,
    Membership,
    RatingCount,
    RatingTarget,
    Resolution,
    Result,
    Section,
    Submission,
    Target,
    TargetAdjustment,
    TargetLink,
)
from resolutions.verdicts import evaluate_targets, reconcile, rules_for

assert catalogue_admin.IndicatorAdmin  # registers the catalogue's admin (resolutions/catalogue_admin.py)
assert sign_in_admin.LoginLockoutAdmin  # registers the sign-in records' admin (resolutions/sign_in_admin.py)

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


class AdjustmentForm(forms.ModelForm):
    """A new adjustment: the service's checks (text, decision, date, locks) shown on the form."""

    class Meta:
        model = TargetAdjustment
        fields = ["target", "target_text", "decision_code", "decision_title", "decided_on", "effective_from", "reason"]
        help_texts = {"effective_from": "Kỳ kết thúc từ ngày này trở đi được đánh giá theo mục tiêu điều chỉnh "
                                        "(ví dụ áp dụng từ 01/07/2023: năm 2023 trở đi và cả nhiệm kỳ)."}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        target = data.get("target")
        if target is not None:
            errors, locked = adjustments.check_adjustment(
                target, text=data.get("target_text") or "", decision_code=data.get("decision_code") or "",
                effective_from=data.get("effective_from"),
            )
            if locked:
                errors.append(adjustments.lock_message(locked))
            if errors:
                raise ValidationError(errors)
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Lý do gỡ bỏ", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


@admin.register(TargetAdjustment)
class TargetAdjustmentAdmin(ScopedHistoryAdmin):
    """Adjustments are added through ``adjustments.adjust_target`` and never edited; a mistake is withdrawn
    (with a reason, audited) on its own page."""

    committee_path = "target__resolution__congress__committee"
    form = AdjustmentForm
    list_display = ["target", "original_text", "target_text", "decision_code", "decided_on", "effective_from",
                    "created_by"]
    list_filter = ["target__resolution__congress__committee", "target__resolution"]
    search_fields = ["target__name", "decision_code", "target_text"]
    list_select_related = ["target__resolution", "created_by"]
    autocomplete_fields = ["target"]
    readonly_fields = ["original_text", "target_kind", "created_by", "created_at", "withdraw_link"]

    @admin.display(description="mục tiêu ban đầu")
    def original_text(self, obj: TargetAdjustment) -> str:
        return obj.target.target_text if obj.target_id else "—"

    @admin.display(description="gỡ bỏ")
    def withdraw_link(self, obj: TargetAdjustment) -> str:
        if obj.pk is None:
            return "—"
        return format_html('<a href="{}">Gỡ bỏ điều chỉnh này (ghi lý do)</a>',
                           reverse("admin:resolutions_targetadjustment_withdraw", args=[obj.pk]))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return list(AdjustmentForm.Meta.fields)
        return ["target", "original_text", "target_text", "target_kind", "decision_code", "decision_title",
                "decided_on", "effective_from", "reason", "created_by", "created_at", "withdraw_link"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdrawn with a reason on its own page (withdraw_view)

    def save_model(self, request: HttpRequest, obj: TargetAdjustment, form: Any, change: bool) -> None:
        try:
            created = adjustments.adjust_target(
                obj.target, text=obj.target_text, decision_code=obj.decision_code, effective_from=obj.effective_from,
                decision_title=obj.decision_title, decided_on=obj.decided_on, reason=obj.reason, user=request.user,
            )
        except (services.DocumentError, services.LockedError) as exc:
            # The form's checks passed a moment ago; someone approved or adjusted in between.
            raise PermissionDenied(str(exc)) from exc
        obj.pk = created.pk

    def get_urls(self) -> list[URLPattern]:
        return [
            path("<int:pk>/go-bo/", self.admin_site.admin_view(self.withdraw_view),
                 name="resolutions_targetadjustment_withdraw"),
            *super().get_urls(),
        ]

    def withdraw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Withdraw an adjustment entered by mistake: a reason is required; locked periods refuse it."""
        adjustment = access.scope(
            TargetAdjustment.objects.select_related("target__resolution"), request.user, self.committee_path, "edit"
        ).filter(pk=pk).first()
        if adjustment is None or not request.user.has_perm("resolutions.delete_targetadjustment"):
            raise Http404("Không tìm thấy điều chỉnh hoặc bạn không có quyền gỡ bỏ.")
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                adjustments.withdraw_adjustment(adjustment, reason=form.cleaned_data["reason"], user=request.user)
            except (services.DocumentError, services.LockedError) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Đã gỡ bỏ điều chỉnh: {adjustment}.")
                return HttpResponseRedirect(reverse("admin:resolutions_target_change", args=[adjustment.target_id]))
        return TemplateResponse(request, "admin/resolutions/withdraw_adjustment.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "adjustment": adjustment, "title": "Gỡ bỏ điều chỉnh chỉ tiêu",
        })


class LinkForm(forms.ModelForm):
    """A new link: a target serving the target above it (the previous-term links come from next_term)."""

    class Meta:
        model = TargetLink
        fields = ["target", "linked_to"]
        labels = {"target": "Chỉ tiêu của đảng bộ cấp dưới", "linked_to": "Phục vụ chỉ tiêu cấp trên"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = TargetLink.Kind.SERVES  # so the model's constraints are checked for this kind

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        target, upper = data.get("target"), data.get("linked_to")
        if target is not None and upper is not None:
            errors = cascade.check_link(target, upper)
            if errors:
                raise ValidationError(errors)
        return data


@admin.register(TargetLink)
class TargetLinkAdmin(ScopedHistoryAdmin):
    """Links between targets: written by ``resolutions.cascade`` (and ``next_term``), removed with an audit entry."""

    committee_path = "target__resolution__congress__committee"
    form = LinkForm
    list_display = ["target", "kind", "linked_to", "created_by", "created_at"]
    list_filter = ["kind", "target__resolution__congress__committee"]
    search_fields = ["target__name", "linked_to__name"]
    list_select_related = ["target", "linked_to", "created_by"]
    # The target served is a plain list of the committees above (the Target admin search is scoped to
    # the official's own committee, so an autocomplete there would find nothing).
    autocomplete_fields = ["target"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["target", "kind", "linked_to", "created_by", "created_at"] if obj is not None else []

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "linked_to":
            # The target served belongs to a committee above the official's own (access.upper_committee_ids).
            above = access.upper_committee_ids(request.user)
            qs = Target.objects.all()
            qs = qs if above is None else qs.filter(resolution__congress__committee_id__in=above)
            kwargs["queryset"] = qs.select_related("resolution__congress__committee").order_by("resolution", "order")
            field = admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
            field.label_from_instance = lambda t: f"{t.resolution.congress.committee.name} — {t.resolution.title[:60]} — {t}"
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: TargetLink, form: Any, change: bool) -> None:
        try:
            obj.pk = cascade.link_to_upper(obj.target, obj.linked_to, request.user).pk
        except services.DocumentError as exc:
            raise PermissionDenied(str(exc)) from exc

    def delete_model(self, request: HttpRequest, obj: TargetLink) -> None:
        cascade.unlink(obj, user=request.user, reason="Gỡ trong trang quản trị")


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
