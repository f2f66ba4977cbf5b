"""Admin: the import log (read only) and the pages "Nhập phụ lục từ Excel" and "Xuất phụ lục ra Excel".

Import is upload → preview (a dry run with its summary or every error) → confirm. The committee is
chosen among ``access.editable_committees(user)`` and re-checked on confirm; it is never taken
from the file. Both pages need the explicit permissions "resolutions.import_resolution" /
"resolutions.export_resolution".
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from reports.excel.export import layouts_for
from reports.excel.importer import ImportOutcome, ImportRequest, parse_term, run_import
from reports.excel.layouts import LAYOUT_LABELS, Layout
from reports.excel.safety import max_file_size, sha256_of
from reports.models import ImportLog
from resolutions import access
from resolutions.models import Committee, Resolution

IMPORT_PERMISSION = access.IMPORT_PERMISSION
EXPORT_PERMISSION = access.EXPORT_PERMISSION
_TOKEN_RE = re.compile(r"^[0-9a-f]{64}$")


STAGED_MAX_AGE = 24 * 3600  # seconds an unconfirmed upload is kept


def upload_dir(user_pk: int) -> Path:
    """Where an uploaded file waits between preview and confirm (one folder per user).

    Uploads nobody confirmed within a day are removed here, so the folder cannot grow forever.
    """
    folder = Path(tempfile.gettempdir()) / "appendix-imports" / str(int(user_pk))
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STAGED_MAX_AGE
    for stale in folder.iterdir():
        if stale.is_file() and stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    return folder


class _ChoiceFields(forms.Form):
    """What the person states about the file: layout, committee (theirs only), congress, term, year."""

    layout = forms.ChoiceField(label="Mẫu phụ lục", choices=[(k.value, v) for k, v in LAYOUT_LABELS.items()])
    committee = forms.ModelChoiceField(label="Đảng bộ", queryset=Committee.objects.none())
    congress = forms.IntegerField(label="Đại hội lần thứ (số)", min_value=1, max_value=100,
                                  help_text="Ví dụ 20 cho Đại hội XX; 1 cho Đại hội lần thứ I.")
    term = forms.CharField(label="Nhiệm kỳ", initial="2020-2025", max_length=20)
    year = forms.IntegerField(label="Năm (mẫu kế hoạch năm)", required=False, min_value=1990, max_value=2100)
    sheet = forms.CharField(label="Tên trang (nếu tệp có nhiều trang cùng mẫu)", required=False, max_length=31)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = access.editable_committees(user)

    def clean_term(self) -> tuple[int, int]:
        try:
            return parse_term(self.cleaned_data["term"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("layout") == Layout.ANNUAL and not data.get("year"):
            self.add_error("year", "Mẫu kế hoạch năm cần năm của nghị quyết.")
        return data

    def request_for(self, file_name: str) -> ImportRequest:
        data = self.cleaned_data
        committee = data["committee"]
        return ImportRequest(
            layout=Layout(data["layout"]), committee_name=committee.name, ordinal=data["congress"],
            term_start=data["term"][0], term_end=data["term"][1], year=data.get("year"),
            sheet=data.get("sheet") or None, file_name=file_name,
        )


class UploadForm(_ChoiceFields):
    file = forms.FileField(label="Tệp Excel (.xlsx)")

    field_order = ["file", "layout", "committee", "congress", "term", "year", "sheet"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_file_size():
            raise forms.ValidationError(
                f"Tệp quá lớn ({upload.size / 1024 / 1024:.1f} MB); giới hạn {max_file_size() // (1024 * 1024)} MB."
            )
        return upload


class ConfirmForm(_ChoiceFields):
    """The preview's choices sent back with the stored file's SHA-256; every field is checked again."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("token", "file_name"):
                field.widget = forms.HiddenInput()

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not _TOKEN_RE.match(token):
            raise forms.ValidationError("Mã tệp không hợp lệ.")
        return token


class LayoutFilter(admin.SimpleListFilter):
    """Filter the log by layout, named as people call it (not "term", "midterm")."""

    title = "mẫu phụ lục"
    parameter_name = "mau"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(layout.value, label) for layout, label in LAYOUT_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(layout=self.value()) if self.value() else queryset


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    """Read-only log of imports; its list page links to the import and export pages."""

    change_list_template = "admin/reports/importlog/change_list.html"
    list_display = ["created_at", "file_name", "layout_text", "committee_text", "who", "dry_run", "succeeded",
                    "created_count", "updated_count", "unchanged_count", "refused_count"]
    list_filter = ["succeeded", "dry_run", LayoutFilter]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["created_at", "who", "file_name", "sha256", "layout_text", "committee_text", "resolution_text",
                       "dry_run", "succeeded", "created_count", "updated_count", "unchanged_count", "refused_count",
                       "summary", "errors"]
    fields = readonly_fields

    @admin.display(description="người nhập", ordering="user__username")
    def who(self, obj: ImportLog) -> str:
        if obj.user is None:
            return "Nhập bằng dòng lệnh (manage.py import_appendix)"
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description="mẫu phụ lục", ordering="layout")
    def layout_text(self, obj: ImportLog) -> str:
        return obj.layout_label

    @admin.display(description="đảng bộ", ordering="committee__name")
    def committee_text(self, obj: ImportLog) -> str:
        if obj.committee is None:
            return "Không xác định (tệp bị từ chối trước khi tìm được đảng bộ)"
        return str(obj.committee)

    @admin.display(description="nghị quyết")
    def resolution_text(self, obj: ImportLog) -> str:
        if obj.resolution is not None:
            return obj.resolution.title
        if obj.dry_run and obj.succeeded:
            return "Chưa ghi (chạy thử)"
        return "Không có (tệp bị từ chối, không ghi gì)"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request).select_related("user", "committee", "resolution")
        ids = access.editable_committee_ids(request.user)
        if ids is None:
            return qs
        return qs.filter(Q(user=request.user) | Q(committee__in=ids))

    def _may_use(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and (
            user.has_perm(IMPORT_PERMISSION) or user.has_perm(EXPORT_PERMISSION)
            or user.has_perm("reports.view_importlog")))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_use(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_use(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an audit trail

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path("nhap-phu-luc/", self.admin_site.admin_view(self.import_view), name="reports_importlog_import"),
            path("xuat-phu-luc/", self.admin_site.admin_view(self.export_view), name="reports_importlog_export"),
        ]
        return extra + super().get_urls()

    # ------------------------------------------------------------------ import

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload → preview (dry run) → confirm. Nothing is written before the confirmation."""
        if not access.may_import_appendix(request.user):
            raise PermissionDenied("Bạn không có quyền nhập phụ lục từ Excel.")
        context: dict[str, Any] = {**self.admin_site.each_context(request), "opts": self.model._meta,
                                   "title": "Nhập phụ lục từ Excel"}
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, context)
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(max_file_size() + 1)
            request_ = form.request_for(upload.name)
            outcome = run_import(data, request_, committee=form.cleaned_data["committee"], user=request.user,
                                 dry_run=True)
            context["outcome"] = outcome
            if outcome.succeeded:
                token = sha256_of(data)
                (upload_dir(request.user.pk) / f"{token}.xlsx").write_bytes(data)
                initial = {**{k: v for k, v in request.POST.items() if k in ConfirmForm.base_fields},
                           "token": token, "file_name": upload.name}
                context["confirm_form"] = ConfirmForm(initial=initial, user=request.user)
        context["form"] = form
        return TemplateResponse(request, "admin/reports/import_appendix.html", context)

    def _confirm(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        form = ConfirmForm(request.POST, user=request.user)
        context["form"] = UploadForm(user=request.user)
        if not form.is_valid():
            context["confirm_errors"] = form.errors
            return TemplateResponse(request, "admin/reports/import_appendix.html", context, status=400)
        stored = upload_dir(request.user.pk) / f"{form.cleaned_data['token']}.xlsx"
        if not stored.is_file():
            messages.error(request, "Tệp tạm đã hết hạn hoặc không tồn tại; hãy tải tệp lên lại.")
            return HttpResponseRedirect(reverse("admin:reports_importlog_import"))
        outcome: ImportOutcome = run_import(
            stored.read_bytes(), form.request_for(form.cleaned_data["file_name"]),
            committee=form.cleaned_data["committee"], user=request.user,
        )
        if outcome.succeeded:
            stored.unlink(missing_ok=True)
            messages.success(request, f"Đã nhập '{outcome.log.file_name}': {outcome.summary.as_text() if outcome.summary else ''}")
            return HttpResponseRedirect(reverse("admin:reports_importlog_change", args=[outcome.log.pk]))
        context["outcome"] = outcome
        return TemplateResponse(request, "admin/reports/import_appendix.html", context, status=400)

    # ------------------------------------------------------------------ export

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The resolutions the user may see, each with a download link per layout."""
        if not access.may_export_appendix(request.user):
            raise PermissionDenied("Bạn không có quyền xuất phụ lục ra Excel.")
        resolutions = access.scope(
            Resolution.objects.with_context(), request.user, "congress__committee", "view"
        ).order_by("congress__committee__name", "congress__term_start", "kind", "year")
        rows = [
            (r, [(LAYOUT_LABELS[layout], f"{reverse('reports:export', args=[r.pk])}?layout={layout.value}")
                 for layout in layouts_for(r)])
            for r in resolutions
        ]
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": "Xuất phụ lục ra Excel", "rows": rows}
        return TemplateResponse(request, "admin/reports/export_appendix.html", context)
