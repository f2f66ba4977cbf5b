"""The indicator catalogue shared across committees and resolutions.

Catalogue entries shipped in indicators/catalogue.yaml carry ``origin = catalogue`` and the
snapshot of what was last shipped (``shipped``), so a newer file updates only what an office did
not edit (indicators.catalogue.plan_entry). Entries an office adds are ``origin = local``.
Changing an indicator's direction goes through ``resolutions.services.set_indicator_direction``,
which moves the linked targets' stored direction with it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from indicators.catalogue import FIELD_LABELS, GROUP_LABELS, edited_fields
from indicators.text import fold_text

__all__ = ["BASIS_CHOICES", "DIRECTION_CHOICES", "Indicator", "fold_text"]

DIRECTION_CHOICES = [("higher", "Càng cao càng tốt"), ("lower", "Càng thấp càng tốt")]
BASIS_CHOICES = [
    ("latest", "Năm cuối kỳ"),
    ("sum", "Lũy kế (tổng giai đoạn)"),
    ("mean", "Trung bình cộng"),
    ("growth_mean", "Bình quân tăng trưởng (trung bình nhân)"),
]


class Indicator(models.Model):
    """A measurable indicator (e.g. "Tỷ lệ hộ nghèo"), comparable across committees and years."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Càng cao càng tốt"
        LOWER = "lower", "Càng thấp càng tốt"

    class Group(models.TextChoices):
        ECONOMY = "economy", GROUP_LABELS["economy"]
        SOCIETY = "society", GROUP_LABELS["society"]
        ENVIRONMENT = "environment", GROUP_LABELS["environment"]
        PARTY = "party", GROUP_LABELS["party"]
        DEFENCE = "defence", GROUP_LABELS["defence"]

    class Origin(models.TextChoices):
        CATALOGUE = "catalogue", "Danh mục chung (kèm phần mềm)"
        LOCAL = "local", "Do đơn vị thêm"

    key = models.SlugField("mã", max_length=80, unique=True)
    name = models.CharField("tên chỉ số", max_length=500)
    aliases = models.TextField("tên gọi khác", blank=True, help_text="Mỗi dòng một tên.")
    unit = models.CharField("đơn vị tính", max_length=100, blank=True)
    direction = models.CharField(
        "chiều đánh giá", max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    basis = models.CharField(
        "cách tính cả kỳ thường dùng", max_length=20, choices=BASIS_CHOICES, default="latest",
        help_text="Dùng cho chỉ tiêu gắn với chỉ số này khi bảng không ghi cách tính "
                  "(năm cuối kỳ, lũy kế, bình quân).",
    )
    group = models.CharField("nhóm", max_length=20, choices=Group.choices, blank=True)
    origin = models.CharField("nguồn", max_length=10, choices=Origin.choices, default=Origin.LOCAL)
    shipped = models.JSONField(
        "nội dung theo danh mục chung", null=True, blank=True, editable=False,
        help_text="Bản danh mục chung lần đồng bộ gần nhất; để biết trường nào đã được sửa tại đơn vị.",
    )
    search_folded = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_folded", "shipped"])

    class Meta:
        verbose_name = "chỉ số"
        verbose_name_plural = "danh mục chỉ số"
        ordering = ["name"]
        permissions = [
            ("import_indicator", "Được nhập danh mục chỉ số từ tệp"),
            ("export_indicator", "Được xuất danh mục chỉ số ra tệp"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=["higher", "lower"]), name="indicator_direction_valid",
                violation_error_message="Chiều đánh giá phải là càng cao càng tốt hoặc càng thấp càng tốt.",
            ),
            models.CheckConstraint(
                condition=Q(basis__in=[b for b, _ in BASIS_CHOICES]), name="indicator_basis_valid",
                violation_error_message="Cách tính cả kỳ không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived search column only (accent-insensitive search over name and aliases).
        self.search_folded = fold_text(f"{self.name}\n{self.aliases}")
        super().save(*args, **kwargs)

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def synced_values(self) -> dict[str, Any]:
        """The fields a catalogue sync compares, as ``indicators.catalogue.plan_entry`` takes them."""
        return {
            "name": self.name, "aliases": self.alias_list, "unit": self.unit, "direction": self.direction,
            "basis": self.basis, "group": self.group,
        }

    @property
    def edited_fields(self) -> list[str]:
        """Fields an office changed from the shipped catalogue (kept by later syncs), in Vietnamese."""
        return [FIELD_LABELS[n] for n in edited_fields(self.synced_values(), self.shipped)]
