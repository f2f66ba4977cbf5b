"""Admin of target adjustments (added, then withdrawn with a reason) and of links between targets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from resolutions import access, adjustments, cascade, services
from resolutions.admin.base import ScopedHistoryAdmin
from resolutions.models import Target, TargetAdjustment, TargetLink


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
