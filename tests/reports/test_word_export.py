"""Word appendix: every layout read back with python-docx holds every row and figure of the Excel
export, laid out as an official appendix (A4, Times New Roman, repeating header rows, ...)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import load_workbook

from indicators.numbers import format_number
from reports.excel.export import export_bytes, layouts_for
from reports.excel.layouts import Layout
from reports.management.commands.bench_appendix import generated_doc
from reports.word.document import is_header_row
from reports.word.export import ATTACHED_LINE, ESTIMATE_MARK, docx_file_name, export_docx_bytes
from reports.word.reader import table_grid
from resolutions.models import Resolution
from resolutions.services import apply_document
from tests.conftest import resolution_by
from tests.factories import make_committee, make_resolution, make_result, make_target

SEED_RESOLUTIONS = [("hung-yen-2020", 19, None), ("thai-binh-2020", 20, None), ("khoai-chau", 25, None),
                    ("hung-yen-2025", 1, None), ("district-003", 12, 2024)]


def read_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def docx_grid(data: bytes) -> list[list[str | None]]:
    """The appendix table's cells as text (merged cells in their top-left position only), marks kept."""
    table = read_docx(data).tables[0]
    rows, _marks = table_grid(table._tbl)
    return [[c.value for c in row] for row in rows]


def _excel_text(value: Any, number_format: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and number_format == "General":
        return str(value)  # the column-number row
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"', "", number_format)  # without the language tag and the "(ước)"
    places = len(shown.split(".")[1]) if "." in shown else 0
    return format_number(Decimal(str(value)), places)


def excel_grid(data: bytes) -> tuple[list[str], list[list[str | None]]]:
    """The workbook's title lines and its table (from the header row down) as text."""
    ws = load_workbook(io.BytesIO(data)).active
    first = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "STT")
    titles = [ws.cell(row=r, column=1).value for r in range(1, first) if ws.cell(row=r, column=1).value]
    grid = [[_excel_text(ws.cell(row=r, column=c).value, ws.cell(row=r, column=c).number_format)
             for c in range(1, ws.max_column + 1)] for r in range(first, ws.max_row + 1)]
    end = next((i for i, row in enumerate(grid) if not any(row)), len(grid))  # the note under the table follows
    return titles, grid[:end]


def without_marks(grid: list[list[str | None]]) -> list[list[str | None]]:
    return [[c.removesuffix(f" {ESTIMATE_MARK}") if c else c for c in row] for row in grid]


def seed_exports() -> list[tuple[str, int, int | None, Layout]]:
    out = []
    for key, ordinal, year in SEED_RESOLUTIONS:
        layouts = (Layout.ANNUAL,) if year else (Layout.TERM, Layout.MIDTERM, Layout.TARGETS)
        out += [(key, ordinal, year, layout) for layout in layouts]
    return out


# --------------------------------------------------------------------------- the same table as Excel


@pytest.mark.parametrize(("key", "ordinal", "year", "layout"), seed_exports())
def test_each_layouts_docx_holds_every_row_and_figure_of_the_excel_export(
    db: None, key: str, ordinal: int, year: int | None, layout: Layout
) -> None:
    resolution = resolution_by(key, ordinal, year)
    titles, excel = excel_grid(export_bytes(resolution, layout, "1A"))
    word = export_docx_bytes(resolution, layout, "1A")
    assert without_marks(docx_grid(word)) == without_marks(excel)
    paragraphs = [p.text for p in read_docx(word).paragraphs if p.text]
    assert paragraphs == titles[:-1] + [ATTACHED_LINE, titles[-1]]


def test_the_seed_1a_table_reads_back_with_its_figures_verdicts_and_estimate_marks(db: None) -> None:
    grid = docx_grid(export_docx_bytes(resolution_by("hung-yen-2020", 19), Layout.TERM, "1A"))
    assert grid[0] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu NQĐH XIX", "Kết quả thực hiện",
                       "Đánh giá mức độ hoàn thành"]
    assert grid[1] == ["1", "2", "3", "4", "5", "6"]
    assert grid[2][:2] == ["I", "KINH TẾ"]
    rows = {row[1]: row for row in grid}
    assert rows["Thu ngân sách trên địa bàn"][2:5] == ["Tỷ đồng", "21.500", f"44.923 {ESTIMATE_MARK}"]
    assert rows["Kết nạp đảng viên mới"][3:] == ["1.600", f"1.686 {ESTIMATE_MARK}", "Vượt"]


def test_an_official_figure_carries_no_estimate_mark_and_a_midterm_estimate_is_marked_in_its_year(db: None) -> None:
    resolution = make_resolution(make_committee("Đảng bộ huyện Ước Tính"), ordinal=25)
    target = make_target(resolution, "1.600", name="Kết nạp đảng viên", unit="đảng viên")
    make_result(target, "320", period="year", year=2021, figure="estimate")
    make_result(target, "410", period="year", year=2022)
    make_result(target, "1.700", period="term")
    resolution = Resolution.objects.with_context().get(pk=resolution.pk)
    term = docx_grid(export_docx_bytes(resolution, Layout.TERM))
    assert term[-1][4] == "1.700"
    midterm = docx_grid(export_docx_bytes(resolution, Layout.MIDTERM))
    header = midterm[1]
    assert midterm[-1][header.index("Năm 2021")] == f"320 {ESTIMATE_MARK}"
    assert midterm[-1][header.index("Năm 2022")] == "410"


# --------------------------------------------------------------------------- layout of the page and table


def _rfonts(element: Any) -> list[Any]:
    return list(element.iter(qn("w:rFonts")))


def test_fonts_are_set_in_the_file_for_every_script_and_never_left_to_the_theme(hung_yen_xix: Resolution) -> None:
    document = read_docx(export_docx_bytes(hung_yen_xix, Layout.TERM, "1A"))
    styles = document.styles.element
    slots = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    for rfonts in _rfonts(defaults) + _rfonts(document.styles["Normal"].element):
        assert [rfonts.get(qn(s)) for s in slots] == ["Times New Roman"] * 4
    for rfonts in _rfonts(styles) + _rfonts(document.element.body):
        assert not any(k.endswith("Theme") or k.endswith("theme") for k in rfonts.attrib), rfonts.attrib
        assert rfonts.get(qn("w:ascii")) == "Times New Roman"
    assert document.styles["Normal"].font.size == Pt(13)
    runs = [r for cell in document.tables[0].rows[5].cells for p in cell.paragraphs for r in p.runs]
    assert runs and {r.font.size for r in runs} == {Pt(12)}


@pytest.mark.parametrize(("layout", "landscape"), [(Layout.TERM, False), (Layout.TARGETS, False),
                                                   (Layout.MIDTERM, True)])
def test_pages_are_a4_and_wide_tables_landscape(hung_yen_xix: Resolution, layout: Layout, landscape: bool) -> None:
    section = read_docx(export_docx_bytes(hung_yen_xix, layout)).sections[0]
    size = sorted([section.page_width, section.page_height])
    assert [round(x / Cm(1), 1) for x in size] == [21.0, 29.7]
    assert (section.orientation == WD_ORIENT.LANDSCAPE) is landscape
    assert (section.page_width > section.page_height) is landscape


def test_the_header_rows_and_the_italic_number_row_repeat_on_every_page(hung_yen_xix: Resolution) -> None:
    table = read_docx(export_docx_bytes(hung_yen_xix, Layout.MIDTERM)).tables[0]
    assert [is_header_row(r) for r in table.rows[:4]] == [True, True, True, False]
    assert not any(is_header_row(r) for r in table.rows[3:])
    numbers = table.rows[2].cells
    assert [c.text for c in numbers][:3] == ["1", "2", "3"]
    assert all(run.italic for c in numbers for p in c.paragraphs for run in p.runs)
    group = table.rows[0].cells[4]
    assert group.text == "Kết quả thực hiện" and group.grid_span > 1


def test_section_rows_are_bold_sub_rows_indented_and_no_row_is_empty(hung_yen_xix: Resolution) -> None:
    table = read_docx(export_docx_bytes(hung_yen_xix, Layout.TERM)).tables[0]
    section = table.rows[2].cells
    assert section[0].text == "I" and all(r.bold for c in section[:2] for p in c.paragraphs for r in p.runs)
    by_name = {row.cells[1].text: row.cells for row in table.rows}
    parent, child = by_name["Thu ngân sách trên địa bàn"][1], by_name["Thu nội địa"][1]
    assert parent.paragraphs[0].runs[0].bold and not child.paragraphs[0].runs[0].bold
    assert not parent.paragraphs[0].paragraph_format.left_indent
    assert round(child.paragraphs[0].paragraph_format.left_indent.cm, 2) == 0.4
    assert all(any(c.text.strip() for c in row.cells) for row in table.rows)
    assert len(table.rows) == 2 + 4 + hung_yen_xix.targets.count()  # header, numbers, 4 sections, targets


def test_the_word_file_name_is_the_excel_name_with_docx(thai_binh_xx: Resolution) -> None:
    assert docx_file_name(thai_binh_xx, Layout.TERM) == (
        "Phụ lục kết quả nhiệm kỳ - Đảng bộ tỉnh Thái Bình - Đại hội XX (2020 - 2025).docx")


def test_a_word_export_costs_the_same_queries_for_a_ten_times_larger_resolution(
    hung_yen_xix: Resolution, django_assert_num_queries: Any
) -> None:
    committee = make_committee("Đảng bộ tỉnh Sinh Tự Động", level="province")
    summary = apply_document(generated_doc(10 * hung_yen_xix.targets.count(), committee.name), committee)
    big = Resolution.objects.with_context().get(pk=summary.resolution_id)
    # Targets, results, adjustments; the targets layout also reads the previous term's figures (issue 13).
    for layout in layouts_for(big):
        with django_assert_num_queries(4 if layout == Layout.TARGETS else 3):
            export_docx_bytes(big, layout)


# --------------------------------------------------------------------------- LibreOffice opens it


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed on this machine")
def test_libreoffice_converts_the_portrait_and_landscape_appendices_to_pdf_without_errors(
    hung_yen_xix: Resolution, tmp_path: Path
) -> None:
    for layout in (Layout.TERM, Layout.MIDTERM):
        (tmp_path / f"{layout}.docx").write_bytes(export_docx_bytes(hung_yen_xix, layout, "1A"))
    profile = tmp_path / "lo-profile"  # a private profile: parallel runs do not lock each other out
    done = subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "term.docx"), str(tmp_path / "midterm.docx")],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    for layout, landscape in (("term", False), ("midterm", True)):
        pdf = tmp_path / f"{layout}.pdf"
        assert pdf.stat().st_size > 5000
        if shutil.which("pdfinfo") and shutil.which("pdftotext"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            width, height = (float(x) for x in info.split("Page size:")[1].split("pts")[0].split(" x "))
            assert (width > height) is landscape
            assert int(info.split("Pages:")[1].split()[0]) >= 2
            page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
                                   capture_output=True, text=True).stdout
            assert "Chỉ tiêu" in page2 and "STT" in page2  # the header repeated on the next page
