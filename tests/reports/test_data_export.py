"""Tải dữ liệu: scoreboards and overviews as tidy and wide tables (pandas), .xlsx and .csv, permission-checked."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from indicators.expressions import Kind
from reports import data_export
from reports.data_export import TIDY_COLUMNS, Part
from resolutions.models import Committee, Resolution, Target
from resolutions.verdicts import rows_for
from tests.conftest import resolution_by
from tests.reports.test_views import leader_of

pytestmark = pytest.mark.django_db


def download(client: Client, url: str, shape: str, file_format: str) -> bytes:
    response = client.get(url, {"shape": shape, "format": file_format})
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"] and f".{file_format}" in response["Content-Disposition"]
    return response.content


def sheets(data: bytes) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def khoai_chau() -> Resolution:
    return resolution_by("khoai-chau", 25)


def scoreboard_url(resolution: Resolution) -> str:
    return reverse("reports:scoreboard_data", args=[resolution.pk])


# --------------------------------------------------------------------------- tables (pandas)


def test_the_tidy_table_has_one_row_per_target_and_period_with_the_engines_figures_and_verdicts() -> None:
    resolution = khoai_chau()
    parts = [Part("Khoái Châu", resolution, f"kỳ {i}", rows_for(resolution, p, y), period_order=i)
             for i, (p, y) in enumerate(resolution.periods())]
    tidy = data_export.tidy_frame(parts)
    n_targets = Target.objects.filter(resolution=resolution).count()
    assert len(tidy) == n_targets * 6
    assert list(data_export.without_keys(tidy).columns) == TIDY_COLUMNS
    term = tidy[tidy["Kỳ"] == "kỳ 5"]
    rows = rows_for(resolution, "term", None)
    assert term["Đánh giá"].tolist() == [r.status.label for r in rows]  # document order
    assert term["Số liệu (nguyên văn)"].tolist() == [r.figure_text for r in rows]
    first = term.iloc[0]
    assert (first["STT"], first["Số liệu"], first["Ước tính"]) == ("1", Decimal("9.69"), "Không")
    ranges = [r for r in rows if r.figure is not None and r.figure.kind != Kind.POINT]
    assert all(pd.isna(v) for v in term[term["Số liệu (nguyên văn)"].isin([r.figure_text for r in ranges])]["Số liệu"])


def test_the_wide_scoreboard_is_targets_by_periods_in_document_and_year_order() -> None:
    resolution = khoai_chau()
    parts = [Part("Khoái Châu", resolution, label, rows_for(resolution, p, y), period_order=i)
             for i, (label, (p, y)) in enumerate(zip(["2021", "2022", "2023", "2024", "2025", "Cả kỳ"],
                                                     resolution.periods(), strict=True))]
    wide = data_export.without_keys(data_export.scoreboard_wide(data_export.tidy_frame(parts)))
    assert list(wide.columns) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "2021", "2022", "2023", "2024", "2025", "Cả kỳ"]
    assert len(wide) == Target.objects.filter(resolution=resolution).count()
    assert wide.iloc[0]["Chỉ tiêu"] == "Giá trị sản xuất tăng trưởng bình quân" and wide.iloc[0]["Cả kỳ"] == Decimal("9.69")
    verdicts = data_export.scoreboard_wide(data_export.tidy_frame(parts), data_export.VERDICT)
    assert verdicts.iloc[0]["Cả kỳ"] == "Vượt" and verdicts.iloc[0]["2021"] == "Chưa có số liệu"


# --------------------------------------------------------------------------- files and permissions


def test_the_scoreboard_downloads_as_xlsx_with_figures_as_numbers(leader_client: Client) -> None:
    data = sheets(download(leader_client, scoreboard_url(khoai_chau()), "tidy", "xlsx"))
    rows = data["Dữ liệu"]
    assert rows[0] == TIDY_COLUMNS
    figures = [row[7] for row in rows[1:] if row[7] is not None]
    assert figures and all(isinstance(v, int | float) for v in figures)
    assert ["1", "Giá trị sản xuất tăng trưởng bình quân", "%", "trên 9,5%", "Cả nhiệm kỳ 2020 - 2025", 9.69,
            "9,69", "Không", "Vượt"] in [row[2:] for row in rows]
    wide = sheets(download(leader_client, scoreboard_url(khoai_chau()), "wide", "xlsx"))
    assert set(wide) == {"Số liệu", "Đánh giá"}
    assert wide["Số liệu"][0][4:] == ["Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025", "Cả nhiệm kỳ 2020 - 2025"]


def test_the_csv_is_utf8_with_a_bom_and_vietnamese_numbers_that_pandas_reads_back(leader_client: Client) -> None:
    data = download(leader_client, scoreboard_url(khoai_chau()), "tidy", "csv")
    assert data.startswith("\ufeffĐảng bộ,Nghị quyết,STT".encode())
    assert b'"9,69"' in data
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", decimal=",", thousands=".", dtype={"STT": str})
    assert back.loc[(back["STT"] == "1") & (back["Kỳ"] == "Cả nhiệm kỳ 2020 - 2025"), "Số liệu"].tolist() == [9.69]


def test_the_overview_downloads_its_committees_for_the_chosen_period(leader_client: Client) -> None:
    root = Committee.objects.get(key="hung-yen-2025")
    url = reverse("reports:overview_data", args=[root.pk])
    tidy = pd.read_csv(io.BytesIO(download(leader_client, url, "tidy", "csv")), encoding="utf-8-sig")
    below = [str(Committee.objects.get(key=key)) for key in ("hung-yen-2020", "khoai-chau", "thai-binh-2020")]
    assert set(tidy["Đảng bộ"]) == set(below)
    assert set(tidy["Kỳ"]) == {"Cả nhiệm kỳ (nhiệm kỳ 2020 - 2025)"}
    thai_binh = resolution_by("thai-binh-2020", 20)
    statuses = tidy[tidy["Đảng bộ"] == below[2]]["Đánh giá"].tolist()
    assert statuses == [r.status.label for r in rows_for(thai_binh, "term", None)]
    wide = sheets(download(leader_client, url, "wide", "xlsx"))["Số liệu"]
    linked = Target.objects.filter(resolution=thai_binh, indicator__isnull=False).select_related("indicator")
    assert wide[0][0] == "Đảng bộ" and {t.indicator.name for t in linked} <= set(wide[0])
    assert [row[0] for row in wide[1:]] == below  # the overview's order
    year = pd.read_csv(io.BytesIO(leader_client.get(url, {"period": "2023", "format": "csv"}).content), encoding="utf-8-sig")
    assert set(year["Kỳ"]) == {"Năm 2023"}


def test_a_user_gets_only_what_they_may_see_and_a_bad_request_is_refused(leader_client: Client) -> None:
    other = leader_of("vinh-bao")
    xix = resolution_by("hung-yen-2020", 19)
    assert other.get(scoreboard_url(xix)).status_code == 404
    root = Committee.objects.get(key="hung-yen-2025")
    assert other.get(reverse("reports:overview_data", args=[root.pk])).status_code == 404
    response = leader_client.get(scoreboard_url(xix), {"format": "pdf"})
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    assert Client().get(scoreboard_url(xix)).status_code == 302  # anonymous: to the login page


def test_the_scoreboard_and_the_overview_offer_the_downloads(leader_client: Client) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    html = leader_client.get(reverse("reports:scoreboard", args=[xix.pk])).content.decode()
    assert "Tải dữ liệu" in html and f"{scoreboard_url(xix)}?shape=wide&amp;format=csv" in html
    root = Committee.objects.get(key="hung-yen-2025")
    html = leader_client.get(reverse("reports:committee_overview", args=[root.pk]), {"period": "2023"}).content.decode()
    assert f'{reverse("reports:overview_data", args=[root.pk])}?term=2020&amp;period=2023&amp;shape=tidy' in html
