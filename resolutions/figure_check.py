"""The page where an official looks at a figure judged "Cần kiểm tra": confirm it as written, or correct it.

Thin views: the figure is loaded through ``resolutions.access`` (only committees the user may enter
for), the choice is validated with a form, ``services.confirm_figure`` / ``services.correct_figure``
write it (audited), and the official goes back to the entry page of that period.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from indicators.numbers import format_number
from indicators.statuses import Status
from resolutions import access, services, workflow
from resolutions.entry import entry_url
from resolutions.models import Result, Target
from resolutions.verdicts import figure_check, rules_for


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label="Lý do số liệu đúng như đã ghi", max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={"required": "Cần ghi lý do xác nhận số liệu đúng như đã ghi."},
    )


class CorrectForm(forms.Form):
    text = forms.CharField(label="Số liệu đúng", max_length=500)
    reason = forms.CharField(label="Ghi chú (không bắt buộc)", max_length=1000, required=False)


def _load(request: HttpRequest, result_id: int) -> Result:
    """The figure, if the user may enter figures for its committee; else 404."""
    qs = access.scope(
        Result.objects.select_related("target__resolution__congress__committee"), request.user,
        "target__resolution__congress__committee", "edit",
    )
    try:
        result = qs.get(pk=result_id)
    except Result.DoesNotExist as exc:
        raise Http404("Không tìm thấy số liệu hoặc bạn không có quyền sửa.") from exc
    # The target with its results, for the previous year's figure the check compares with.
    result.target = Target.objects.for_scoreboard().select_related("resolution__congress").get(pk=result.target_id)
    return result


def _back(result: Result) -> str:
    """The entry page of the figure's period, or the figure's admin page for a period with none."""
    resolution = result.target.resolution
    if (result.period, result.year) in workflow.entry_periods(resolution):
        return entry_url(resolution, result.period, result.year)
    return reverse("admin:resolutions_result_change", args=[result.pk])


def check_view(request: HttpRequest, result_id: int) -> HttpResponse:
    """Show why a figure needs checking; POST ``action=confirm`` (with a reason) or ``action=correct``."""
    result = _load(request, result_id)
    resolution = result.target.resolution
    back = _back(result)
    verdict = figure_check(result, rules_for(resolution))
    confirm = ConfirmForm(request.POST if request.POST.get("action") == "confirm" else None)
    likely = format_number(verdict.likely) if verdict.likely is not None else ""
    correct = CorrectForm(
        request.POST if request.POST.get("action") == "correct" else None, initial={"text": likely}
    )
    if request.method == "POST":
        form = confirm if request.POST.get("action") == "confirm" else correct
        if form.is_bound and form.is_valid():
            try:
                if form is confirm:
                    services.confirm_figure(result, form.cleaned_data["reason"], request.user)
                    messages.success(request, f"Đã xác nhận số liệu “{result.raw_text}” đúng như đã ghi.")
                else:
                    saved = services.correct_figure(
                        result, form.cleaned_data["text"], form.cleaned_data["reason"], request.user
                    )
                    messages.success(request, f"Đã sửa số liệu thành “{saved.raw_text}”.")
            except (services.DocumentError, services.LockedError, services.ConflictError) as exc:
                errors = exc.messages if isinstance(exc, services.DocumentError) else [str(exc)]
                for error in errors:
                    form.add_error(None, error)
            else:
                return redirect(back)
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": "Kiểm tra số liệu",
        "result": result, "target": result.target, "resolution": resolution, "verdict": verdict,
        "needs_check": verdict.status == Status.CHECK, "likely": likely,
        "confirm_form": confirm, "correct_form": correct, "back": back,
    }
    return render(request, "admin/resolutions/figure_check.html", context)
