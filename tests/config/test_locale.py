"""The project's own Vietnamese catalog (config/locale/, compiled by `make translations`) covers what the admin
and its packages leave in English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

ENGLISH_LEFT = ["Show counts", "Skip to main content", "Toggle theme", "Add link", "Model name"]


def test_the_locale_directory_is_in_locale_paths_and_its_catalogs_are_compiled() -> None:
    locale = settings.BASE_DIR / "config" / "locale"
    assert locale in [type(locale)(p) for p in settings.LOCALE_PATHS]
    for po in (locale / "vi" / "LC_MESSAGES").glob("*.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} thiếu: chạy `make translations`"
        assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} cũ hơn {po.name}: chạy `make translations`"


@pytest.mark.parametrize(("english", "vietnamese"), [
    ("Show counts", "Hiện số lượng"),
    ("Skip to main content", "Bỏ qua, đến nội dung chính"),
    ("Toggle theme (current theme: auto)", "Đổi giao diện sáng/tối (hiện tại: tự động)"),
    (" By %(filter_title)s ", " Theo %(filter_title)s "),
    ("History", "Lịch sử"),
    ("Import", "Nhập từ tệp"),
])
def test_admin_strings_left_in_english_read_in_vietnamese(english: str, vietnamese: str) -> None:
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


@pytest.mark.django_db
def test_the_admin_changelist_has_no_english_left(admin_client_demo: Client) -> None:
    html = admin_client_demo.get("/admin/resolutions/result/").content.decode()
    assert [word for word in ENGLISH_LEFT if word in html] == []
    assert "Theo kỳ" in html and "Bởi " not in html and "Hiện số lượng" in html
