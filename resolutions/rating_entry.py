"""The quality-ratings entry page in the admin: one committee and year, each subject's counts.

Thin views registered by ``RatingCountAdmin.get_urls``: load through ``resolutions.access`` (the
committees whose ratings the user may enter), validate with a formset, call ``resolutions.ratings``,
redirect. Rates are never typed: the page shows them computed from the saved counts, with every
count that does not add up flagged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from indicators.ratings import Counts, Subject
from resolutions import access, ratings
from resolutions.models import Committee, RatingCount
from resolutions.services import DocumentError, LockedError

ENTRY_PERMISSION = "resolutions.change_ratingcount"
COUNT_HELP = "Chỉ nhập số lượng (số nguyên). Tỷ lệ được tính tự động từ số lượng; ô để trống là chưa có số liệu."


def rating_committees(user: Any) -> Any:
    """The committees whose ratings ``user`` may enter (``access.rating_editable_committee_ids``)."""
    ids = access.rating_editable_committee_ids(user)
    qs = Committee.objects.order_by("name", "active_from")
    return qs if ids is None else qs.filter(pk__in=ids)


class PickForm(forms.Form):
    committee = forms.ModelChoiceField(label="Đảng bộ", queryset=Committee.objects.none())
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = rating_committees(user)
        self.fields["year"].initial = dt.date.today().year - 1


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10_000_000,
                              widget=forms.NumberInput(attrs={"size": 6}))


class SubjectForm(forms.Form):
    """One subject's counts; the version loaded guards against overwriting someone else's save."""

    subject = forms.ChoiceField(choices=[(s.value, s.label) for s in Subject], widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    total = _count("Tổng số")
    rated = _count("Số được đánh giá, xếp loại")
    excellent = _count("HTXSNV")
    good = _count("HTTNV")
    completed = _count("HTNV")
    failed = _count("Không HTNV")
    note = forms.CharField(label="Nguồn, ghi chú", required=False, max_length=2000,
                           widget=forms.TextInput(attrs={"size": 30}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        total, rated = data.get("total"), data.get("rated")
        if total is not None and rated is not None and rated > total:
            self.add_error("rated", f"Số được đánh giá, xếp loại ({rated}) lớn hơn tổng số ({total}).")
        return data

    def entry(self) -> ratings.RatingEntry:
        data = self.cleaned_data
        counts = Counts(**{name: data.get(name) for name in ratings.COUNT_FIELDS})
        return ratings.RatingEntry(Subject(data["subject"]), counts, data.get("note") or "")


SubjectFormSet = formset_factory(SubjectForm, extra=0, max_num=len(Subject), absolute_max=len(Subject),
                                 validate_max=True)


def _initial(committee: Committee, year: int) -> list[dict[str, Any]]:
    stored = {r.subject: r for r in RatingCount.objects.filter(committee=committee, year=year)}
    rows = []
    for subject in Subject:
        row = stored.get(subject.value)
        values = {name: getattr(row, name) for name in ratings.COUNT_FIELDS} if row else {}
        rows.append({"subject": subject.value, "version": row.version if row else 0,
                     "note": row.source_note if row else "", **values})
    return rows


def entry_view(request: HttpRequest) -> HttpResponse:
    """Pick a committee and year, then enter each subject's counts; rates and checks are shown from the saved counts."""
    if not access.may_enter_ratings(request.user):
        raise PermissionDenied("Bạn không có quyền nhập số liệu xếp loại chất lượng.")
    pick = PickForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {**admin.site.each_context(request), "title": "Nhập số liệu xếp loại chất lượng",
                               "pick": pick, "count_help": COUNT_HELP}
    if not (pick.is_bound and pick.is_valid()):
        return render(request, "admin/resolutions/ratings_entry.html", context)
    committee, year = pick.cleaned_data["committee"], pick.cleaned_data["year"]
    initial = _initial(committee, year)
    if request.method == "POST":
        formset = SubjectFormSet(request.POST, initial=initial, prefix="xl")
        if formset.is_valid():
            entries = [f.entry() for f in formset.forms]
            expected = {f.cleaned_data["subject"]: f.cleaned_data["version"] for f in formset.forms}
            try:
                summary = ratings.save_ratings(committee, year, entries, user=request.user, expected=expected)
            except (DocumentError, LockedError) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    messages.error(request, message)
            else:
                messages.success(request, f"Đã lưu. {summary.as_text()}")
                return redirect(f"{reverse('admin:resolutions_ratingcount_entry')}?committee={committee.pk}&year={year}")
        else:
            messages.error(request, "Chưa lưu: kiểm tra các dòng được đánh dấu.")
    else:
        formset = SubjectFormSet(initial=initial, prefix="xl")
    context.update(
        committee=committee, year=year, formset=formset,
        table=ratings.ratings_table(committee, year, access.rating_visible_committee_ids(request.user)),
        rated_targets=ratings.rated_targets(committee),
    )
    return render(request, "admin/resolutions/ratings_entry.html", context)
