"""What each appendix import did: kept even when the import failed and wrote nothing else."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportLog(models.Model):
    """One import (or dry run) of an appendix workbook: who, which file (SHA-256), what happened.

    Written outside the import's transaction, so a refused file still leaves its errors here.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text="Để trống: nhập bằng dòng lệnh.",
    )
    file_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    layout = models.CharField("mẫu phụ lục", max_length=20)
    committee = models.ForeignKey(
        "resolutions.Committee", verbose_name="đảng bộ", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution", verbose_name="nghị quyết", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    dry_run = models.BooleanField("chạy thử", default=False)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    created_count = models.PositiveIntegerField("tạo mới", default=0)
    updated_count = models.PositiveIntegerField("cập nhật", default=0)
    unchanged_count = models.PositiveIntegerField("không đổi", default=0)
    refused_count = models.PositiveIntegerField("bị từ chối", default=0)
    summary = models.TextField("tóm tắt", blank=True)
    errors = models.TextField("lỗi", blank=True)
    succeeded = models.BooleanField("thành công", default=False)

    class Meta:
        verbose_name = "nhật ký nhập phụ lục"
        verbose_name_plural = "nhật ký nhập phụ lục"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        state = "chạy thử" if self.dry_run else ("thành công" if self.succeeded else "thất bại")
        return f"{self.file_name} ({state})"
