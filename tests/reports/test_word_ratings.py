"""Phụ lục 3 in Word: the same rows, counts, rates and notes as the Excel table, laid out for print."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from indicators.numbers import format_number
from reports.excel.ratings import export_ratings_bytes
from reports.word.document import is_header_row
from reports.word.ratings import export_ratings_docx_bytes
from resolutions.models import Committee
from resolutions.ratings import ratings_table
from tests.conftest import login

pytestmark = pytest.mark.django_db


def as_text(value: Any) -> str:
    """An Excel cell as the Word table prints it: numbers the Vietnamese way, empty for None."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return format_number(Decimal(str(value)))
    return str(value)


def excel_body(data: bytes) -> list[list[str]]:
    """The Excel table's rows below the column-number row, up to the last table row, as text."""
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == 1 and row[1] == 2) + 1
    body = [[as_text(v) for v in row] for row in rows[start:]]
    return [row for row in body if not row[1].startswith("Nguồn, ghi chú")]


def word_tables(data: bytes) -> tuple[Any, list[list[str]]]:
    document = Document(io.BytesIO(data))
    (table,) = document.tables
    body = [[cell.text for cell in row.cells] for row in table.rows if not is_header_row(row)]
    return document, body


@pytest.mark.parametrize("key", ["vinh-bao", "hai-phong"])
def test_the_word_table_holds_every_row_count_rate_and_note_of_the_excel_table(key: str) -> None:
    table = ratings_table(Committee.objects.get(key=key), 2024)
    expected = excel_body(export_ratings_bytes(table))
    _document, body = word_tables(export_ratings_docx_bytes(table))
    assert body == expected
    assert any("20,4" in row for row in body)  # seed 001's 10/49 HTXSNV, computed from counts


def test_the_table_prints_landscape_with_its_header_repeated_on_every_page() -> None:
    data = export_ratings_docx_bytes(ratings_table(Committee.objects.get(key="vinh-bao"), 2024))
    document = Document(io.BytesIO(data))
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[-1].page_width > document.sections[-1].page_height
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == ["PHỤ LỤC 3", "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2024", "ĐẢNG BỘ HUYỆN VĨNH BẢO"]
    (grid,) = document.tables
    assert [is_header_row(row) for row in grid.rows[:4]] == [True, True, True, False]
    assert grid.rows[2].cells[4].text == "5"  # the italic column numbers, as the Excel table has them


def test_a_year_without_counts_says_so() -> None:
    document = Document(io.BytesIO(export_ratings_docx_bytes(ratings_table(Committee.objects.get(key="vinh-bao"),
                                                                           2019))))
    assert "Chưa có số liệu xếp loại chất lượng năm 2019." in [p.text for p in document.paragraphs]


def test_the_command_writes_word_when_the_output_ends_in_docx(tmp_path: Path) -> None:
    output = tmp_path / "pl3.docx"
    call_command("export_appendix", "--layout", "ratings", "--committee", "Đảng bộ huyện Vĩnh Bảo", "--congress",
                 "26", "--year", "2024", "--output", str(output), stdout=io.StringIO())
    assert Document(str(output)).paragraphs[0].text == "PHỤ LỤC 3"


def test_the_command_refuses_an_output_that_is_neither_excel_nor_word(tmp_path: Path) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"\.xlsx \(Excel\) hoặc \.docx \(Word\)"):
        call_command("export_appendix", "--layout", "ratings", "--committee", "Đảng bộ huyện Vĩnh Bảo",
                     "--congress", "26", "--year", "2024", "--output", str(tmp_path / "pl3.pdf"))


def test_the_word_download_is_scoped_and_named_like_the_excel_one() -> None:
    url = reverse("reports:ratings_export_word", args=[Committee.objects.get(key="vinh-bao").pk]) + "?nam=2024"
    assert login("canbo.khoaichau").get(url).status_code == 404
    response = login("canbo.vinhbao").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c%203" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(".docx")
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "PHỤ LỤC 3"
    page = login("canbo.vinhbao").get(reverse("reports:ratings", args=[Committee.objects.get(key="vinh-bao").pk]))
    assert "Tải Phụ lục 3 (Word)" in page.content.decode()
