"""Quality ratings pages: a committee's ratings for a year, its Phụ lục 3 download, the Phụ lục 3 import.

Thin views: committees come from ``resolutions.access`` (404 for what the user may not see), reads
from ``resolutions.ratings``, verdicts from ``resolutions.verdicts``, writes through
``reports.excel.ratings.import_ratings`` (which calls ``resolutions.ratings.save_many``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from reports import committee_tree, queries
from reports.excel.ratings import export_ratings_bytes, import_ratings, ratings_file_name
from reports.excel.safety import max_file_size, sha256_of
from reports.excel_views import attachment, xlsx_response
from reports.staging import is_token, staging_dir
from reports.word.export import DOCX
from reports.word.ratings import export_ratings_docx_bytes
from resolutions import access, ratings
from resolutions.models import Committee, Result
from resolutions.rating_entry import rating_committees

EXPORT_PERMISSION = "resolutions.export_resolution"
RATINGS_UPLOADS = "ratings-imports"  # the staging folder of Phụ lục 3 uploads (reports.staging)


def _year(request: HttpRequest, years: list[int]) -> int:
    """The year asked for (?nam=2024), else the newest with counts, else last year."""
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 1945 <= int(raw) <= 2100:
        return int(raw)
    return years[0] if years else dt.date.today().year - 1


@login_required
def ratings_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's ratings for a year: its subordinates' counts and rates, totals, flags, and the targets
    judged from them."""
    committee = committee_tree.tree_committee(committee_tree.visible_tree(request.user), pk)
    years = ratings.rating_years(committee)
    year = _year(request, years)
    table = ratings.ratings_table(committee, year, access.rating_visible_committee_ids(request.user))
    links = [link for link in ratings.rated_targets(committee)
             if year in ratings.years_judged(link.target.resolution)]
    resolutions = list({link.target.resolution_id: link.target.resolution for link in links}.values())
    rows = queries.evaluate_resolutions(resolutions, {r.pk: (Result.Period.YEAR, year) for r in resolutions})
    judged = [
        (link, next(row for row in rows[link.target.resolution_id] if row.target.pk == link.target_id))
        for link in links
    ]
    return render(request, "reports/ratings.html", {
        "committee": committee, "year": year, "years": sorted(set(years) | {year}, reverse=True),
        "table": table, "judged": judged,
        "can_export": request.user.has_perm(EXPORT_PERMISSION),
        "can_enter": access.may_enter_ratings(request.user) and rating_committees(request.user).filter(
            pk=committee.pk).exists(),
    })


def _exported_table(request: HttpRequest, pk: int, medium: str) -> tuple[Committee, int, ratings.RatingsTable]:
    """The committee (404 outside the user's tree), year and ratings table a download holds (the rows the
    user may see); PermissionDenied without the export permission."""
    committee = committee_tree.tree_committee(committee_tree.visible_tree(request.user), pk)
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(f"Bạn không có quyền xuất phụ lục ra {medium}.")
    year = _year(request, ratings.rating_years(committee))
    return committee, year, ratings.ratings_table(committee, year, access.rating_visible_committee_ids(request.user))


@login_required
@require_GET
def ratings_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Phụ lục 3 of a committee and year as .xlsx."""
    committee, year, table = _exported_table(request, pk, "Excel")
    return xlsx_response(export_ratings_bytes(table), ratings_file_name(committee, year))


@login_required
@require_GET
def ratings_export_word(request: HttpRequest, pk: int) -> HttpResponse:
    """Phụ lục 3 of a committee and year as .docx (the same rows as the .xlsx)."""
    committee, year, table = _exported_table(request, pk, "Word")
    return attachment(export_ratings_docx_bytes(table), ratings_file_name(committee, year, "docx"), DOCX)


# --------------------------------------------------------------------------- import (admin page)


class RatingsUploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel Phụ lục 3 (.xlsx)", required=False)
    committee = forms.ModelChoiceField(label="Đảng bộ", queryset=Committee.objects.none(),
                                       help_text="Các dòng của tệp là đảng bộ này hoặc các đảng bộ trực thuộc.")
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100)
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = rating_committees(user)

    def clean_token(self) -> str:
        token = self.cleaned_data.get("token") or ""
        if token and not is_token(token):
            raise forms.ValidationError("Mã tệp không hợp lệ.")
        return token

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > max_file_size():
            raise forms.ValidationError(f"Tệp quá lớn; giới hạn {max_file_size() // (1024 * 1024)} MB.")
        return upload


def import_view(request: HttpRequest) -> HttpResponse:
    """Upload → preview (a dry run: what would change, every refused cell, every warning) → confirm."""
    if not (access.may_enter_ratings(request.user) and access.may_import_appendix(request.user)):
        raise PermissionDenied("Bạn không có quyền nhập số liệu xếp loại từ Excel.")
    initial = {"committee": request.GET.get("committee"), "year": request.GET.get("year")}
    form = RatingsUploadForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    context: dict[str, Any] = {**admin.site.each_context(request), "title": "Nhập Phụ lục 3 (xếp loại chất lượng) từ Excel",
                               "form": form}
    if request.method == "POST" and form.is_valid():
        committee, year = form.cleaned_data["committee"], form.cleaned_data["year"]
        token, upload = form.cleaned_data["token"], form.cleaned_data.get("file")
        if "confirm" in request.POST and token:
            stored = staging_dir(RATINGS_UPLOADS, request.user.pk) / f"{token}.xlsx"
            if not stored.is_file():
                messages.error(request, "Tệp tạm đã hết hạn; hãy tải tệp lên lại.")
                return HttpResponseRedirect(reverse("admin:reports_importlog_import_ratings"))
            outcome = import_ratings(stored.read_bytes(), committee, year, user=request.user,
                                     file_name=form.cleaned_data["file_name"])
            if outcome.succeeded:
                stored.unlink(missing_ok=True)
                messages.success(request, outcome.log.summary.splitlines()[0])
                return HttpResponseRedirect(
                    f"{reverse('admin:resolutions_ratingcount_entry')}?committee={committee.pk}&year={year}")
            context["outcome"] = outcome
        elif upload is not None:
            data = upload.read(max_file_size() + 1)
            outcome = import_ratings(data, committee, year, user=request.user, file_name=upload.name, dry_run=True)
            context["outcome"] = outcome
            if outcome.succeeded:
                token = sha256_of(data)
                (staging_dir(RATINGS_UPLOADS, request.user.pk) / f"{token}.xlsx").write_bytes(data)
                context["confirm"] = {"committee": committee.pk, "year": year, "token": token, "file_name": upload.name}
        else:
            form.add_error("file", "Hãy chọn tệp Excel.")
    return TemplateResponse(request, "admin/reports/import_ratings.html", context)

