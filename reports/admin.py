"""Admin: the import log (read only) and the pages "Nhập phụ lục" (.xlsx or .docx) and "Xuất phụ lục"
(Excel and Word downloads).

Import is upload → preview (a dry run with its summary or every error) → confirm. The committee is
chosen among ``access.editable_committees(user)`` and re-checked on confirm; it is never taken
from the file. Both pages need the explicit permissions "resolutions.import_resolution" /
"resolutions.export_resolution".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from indicators.text import fold_text
from reports import ratings_views
from reports.appendix_import import ImportOutcome, run_import
from reports.excel.export import layouts_for
from reports.excel.layouts import LAYOUT_LABELS, Layout
from reports.excel.safety import max_file_size, sha256_of
from reports.excel.shapes import ImportRequest, parse_term
from reports.file_titles import appendix_titles, pick_title
from reports.models import ImportLog
from reports.staging import is_token, staging_dir
from reports.titles import StatedTitle
from resolutions import access
from resolutions.models import Committee, Resolution, to_roman

IMPORT_PERMISSION = access.IMPORT_PERMISSION
EXPORT_PERMISSION = access.EXPORT_PERMISSION
APPENDIX_UPLOADS = "appendix-imports"  # the staging folder of appendix uploads (reports.staging)


class _ChoiceFields(forms.Form):
    """What the person states about the file: layout, committee (theirs only), congress, term, year.

    Committee, congress, term and year may be left empty on upload: they are then taken from the
    file's title (``complete_from_title``), never outside the committees the person may import for.
    """

    layout = forms.ChoiceField(label="Mẫu phụ lục", choices=[(k.value, v) for k, v in LAYOUT_LABELS.items()])
    committee = forms.ModelChoiceField(label="Đảng bộ", queryset=Committee.objects.none(), required=False,
                                       help_text="Để trống: lấy theo tiêu đề của bảng trong tệp.")
    congress = forms.IntegerField(label="Đại hội lần thứ (số)", min_value=1, max_value=100, required=False,
                                  help_text="Ví dụ 20 cho Đại hội XX; 1 cho Đại hội lần thứ I. "
                                            "Để trống: lấy theo tiêu đề.")
    term = forms.CharField(label="Nhiệm kỳ", max_length=20, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "2020-2025"}),
                           help_text="Để trống: lấy theo tiêu đề.")
    year = forms.IntegerField(label="Năm (mẫu kế hoạch năm)", required=False, min_value=1990, max_value=2100)
    sheet = forms.CharField(label="Tên trang/bảng (nếu tệp có nhiều bảng cùng mẫu)", required=False, max_length=31,
                            help_text="Tên trang Excel, hoặc bảng Word như 'Phụ lục 1B' hay 'Bảng 3'.")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = access.editable_committees(user)

    def clean_term(self) -> tuple[int, int] | None:
        if not self.cleaned_data.get("term"):
            return None
        try:
            return parse_term(self.cleaned_data["term"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def complete_from_title(self, stated: StatedTitle, tables: list[tuple[str, StatedTitle]] | None = None) -> list[str]:
        """Fill the empty committee, congress, term (and year) from what the file's title states;
        add a form error for what is still missing. Returns lines telling what was taken from the
        title and where the title disagrees with a value chosen by hand. ``tables`` lists the file's
        appendix tables, to name them when it is unclear which one is meant."""
        data = self.cleaned_data
        told: list[str] = []
        taken: list[str] = []
        several = {t for _n, t in tables or []}
        if not stated.complete and len(several) > 1 and not data.get("committee") and not data.get("sheet"):
            # Of several tables, the only one whose title names a committee this person imports for.
            mine = {t for t in several if t.committee_name and _committee_named(self.fields["committee"].queryset, t)}
            if len(mine) == 1:
                stated, several = mine.pop(), set()
        if not stated.complete and len(several) > 1 and not data.get("sheet"):
            listed = ", ".join(f"'{n}'" + (f" ({t.describe()})" if t.committee_name else "") for n, t in tables or [])
            self.add_error(None, f"Tệp có {len(tables or [])} bảng phụ lục đúng mẫu: {listed}. Hãy ghi tên bảng "
                                 "cần nhập (ô 'Tên trang/bảng') hoặc chọn đảng bộ.")
            return told
        if data.get("committee") is None:
            if stated.committee_name:
                committee = _committee_named(self.fields["committee"].queryset, stated)
                if committee is None:
                    self.add_error("committee", f"Tiêu đề của bảng ghi '{stated.committee_name}', không phải đảng bộ "
                                                "bạn được nhập số liệu; hãy chọn đảng bộ.")
                else:
                    data["committee"] = committee
                    taken.append(committee.name)
            else:
                self.add_error("committee", "Hãy chọn đảng bộ (tiêu đề của bảng không ghi tên đảng bộ).")
        elif stated.committee_name and fold_text(stated.committee_name) != fold_text(data["committee"].name):
            told.append(f"Lưu ý: tiêu đề của bảng ghi '{stated.committee_name}', khác đảng bộ đã chọn.")
        for key, value, shown, missing in (
            ("congress", stated.ordinal, f"Đại hội lần thứ {to_roman(stated.ordinal or 0)}",
             "Hãy ghi đại hội lần thứ mấy (tiêu đề của bảng không ghi)."),
            ("term", stated.term, f"nhiệm kỳ {stated.term[0]} - {stated.term[1]}" if stated.term else "",
             "Hãy ghi nhiệm kỳ, ví dụ 2020-2025 (tiêu đề của bảng không ghi)."),
        ):
            if data.get(key) is None:
                if value:
                    data[key] = value
                    taken.append(shown)
                else:
                    self.add_error(key, missing)
            elif value and data[key] != value:
                told.append(f"Lưu ý: tiêu đề của bảng ghi {shown}, khác giá trị đã nhập.")
        if data.get("layout") == Layout.ANNUAL and not data.get("year"):
            if stated.year:
                data["year"] = stated.year
                taken.append(f"năm {stated.year}")
            else:
                self.add_error("year", "Mẫu kế hoạch năm cần năm của nghị quyết.")
        if taken:
            told.insert(0, f"Đã lấy theo tiêu đề của bảng trong tệp: {', '.join(taken)}.")
        return told

    def values(self) -> dict[str, Any]:
        """The cleaned choices as form values (to show the form prefilled and to confirm)."""
        data = self.cleaned_data
        term = data.get("term")
        return {
            "layout": data.get("layout", ""), "committee": data["committee"].pk if data.get("committee") else "",
            "congress": data.get("congress") or "", "term": f"{term[0]}-{term[1]}" if term else "",
            "year": data.get("year") or "", "sheet": data.get("sheet") or "",
        }

    def request_for(self, file_name: str) -> ImportRequest:
        data = self.cleaned_data
        committee = data["committee"]
        return ImportRequest(
            layout=Layout(data["layout"]), committee_name=committee.name, ordinal=data["congress"],
            term_start=data["term"][0], term_end=data["term"][1], year=data.get("year"),
            sheet=data.get("sheet") or None, file_name=file_name,
        )


def _committee_named(queryset: QuerySet, stated: StatedTitle) -> Committee | None:
    """The committee (among ``queryset``) a title names; the congress number settles a repeated name."""
    same = [c for c in queryset.prefetch_related("congresses") if fold_text(c.name) == fold_text(stated.committee_name)]
    if len(same) > 1 and stated.ordinal:
        same = [c for c in same if any(g.ordinal == stated.ordinal for g in c.congresses.all())] or same
    return same[0] if len(same) == 1 else None


class UploadForm(_ChoiceFields):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc Word (.docx)")

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
        if not is_token(token):
            raise forms.ValidationError("Mã tệp không hợp lệ.")
        return token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("committee", "congress", "term"):  # the preview filled them in
            if data.get(key) is None and key not in self.errors:
                self.add_error(key, "Thiếu giá trị; hãy tải tệp lên lại.")
        if data.get("layout") == Layout.ANNUAL and not data.get("year"):
            self.add_error("year", "Mẫu kế hoạch năm cần năm của nghị quyết.")
        return data


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
        """The layout as people call it ("Kết quả thực hiện nhiệm kỳ (Phụ lục 1A, 1B)"), not its code."""
        try:
            return LAYOUT_LABELS[Layout(obj.layout)]
        except ValueError:
            return obj.layout

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
            path("nhap-xep-loai/", self.admin_site.admin_view(ratings_views.import_view),
                 name="reports_importlog_import_ratings"),
        ]
        return extra + super().get_urls()

    # ------------------------------------------------------------------ import

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload → preview (dry run) → confirm. Nothing is written before the confirmation."""
        if not access.may_import_appendix(request.user):
            raise PermissionDenied("Bạn không có quyền nhập phụ lục từ Excel/Word.")
        context: dict[str, Any] = {**self.admin_site.each_context(request), "opts": self.model._meta,
                                   "title": "Nhập phụ lục từ Excel hoặc Word"}
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, context)
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(max_file_size() + 1)
            chosen = form.cleaned_data.get("committee")
            tables = appendix_titles(data, upload.name, form.cleaned_data["layout"])
            stated = pick_title(tables, form.cleaned_data.get("sheet"), chosen.name if chosen else "")
            context["title_notes"] = form.complete_from_title(stated, tables)
            if form.is_valid():
                outcome = run_import(data, form.request_for(upload.name), committee=form.cleaned_data["committee"],
                                     user=request.user, dry_run=True)
                context["outcome"] = outcome
                values = form.values()
                # Nothing to confirm when the file matches what is stored: its preview says so.
                if outcome.succeeded and not (outcome.summary and outcome.summary.changes_nothing):
                    token = sha256_of(data)
                    (staging_dir(APPENDIX_UPLOADS, request.user.pk) / f"{token}.upload").write_bytes(data)
                    context["confirm_form"] = ConfirmForm(
                        initial={**values, "token": token, "file_name": upload.name}, user=request.user)
                # The form shows what the preview used (taken from the title where left empty), unbound:
                # the file was read, so "required" must not show under its empty input.
                form = UploadForm(initial=values, user=request.user)
        context["form"] = form
        return TemplateResponse(request, "admin/reports/import_appendix.html", context)

    def _confirm(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        form = ConfirmForm(request.POST, user=request.user)
        context["form"] = UploadForm(user=request.user)
        if not form.is_valid():
            context["confirm_errors"] = form.errors
            return TemplateResponse(request, "admin/reports/import_appendix.html", context, status=400)
        stored = staging_dir(APPENDIX_UPLOADS, request.user.pk) / f"{form.cleaned_data['token']}.upload"
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
            raise PermissionDenied("Bạn không có quyền xuất phụ lục.")
        resolutions = access.scope(
            Resolution.objects.with_context(), request.user, "congress__committee", "view"
        ).order_by("congress__committee__name", "congress__term_start", "kind", "year")
        rows = [
            (r, [(LAYOUT_LABELS[layout], f"{reverse('reports:export', args=[r.pk])}?layout={layout.value}",
                  f"{reverse('reports:export_word', args=[r.pk])}?layout={layout.value}")
                 for layout in layouts_for(r)])
            for r in resolutions
        ]
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": "Xuất phụ lục ra Excel, Word", "rows": rows}
        return TemplateResponse(request, "admin/reports/export_appendix.html", context)
