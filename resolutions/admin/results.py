"""Admin of results (one figure, version-checked, with its verdict) and submissions (with the entry pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from indicators.statuses import PERSON_VERDICTS, Status
from resolutions import entry, figure_check, services, workflow
from resolutions.admin.base import ScopedHistoryAdmin, YearListFilter, year_column
from resolutions.models import Resolution, Result, Submission, Target
from resolutions.verdicts import evaluate_targets, reconcile, rules_for


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
