"""The hidden sheet that carries what a verdict needs and the printed table does not show."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from openpyxl import load_workbook

from indicators.statuses import Status
from reports.excel.export import export_bytes
from reports.excel.layouts import Layout
from reports.excel.roundtrip import COMPUTED, SHEET_TITLE, SheetMeta, read_sheet
from resolutions.models import Resolution, Target
from resolutions.services import set_override


def exported(resolution: Resolution, layout: Layout = Layout.TERM) -> Any:
    return load_workbook(io.BytesIO(export_bytes(resolution, layout)))


def test_the_sheet_is_hidden_and_the_table_is_what_opens(hung_yen_xix: Resolution) -> None:
    wb = exported(hung_yen_xix)
    assert wb.sheetnames == ["Phụ lục", SHEET_TITLE]
    assert wb[SHEET_TITLE].sheet_state == "hidden" and wb.active.title == "Phụ lục"


def test_it_says_in_vietnamese_what_it_is_for(hung_yen_xix: Resolution) -> None:
    ws = exported(hung_yen_xix)[SHEET_TITLE]
    assert ws["A1"].value == "DỮ LIỆU ĐỂ NHẬP LẠI TỆP" and "không mất thông tin" in ws["A2"].value
    labels = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(4, 12)}
    assert labels["Mẫu phụ lục"] == "term" and labels["Trích yếu nghị quyết"] == hung_yen_xix.title


def test_each_row_carries_direction_basis_catalogue_key_and_the_documents_verdict(hung_yen_xix: Resolution) -> None:
    meta, warnings = read_sheet(exported(hung_yen_xix))
    assert warnings == [] and meta is not None
    by_name = {m.name: m for m in meta.rows.values()}
    share = by_name["Nông, lâm nghiệp và thủy sản"]
    # the agricultural share of the economy: lower is better, read from the catalogue
    assert (share.direction, share.indicator) == ("lower", "economic-structure-agriculture")
    growth = by_name["Tốc độ tăng tổng sản phẩm trên địa bàn theo giá so sánh (GRDP)"]
    assert (growth.basis, growth.number) == ("growth_mean", "1")
    (figure,) = growth.figures.values()
    assert (figure.printed, figure.kind, figure.reported) == ("9,9 (ước)", "estimate", "Vượt")
    assert {i.key for i in meta.indicators} >= {"grdp-growth", "economic-structure-agriculture"}


def test_an_override_and_its_reason_are_carried(hung_yen_xix: Resolution) -> None:
    result = Target.objects.get(resolution=hung_yen_xix, number="4").results.get()
    set_override(result, Status.NOT_ACHIEVED, "Số liệu nhầm đơn vị.", User.objects.get(username="quantri"))
    meta, _ = read_sheet(exported(Resolution.objects.with_context().get(pk=hung_yen_xix.pk)))
    assert meta is not None
    (figure,) = next(m for m in meta.rows.values() if m.number == "4").figures.values()
    assert (figure.override, figure.override_reason) == ("chua_dat", "Số liệu nhầm đơn vị.")


def test_a_computed_term_figure_carries_the_yearly_figures_it_comes_from(khoai_chau_xxv: Resolution) -> None:
    meta, _ = read_sheet(exported(khoai_chau_xxv))
    assert meta is not None
    row = next(m for m in meta.rows.values() if m.name == "Tỷ lệ tăng dân số tự nhiên")
    (figure,) = row.figures.values()
    assert (figure.printed, figure.kind) == ("0,65", COMPUTED)
    assert [(y.period, y.year, y.figure.printed) for y in row.yearly] == [("year", 2024, "0,65")]


def test_a_file_without_the_sheet_has_no_hidden_data() -> None:
    from openpyxl import Workbook

    assert read_sheet(Workbook()) == (None, [])


def test_a_sheet_of_another_version_is_ignored_with_a_warning(hung_yen_xix: Resolution) -> None:
    wb = exported(hung_yen_xix)
    ws = wb[SHEET_TITLE]
    row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "Phiên bản")
    ws.cell(row=row, column=2).value = "99"
    meta, warnings = read_sheet(wb)
    assert meta is None and "phiên bản '99'" in warnings[0]


def test_rows_are_matched_by_their_row_then_by_number_and_name() -> None:
    from reports.excel.roundtrip import RowMeta

    meta = SheetMeta(rows={12: RowMeta(12, "1", "Thu ngân sách"), 13: RowMeta(13, "2", "Tỷ lệ hộ nghèo")})
    assert meta.match(12, "1", "Thu ngân sách").row == 12
    # a row inserted above: row 14 now shows what was on row 13
    assert meta.match(14, "2", "Tỷ lệ hộ nghèo").row == 13
    assert meta.match(15, "3", "Chỉ tiêu mới") is None
    assert meta.match(13, "2", "Tỷ lệ hộ nghèo") is None  # each line is used once
