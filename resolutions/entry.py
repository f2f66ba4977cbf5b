"""Officials' data entry in the admin: the yearly results page, its history and the completeness view.

Views are thin: they load through ``resolutions.access``, validate with a formset, call
``resolutions.services`` / ``resolutions.workflow`` and redirect. They are registered by
``SubmissionAdmin.get_urls`` and wrapped in ``admin_site.admin_view``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min
from django.forms import BaseFormSet, formset_factory
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from indicators.reporting import nearest_due_year
from resolutions import access, services, workflow
from resolutions.models import Committee, Congress, Resolution, Result, Submission, Target
from resolutions.verdicts import Row, evaluate_targets, pick_result, rules_for

NUMBER_HELP = (
    "Viết số theo kiểu Việt Nam: dấu chấm phân cách hàng nghìn, dấu phẩy thập phân "
    "(ví dụ 1.234,5 là một nghìn hai trăm ba mươi tư phẩy năm). Tối đa 6 chữ số thập phân."
)


# --------------------------------------------------------------------------- page data


@dataclass
class RowContext:
    """What one row of the entry page shows besides its inputs."""

    row: Row
    result: Result | None
    previous: list[str] = field(default_factory=list)  # one cell per previous period column

    @property
    def target(self) -> Target:
        return self.row.target

    @property
    def enterable(self) -> bool:
        """Parents without a target of their own are judged by their parts: no input of their own."""
        return not (self.row.children and self.target.expression.kind.value == "empty")


def _previous_periods(period: str, year: int | None, results: list[Result]) -> list[tuple[str, int]]:
    """Earlier yearly periods shown as columns: years before ``year`` (all years for the term)."""
    years = sorted({r.year for r in results if r.period == Result.Period.YEAR and r.year is not None})
    if period != Result.Period.TERM:
        years = [y for y in years if year is not None and y < year]
    return [(Result.Period.YEAR, y) for y in years]


def build_rows(resolution: Resolution, period: str, year: int | None) -> tuple[list[RowContext], list[str]]:
    """Rows in document order with verdicts and earlier figures, and the earlier periods' headers.

    Two queries whatever the number of targets (targets with section/indicator/parent, results).
    """
    targets = list(Target.objects.filter(resolution=resolution).for_scoreboard())
    rows = evaluate_targets(targets, period, year, rules_for(resolution))
    all_results = [r for t in targets for r in t.results.all()]
    columns = _previous_periods(period, year, all_results)
    contexts = []
    for row in rows:
        results = list(row.target.results.all())
        ctx = RowContext(row=row, result=pick_result(results, period, year))
        for p, y in columns:
            earlier = pick_result(results, p, y)
            ctx.previous.append(earlier.raw_text if earlier else "")
        contexts.append(ctx)
    return contexts, [workflow.period_label(p, y) for p, y in columns]


# --------------------------------------------------------------------------- forms


class EntryRowForm(forms.Form):
    """One target's figure for the period. Hidden initials tell which rows the official changed."""

    target = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    text = forms.CharField(
        label="Kết quả kỳ này", required=False, max_length=500, show_hidden_initial=True,
        # The format help is printed once above the table (id "number-help"), not on every row.
        widget=forms.TextInput(attrs={"size": 12, "inputmode": "decimal", "autocomplete": "off", "tabindex": "1",
                                      "aria-describedby": "number-help"}),
    )
    estimate = forms.BooleanField(label="Ước", required=False, show_hidden_initial=True)
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=1000, show_hidden_initial=True,
        widget=forms.TextInput(attrs={"size": 18}),
    )

    def __init__(self, *args: Any, context: RowContext, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context = context
        self.fields["text"].widget.attrs["aria-label"] = f"Kết quả: {services.target_name(context.target)}"

    @property
    def user_changed(self) -> bool:
        """Whether the official changed this row (against what the page showed when loaded)."""
        return any(name in self.changed_data for name in ("text", "estimate", "note"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("target") != self.context.target.pk:
            raise forms.ValidationError("Dòng không khớp với chỉ tiêu của trang; hãy tải lại trang.")
        if not self.user_changed:
            return data
        text = (data.get("text") or "").strip()
        errors = services.validate_entry_text(text, self.context.target)
        if errors:
            self.add_error("text", errors)
        return data


class EntryFormSet(BaseFormSet):
    """The rows of one page; each form gets its row's context (target, earlier figures)."""

    def __init__(self, *args: Any, contexts: list[RowContext], **kwargs: Any) -> None:
        self.contexts = contexts
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"context": self.contexts[index]}


def make_formset(contexts: list[RowContext], data: QueryDict | None = None) -> EntryFormSet:
    """A formset over the enterable rows; posted data can never add rows (absolute_max)."""
    n = len(contexts)
    cls = formset_factory(EntryRowForm, formset=EntryFormSet, extra=0, max_num=n, absolute_max=n, validate_max=True)
    initial = [
        {
            "target": c.target.pk,
            "version": c.result.version if c.result else 0,
            "text": c.result.raw_text if c.result else "",
            "estimate": bool(c.result and c.result.figure == Result.Figure.ESTIMATE),
            "note": c.result.source_note if c.result else "",
        }
        for c in contexts
    ]
    return cls(data, initial=initial, contexts=contexts, prefix="row")


def _expected_version(form: EntryRowForm) -> int:
    """The version the official loaded for the figure they are writing (0: expected not to exist)."""
    loaded = form.context.result
    estimate = bool(form.cleaned_data.get("estimate"))
    loaded_estimate = bool(loaded and loaded.figure == Result.Figure.ESTIMATE)
    if loaded is None or estimate != loaded_estimate:
        return 0
    return form.cleaned_data.get("version") or 0


class ResolutionSelect(forms.Select):
    """The resolution list; each option carries its periods and default period for entry_pick.js."""

    def __init__(self, periods: dict[str, list[str]], defaults: dict[str, str]) -> None:
        super().__init__()
        self.periods, self.defaults = periods, defaults

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = str(value)
        if key in self.periods:
            option["attrs"]["data-periods"] = " ".join(self.periods[key])
            option["attrs"]["data-default"] = self.defaults[key]
        return option


def default_period_key(periods: list[tuple[str, int | None]], today: dt.date) -> str:
    """The period the picker proposes: the latest year that is due (never a future one), else the first."""
    year = nearest_due_year([y for p, y in periods if p == Result.Period.YEAR and y is not None], today)
    if year is not None:
        return workflow.period_key(Result.Period.YEAR, year)
    return workflow.period_key(*periods[0])


class PickForm(forms.Form):
    """One step: the resolution (grouped by committee) and the period, only what the user may enter.

    The period list is every period of the listed resolutions; entry_pick.js narrows it to the
    chosen resolution's. Without JavaScript a period the resolution does not have is refused with
    the list of the ones it has, and the list then follows the chosen resolution.
    """

    resolution = forms.TypedChoiceField(label="Nghị quyết", coerce=int)
    # Any period key is read here; whether the chosen resolution has it is checked in clean(),
    # which names the periods it does have.
    period = forms.CharField(label="Kỳ báo cáo", widget=forms.Select)

    def __init__(self, *args: Any, user: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolutions = access.scope(
            Resolution.objects.with_context().select_related("congress__committee__successor"),
            user, "congress__committee", "edit",
        )
        self.resolutions: dict[int, Resolution] = {}
        self.periods: dict[int, list[tuple[str, int | None]]] = {}
        groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
        for r in resolutions:
            periods = workflow.entry_periods(r)
            if not periods:
                continue  # e.g. a 2025-2030 resolution of a committee that ended in 2025
            self.resolutions[r.pk], self.periods[r.pk] = r, periods
            committee = r.congress.committee
            groups.setdefault(committee.pk, (committee_choice_label(committee), []))[1].append((r.pk, r.title))
        self.fields["resolution"].widget = ResolutionSelect(
            {str(pk): [workflow.period_key(*p) for p in ps] for pk, ps in self.periods.items()},
            {str(pk): default_period_key(ps, today) for pk, ps in self.periods.items()},
        )
        self.fields["resolution"].choices = list(groups.values())
        chosen = self._chosen_resolution()
        if chosen is not None:
            self.fields["resolution"].initial = chosen
            self.fields["period"].initial = default_period_key(self.periods[chosen], today)
        listed = self.periods[chosen] if self.is_bound and chosen is not None else _union(self.periods.values())
        self.fields["period"].widget.choices = [(workflow.period_key(*p), workflow.period_label(*p)) for p in listed]

    def clean_period(self) -> str:
        key = self.cleaned_data["period"]
        if workflow.parse_period_key(key) is None:
            raise forms.ValidationError("Kỳ không hợp lệ.")
        return key

    def _chosen_resolution(self) -> int | None:
        raw = str(self.data.get("resolution", "")) if self.is_bound else ""
        if raw.isdigit() and int(raw) in self.resolutions:
            return int(raw)
        return next(iter(self.resolutions), None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        pk, key = data.get("resolution"), data.get("period")
        if pk is not None and key is not None:
            periods = self.periods[pk]
            if workflow.parse_period_key(key) not in periods:
                names = ", ".join(workflow.period_label(*p) for p in periods)
                self.add_error("period", f"Nghị quyết đã chọn không có kỳ này; chọn một trong: {names}.")
        return data


def committee_choice_label(committee: Committee) -> str:
    """A committee as the picker groups it: its name, and what its end means when it ended."""
    successor = committee.successor.name if committee.successor_id and committee.successor else ""
    note = committee.end_note(successor)
    return f"{committee.name} ({note})" if note else committee.name


def _union(lists: Any) -> list[tuple[str, int | None]]:
    """Every period of several resolutions, once each: years in order (year, then its first half), then the term."""
    seen = {p for periods in lists for p in periods}
    dated = sorted((p for p in seen if p[1] is not None), key=lambda p: (p[1], p[0] != Result.Period.YEAR))
    return dated + [p for p in seen if p[1] is None]


# --------------------------------------------------------------------------- views


def _period(resolution: Resolution, key: str) -> tuple[str, int | None]:
    parsed = workflow.parse_period_key(key)
    if parsed is None or parsed not in workflow.entry_periods(resolution):
        raise Http404("Kỳ không thuộc nghị quyết này.")
    return parsed


def _context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": title, **extra}


def entry_url(resolution: Resolution, period: str, year: int | None) -> str:
    return reverse("admin:resolutions_entry", args=[resolution.pk, workflow.period_key(period, year)])


def pick_view(request: HttpRequest) -> HttpResponse:
    """Choose the resolution and period in one form, then go to the entry page."""
    form = PickForm(request.GET or None, user=request.user, today=timezone.localdate())
    if form.is_bound and form.is_valid():
        return redirect(reverse("admin:resolutions_entry", args=[form.cleaned_data["resolution"],
                                                                 form.cleaned_data["period"]]))
    return render(request, "admin/resolutions/entry_pick.html", _context(request, "Nhập số liệu", form=form))


def entry_view(request: HttpRequest, resolution_id: int, period_key: str) -> HttpResponse:
    """One page with every target of the resolution: earlier figures, this period's input, verdict."""
    action = "edit" if request.method == "POST" else "view"
    resolution = access.get_resolution_for(request.user, resolution_id, action)
    period, year = _period(resolution, period_key)
    submission = workflow.submission_for(resolution, period, year)
    # Submitted: read-only until returned; approved: locked until reopened (services refuse both too).
    locked = submission is not None and submission.state != Submission.State.DRAFT
    can_edit = action == "edit" or access.can_resolution(request.user, "edit", resolution)
    contexts, columns = build_rows(resolution, period, year)
    enterable = [c for c in contexts if c.enterable]

    formset = None
    if request.method == "POST":
        if locked:
            messages.error(request, f"Chưa lưu: {services.LOCK_MESSAGES[submission.state]}")
            return redirect(entry_url(resolution, period, year))
        formset = make_formset(enterable, request.POST)
        if formset.is_valid():
            entries = [
                services.Entry(
                    target=f.context.target, text=f.cleaned_data["text"], estimate=f.cleaned_data["estimate"],
                    note=f.cleaned_data["note"], expected_version=_expected_version(f),
                )
                for f in formset.forms if f.user_changed
            ]
            try:
                saved = services.record_results(entries, period=period, year=year, user=request.user)
            except services.EntryError as exc:
                locks = [e for e in exc.errors.values() if isinstance(e, services.LockedError)]
                if locks:
                    # Submitted or approved while the official was typing: nothing saved, say why.
                    messages.error(request, f"Chưa lưu: {locks[0]}")
                    return redirect(entry_url(resolution, period, year))
                formset = _with_conflicts(enterable, request.POST, exc)
                messages.error(request, "Chưa lưu: một số dòng có lỗi hoặc vừa được người khác sửa (xem từng dòng).")
            else:
                messages.success(request, f"Đã lưu {len(saved)} số liệu. Đánh giá từng chỉ tiêu ở cột bên phải.")
                return redirect(entry_url(resolution, period, year))
        else:
            messages.error(request, "Chưa lưu: kiểm tra các dòng được đánh dấu.")
    elif can_edit and not locked:
        formset = make_formset(enterable)

    forms_by_target = {f.context.target.pk: f for f in formset.forms} if formset is not None else {}
    lines = [(c, forms_by_target.get(c.target.pk)) for c in contexts]
    user = request.user
    return render(request, "admin/resolutions/entry.html", _context(
        request, f"Nhập số liệu: {workflow.period_label(period, year)}",
        resolution=resolution, period_label=workflow.period_label(period, year),
        committee_label=committee_choice_label(resolution.congress.committee),
        period_key=workflow.period_key(period, year), lines=lines, columns=columns, formset=formset,
        submission=submission, locked=locked, can_edit=can_edit and not locked,
        lock_message=services.LOCK_MESSAGES.get(submission.state, "") if locked and submission else "",
        can_submit=can_edit and (submission is None or submission.state == Submission.State.DRAFT),
        can_approve=bool(submission and submission.state == Submission.State.SUBMITTED
                         and user.has_perm("resolutions.approve_submission")
                         and access.can_resolution(user, "approve", resolution)),
        can_reopen=bool(submission and submission.state == Submission.State.APPROVED
                        and user.has_perm("resolutions.reopen_submission")
                        and access.can_resolution(user, "approve", resolution)),
        number_help=NUMBER_HELP, unconfirmed=[c for c in contexts if c.target.direction_unconfirmed],
    ))


def _with_conflicts(contexts: list[RowContext], data: QueryDict, exc: services.EntryError) -> EntryFormSet:
    """Re-show the page after a failed save: the official's values kept, each row's error shown.

    For a conflict the hidden version and initials become the other person's, so saving again is a
    deliberate overwrite of a value the official has now seen, never a silent one.
    """
    data = data.copy()
    for i, context in enumerate(contexts):
        error = exc.errors.get(context.target.pk)
        if isinstance(error, services.ConflictError) and error.result.pk:
            other = error.result
            data[f"row-{i}-version"] = str(other.version)
            data[f"initial-row-{i}-text"] = other.raw_text
            data[f"initial-row-{i}-note"] = other.source_note
            data[f"initial-row-{i}-estimate"] = str(other.figure == Result.Figure.ESTIMATE)
    formset = make_formset(contexts, data)
    formset.is_valid()
    for form in formset.forms:
        error = exc.errors.get(form.context.target.pk)
        if error is not None:
            messages_ = error.messages if isinstance(error, services.DocumentError) else [str(error)]
            form.add_error("text", messages_)
    return formset


@require_POST
def workflow_view(request: HttpRequest, resolution_id: int, period_key: str) -> HttpResponse:
    """Submit, return, approve or reopen a period (POST only); errors come back as messages."""
    resolution = access.get_resolution_for(request.user, resolution_id, "view")
    period, year = _period(resolution, period_key)
    action = request.POST.get("action", "")
    try:
        if action == "submit":
            workflow.submit(resolution, period, year, request.user)
            messages.success(request, "Đã gửi số liệu lên cấp trên để duyệt.")
        elif action == "approve":
            workflow.approve(resolution, period, year, request.user)
            messages.success(request, "Đã duyệt; số liệu kỳ này đã được khóa.")
        elif action == "return":
            workflow.send_back(resolution, period, year, request.user, request.POST.get("reason", ""))
            messages.success(request, "Đã trả lại số liệu cho cán bộ nhập liệu để sửa.")
        elif action == "reopen":
            workflow.reopen(resolution, period, year, request.user, request.POST.get("reason", ""))
            messages.success(request, "Đã mở lại số liệu để sửa.")
        else:
            raise PermissionDenied
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = entry_url(resolution, period, year)
    return HttpResponseRedirect(target)


# --------------------------------------------------------------------------- history


TRACKED = [
    ("raw_text", "Kết quả"), ("figure", "Loại số liệu"), ("source_note", "Ghi chú"),
    ("override_status", "Đánh giá điều chỉnh"), ("override_reason", "Lý do điều chỉnh"),
]
SUBMISSION_TRACKED = [("state", "Trạng thái"), ("reopen_reason", "Lý do trả lại, mở lại")]
KIND = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


@dataclass
class HistoryLine:
    """One change as the history page shows it."""

    when: Any
    who: str
    what: str
    kind: str
    changes: list[tuple[str, str, str]]
    reason: str


def _display(record: Any, name: str) -> str:
    value = getattr(record, name)
    getter = getattr(record, f"get_{name}_display", None)
    if getter is not None and value:
        return str(getter())
    return str(value or "")


def _lines(records: list[Any], tracked: list[tuple[str, str]], what: Any) -> list[HistoryLine]:
    """Old → new values per record, comparing each record with the previous one of the same row."""
    lines = []
    last: dict[int, Any] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = last.get(record.id)
        changes = []
        for name, label in tracked:
            new = _display(record, name)
            old = _display(before, name) if before is not None else ""
            if new != old or (before is None and new):
                changes.append((label, old, new))
        last[record.id] = record
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else "(hệ thống)"
        lines.append(HistoryLine(record.history_date, who, what(record), KIND.get(record.history_type, ""),
                                 changes, record.history_change_reason or ""))
    return lines


def history_view(request: HttpRequest, resolution_id: int, period_key: str) -> HttpResponse:
    """Every change to a resolution's figures and submission for one period: who, when, old → new."""
    resolution = access.get_resolution_for(request.user, resolution_id, "view")
    period, year = _period(resolution, period_key)
    results = list(
        Result.history.filter(target__resolution=resolution, period=period, year=year)
        .select_related("history_user", "target")
    )
    submissions = list(
        Submission.history.filter(resolution=resolution, period=period, year=year).select_related("history_user")
    )
    lines = _lines(results, TRACKED, lambda r: str(r.target) if r.target else f"Kết quả #{r.id}")
    lines += _lines(submissions, SUBMISSION_TRACKED, lambda r: "Gửi, duyệt số liệu")
    lines.sort(key=lambda line: line.when, reverse=True)
    return render(request, "admin/resolutions/period_history.html", _context(
        request, f"Lịch sử thay đổi: {workflow.period_label(period, year)}",
        resolution=resolution, lines=lines, period_label=workflow.period_label(period, year),
        entry_link=entry_url(resolution, period, year),
    ))


# --------------------------------------------------------------------------- completeness


def completeness_view(request: HttpRequest) -> HttpResponse:
    """Which committees have not submitted their figures for a period yet."""
    bounds = Congress.objects.aggregate(first=Min("term_start"), last=Max("term_end"))
    first, last = bounds["first"] or 2020, bounds["last"] or 2030
    years = range(last, first, -1)
    choices = [(workflow.period_key(Result.Period.YEAR, y), workflow.period_label(Result.Period.YEAR, y)) for y in years]
    choices += [(workflow.period_key(Result.Period.HALF, y), workflow.period_label(Result.Period.HALF, y)) for y in years]
    choices.append(("term", "Cả nhiệm kỳ"))
    # Opens on the latest year that is due, never a future one (indicators.reporting).
    due = nearest_due_year(years, timezone.localdate())
    key = request.GET.get("ky") or str(due)
    parsed = workflow.parse_period_key(key)
    if parsed is None:
        raise Http404("Kỳ không hợp lệ.")
    period, year = parsed
    rows = workflow.completeness(request.user, period, year)
    approvable = access.approvable_committee_ids(request.user)
    may_approve = request.user.has_perm("resolutions.approve_submission")
    lines = [
        (row, entry_url(row.resolution, period, year),
         may_approve and row.submission is not None and row.submission.state == Submission.State.SUBMITTED
         and (approvable is None or row.committee.pk in approvable))
        for row in rows
    ]
    return render(request, "admin/resolutions/completeness.html", _context(
        request, f"Tình hình gửi số liệu: {workflow.period_label(period, year)}",
        lines=lines, choices=choices, key=key, period_key=key,
        missing=sum(1 for row in rows if not row.submitted),
    ))

