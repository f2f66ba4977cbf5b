"""The indicator catalogue's import/export through django-import-export: permissions, all-or-nothing."""

from __future__ import annotations

import pytest
import tablib
from django.test import Client

from indicators.models import Indicator
from resolutions.admin.catalogue import IndicatorResource
from tests.conftest import login

HEADERS = ["Mã", "Tên chỉ số", "Tên gọi khác", "Đơn vị tính", "Chiều đánh giá", "Cách tính cả kỳ", "Nhóm"]


@pytest.mark.django_db
def test_exporting_the_catalogue_gives_every_indicator_with_vietnamese_headers() -> None:
    data = IndicatorResource().export()
    assert data.headers == HEADERS
    keys = set(data["Mã"])
    assert {"poverty-rate", "grdp-growth"} <= keys and len(keys) == Indicator.objects.count()
    poverty = next(row for row in data.dict if row["Mã"] == "poverty-rate")
    assert poverty["Chiều đánh giá"] == "lower"


@pytest.mark.django_db
def test_one_invalid_row_rolls_back_the_whole_catalogue_import() -> None:
    before = Indicator.objects.count()
    data = tablib.Dataset(headers=HEADERS)
    data.append(["tb-moi-1", "Chỉ số mới 1", "", "%", "higher", "latest", ""])
    data.append(["tb-moi-2", "Chỉ số mới 2", "", "%", "sideways", "latest", ""])  # not a direction
    result = IndicatorResource().import_data(data, dry_run=False, raise_errors=False)
    assert result.has_validation_errors()
    assert Indicator.objects.count() == before
    assert not Indicator.objects.filter(key="tb-moi-1").exists()


@pytest.mark.django_db
def test_reimporting_an_exported_catalogue_changes_nothing() -> None:
    data = IndicatorResource().export()
    result = IndicatorResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == result.totals["update"] == 0


@pytest.mark.django_db
def test_only_administrators_may_import_the_catalogue(admin_client_demo: Client) -> None:
    assert admin_client_demo.get("/admin/indicators/indicator/import/").status_code == 200
    official = login("canbo.khoaichau")
    assert official.get("/admin/indicators/indicator/import/").status_code == 403
    assert official.post("/admin/indicators/indicator/import/", {}).status_code == 403


@pytest.mark.django_db
def test_officials_may_export_the_catalogue_but_users_without_the_permission_may_not(
    admin_client_demo: Client,
) -> None:
    from django.contrib.auth.models import User

    assert login("canbo.khoaichau").get("/admin/indicators/indicator/export/").status_code == 200
    plain = User.objects.create_user("khach", password="x", is_staff=True)
    client = Client()
    client.force_login(plain)
    assert client.get("/admin/indicators/indicator/export/").status_code == 403
