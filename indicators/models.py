"""The indicator catalogue shared across committees and resolutions."""

from __future__ import annotations

from django.db import models

from indicators.text import fold_text

__all__ = ["Indicator", "fold_text"]


class Indicator(models.Model):
    """A measurable indicator (e.g. "Tỷ lệ hộ nghèo"), comparable across committees and years."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Càng cao càng tốt"
        LOWER = "lower", "Càng thấp càng tốt"

    key = models.SlugField("mã", max_length=80, unique=True)
    name = models.CharField("tên chỉ số", max_length=500)
    aliases = models.TextField("tên gọi khác", blank=True, help_text="Mỗi dòng một tên.")
    unit = models.CharField("đơn vị tính", max_length=100, blank=True)
    direction = models.CharField(
        "chiều đánh giá", max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    search_folded = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "chỉ số"
        verbose_name_plural = "danh mục chỉ số"
        ordering = ["name"]
        permissions = [
            ("import_indicator", "Được nhập danh mục chỉ số từ tệp"),
            ("export_indicator", "Được xuất danh mục chỉ số ra tệp"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived search column only (accent-insensitive search over name and aliases).
        self.search_folded = fold_text(f"{self.name}\n{self.aliases}")
        super().save(*args, **kwargs)
