"""Admin of the indicator catalogue: list, form and file import/export, all in Vietnamese.

It lives here, not in ``indicators``, because changing an indicator's direction must move the
stored direction of every target linked to it (``services.set_indicator_direction``), and the
indicators floor knows nothing of targets. Only administrators change the catalogue; import and
export go through django-import-export with explicit permissions (``indicators.import_indicator`` /
``indicators.export_indicator``, see settings).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator
from indicators.text import fold_text
from resolutions import services


class IndicatorResource(resources.ModelResource):
    """The catalogue as a flat table. Safety settings are explicit because the library's defaults
    are not all-or-nothing: model validation runs on every row, any invalid row rolls the whole
    file back, rows match on ``key``. A changed direction goes through the service."""

    key = fields.Field(attribute="key", column_name="Mã")
    name = fields.Field(attribute="name", column_name="Tên chỉ số")
    aliases = fields.Field(attribute="aliases", column_name="Tên gọi khác")
    unit = fields.Field(attribute="unit", column_name="Đơn vị tính")
    direction = fields.Field(attribute="direction", column_name="Chiều đánh giá", widget=widgets.CharWidget())
    basis = fields.Field(attribute="basis", column_name="Cách tính cả kỳ", widget=widgets.CharWidget())
    group = fields.Field(attribute="group", column_name="Nhóm", widget=widgets.CharWidget())

    class Meta:
        model = Indicator
        import_id_fields = ("key",)
        fields = ("key", "name", "aliases", "unit", "direction", "basis", "group")
        clean_model_instances = True  # full_clean(): unknown directions, empty names are refused
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._new_directions: dict[int, str] = {}

    def import_data(self, dataset: Any, **kwargs: Any) -> Any:
        """Import all-or-nothing: the library only rolls back validation errors when asked to, and
        its admin confirm step does not ask; so every caller gets it here."""
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)

    def before_save_instance(self, instance: Indicator, row: Any, **kwargs: Any) -> None:
        # The direction is saved by the service after the row, so linked targets follow it.
        if instance.pk:
            stored = Indicator.objects.filter(pk=instance.pk).values_list("direction", flat=True).first()
            if stored is not None and stored != instance.direction:
                self._new_directions[instance.pk] = instance.direction
                instance.direction = stored

    def after_save_instance(self, instance: Indicator, row: Any, **kwargs: Any) -> None:
        direction = self._new_directions.pop(instance.pk, None)
        if direction is not None:
            services.set_indicator_direction(instance, direction, kwargs.get("user"), "Nhập danh mục chỉ số từ tệp")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["key", "name", "aliases", "unit", "direction", "basis", "group"]
        help_texts = {
            "direction": "Đổi chiều đánh giá sẽ đổi theo chiều của mọi chỉ tiêu gắn với chỉ số này (trừ chỉ tiêu đã "
                         "được người dùng xác nhận chiều riêng), và đánh giá Vượt / Đạt / Chưa đạt của chúng.",
        }


class OriginFilter(admin.SimpleListFilter):
    title = "nội dung so với danh mục chung"
    parameter_name = "da_sua"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("sua", "Đã sửa tại đơn vị"), ("goc", "Đúng như danh mục chung")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in {"sua", "goc"}:
            return queryset
        edited = [i.pk for i in queryset.filter(origin=Indicator.Origin.CATALOGUE) if i.edited_fields]
        if self.value() == "sua":
            return queryset.filter(pk__in=edited)
        return queryset.filter(origin=Indicator.Origin.CATALOGUE).exclude(pk__in=edited)


@admin.register(Indicator)
class IndicatorAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [IndicatorResource]
    form = IndicatorForm
    list_display = ["name", "key", "group", "unit", "direction", "basis", "origin", "edited"]
    list_filter = ["group", "direction", "basis", "origin", OriginFilter]
    search_fields = ["name", "aliases", "key"]
    readonly_fields = ["origin", "edited", "linked_targets"]
    actions = ["restore_shipped"]
    fieldsets = [
        (None, {"fields": ["key", "name", "aliases", "unit", "group"]}),
        ("Cách đánh giá", {"fields": ["direction", "basis"]}),
        ("Nguồn", {"fields": ["origin", "edited", "linked_targets"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The key of a stored indicator never changes: targets and later catalogue syncs use it.
        return self.readonly_fields + (["key"] if obj is not None else [])

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset = queryset | Indicator.objects.filter(search_folded__icontains=fold_text(search_term))
        return queryset, distinct

    @admin.display(description="đã sửa tại đơn vị")
    def edited(self, obj: Indicator) -> str:
        if obj.origin != Indicator.Origin.CATALOGUE:
            return "—"
        fields_ = obj.edited_fields
        return ", ".join(fields_) if fields_ else "không"

    @admin.display(description="số chỉ tiêu đang gắn")
    def linked_targets(self, obj: Indicator) -> str:
        if obj.pk is None:
            return "—"
        return f"{obj.targets.count()} chỉ tiêu"

    @admin.action(description="Lấy lại nội dung danh mục chung (bỏ các sửa đổi tại đơn vị)", permissions=["change"])
    def restore_shipped(self, request: HttpRequest, queryset: QuerySet) -> None:
        restored = 0
        for indicator in queryset.filter(origin=Indicator.Origin.CATALOGUE):
            restored += bool(services.restore_catalogue_entry(indicator, request.user))
        messages.success(request, f"Đã lấy lại nội dung danh mục chung cho {restored} chỉ số.")

    def save_model(self, request: HttpRequest, obj: Indicator, form: Any, change: bool) -> None:
        """Other fields are saved as edited; a new direction goes through the service (targets follow)."""
        new_direction = obj.direction
        if change and "direction" in form.changed_data:
            obj.direction = form.initial["direction"]
        super().save_model(request, obj, form, change)
        if change and "direction" in form.changed_data:
            moved = services.set_indicator_direction(obj, new_direction, request.user)
            messages.info(request, f"Đã đổi chiều đánh giá của '{obj.name}'; {moved} chỉ tiêu gắn với chỉ số này "
                                   "đổi chiều theo (đánh giá của chúng có thể thay đổi).")
