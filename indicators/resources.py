"""django-import-export resource for the indicator catalogue (a flat table, unlike the appendices).

Safety settings are explicit because the library's defaults are not all-or-nothing: model
validation runs on every row, any invalid row rolls the whole file back, rows match on ``key``.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets

from indicators.models import Indicator


class IndicatorResource(resources.ModelResource):
    key = fields.Field(attribute="key", column_name="Mã")
    name = fields.Field(attribute="name", column_name="Tên chỉ số")
    aliases = fields.Field(attribute="aliases", column_name="Tên gọi khác")
    unit = fields.Field(attribute="unit", column_name="Đơn vị tính")
    direction = fields.Field(attribute="direction", column_name="Chiều đánh giá", widget=widgets.CharWidget())

    class Meta:
        model = Indicator
        import_id_fields = ("key",)
        fields = ("key", "name", "aliases", "unit", "direction")
        clean_model_instances = True  # full_clean(): unknown directions, empty names are refused
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def import_data(self, dataset: Any, **kwargs: Any) -> Any:
        """Import all-or-nothing: the library only rolls back validation errors when asked to, and
        its admin confirm step does not ask; so every caller gets it here."""
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)
