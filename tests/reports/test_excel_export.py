"""Appendix export: the official layouts, cells checked against the seed documents (Phụ lục 1A, 1B)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from indicators.estimates import split_estimate
from indicators.statuses import Status
from reports.excel.export import ExportError, export_bytes, export_file_name, figure_value
from reports.excel.layouts import Layout
from reports.management.commands.bench_appendix import generated_doc
from resolutions.models import Resolution, Target
from resolutions.services import apply_document, set_override
from resolutions.verdicts import rows_for
from tests.factories import make_committee, make_resolution, make_result, make_target


def workbook(data: bytes, data_only: bool = True) -> Any:
    return load_workbook(io.BytesIO(data), data_only=data_only).active


def header_row(ws: Any) -> int:
    return next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "STT")


def row_named(ws: Any, name: str, number: str | None = None) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=2).value == name and (number is None or ws.cell(row=r, column=1).value == number):
            return r
    raise AssertionError(f"no row named {name!r}")


def values(ws: Any, r: int) -> list[Any]:
    return [ws.cell(row=r, column=c).value for c in range(1, ws.max_column + 1)]


class TestPhuLuc1A:
    def test_the_title_block_names_the_committee_congress_and_term(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM, "1A"))
        assert ws["A1"].value == "PHỤ LỤC 1A"
        assert ws["A2"].value == "KẾT QUẢ THỰC HIỆN MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI"
        assert ws["A3"].value == "ĐẢNG BỘ TỈNH HƯNG YÊN LẦN THỨ XIX, NHIỆM KỲ 2020 - 2025"
        assert ws["A4"].value == "-----"
        assert "A1:F1" in {str(m) for m in ws.merged_cells.ranges}

    def test_headers_and_the_column_number_row_follow_the_document(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        h = header_row(ws)
        assert values(ws, h) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu NQĐH XIX", "Kết quả thực hiện",
                                 "Đánh giá mức độ hoàn thành"]
        assert values(ws, h + 1) == [1, 2, 3, 4, 5, 6]

    def test_sections_are_bold_roman_numerals(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        r = header_row(ws) + 2
        assert values(ws, r)[:2] == ["I", "KINH TẾ"]
        assert ws.cell(row=r, column=1).font.b and ws.cell(row=r, column=2).font.b
        assert values(ws, row_named(ws, "XÃ HỘI"))[0] == "II"

    def test_target_4_keeps_its_target_text_and_its_result_is_a_number_shown_the_vietnamese_way(
        self, hung_yen_xix: Resolution
    ) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        r = row_named(ws, "Tổng vốn đầu tư toàn xã hội", "4")
        number, name, unit, target, result, verdict = values(ws, r)
        assert (number, unit, target) == ("4", "Tỷ đồng", "250.000")
        # The document's "328,096" is kept as written (a unit slip the product flags, never fixes),
        # a number shown with its three decimals and marked as the estimate it is: "328,096 (ước)".
        assert ws.cell(row=r, column=5).data_type == "n"
        assert Decimal(str(result)) == Decimal("328.096")
        assert ws.cell(row=r, column=5).number_format == '[$-42A]#,##0.000" (ước)"'
        expected = next(row for row in rows_for(hung_yen_xix, "term", None) if row.target.number == "4")
        assert verdict == expected.status.label

    def test_budget_revenue_44_923_is_a_numeric_cell_without_decimals(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        r = row_named(ws, "Thu ngân sách trên địa bàn", "5")
        assert ws.cell(row=r, column=4).value == "21.500"
        assert ws.cell(row=r, column=5).value == 44923
        assert ws.cell(row=r, column=5).number_format == '[$-42A]#,##0" (ước)"'

    def test_ditto_units_are_written_resolved_and_sub_rows_are_unnumbered_and_indented(
        self, hung_yen_xix: Resolution
    ) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        r = row_named(ws, "Nông, lâm nghiệp và thủy sản")
        assert values(ws, r)[:5] == [None, "Nông, lâm nghiệp và thủy sản", "%", "2-2,5", 2.4]
        assert ws.cell(row=r, column=2).alignment.indent == 1

    def test_every_row_shows_the_effective_verdict_in_document_order(self, hung_yen_xix: Resolution) -> None:
        rows = rows_for(hung_yen_xix, "term", None)
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        sections = {s.title for s in hung_yen_xix.sections.all()}
        exported = [values(ws, r) for r in range(header_row(ws) + 2, ws.max_row + 1)
                    if ws.cell(row=r, column=2).value not in sections | {None}]
        assert [e[1] for e in exported] == [row.target.name for row in rows]
        for e, row in zip(exported, rows, strict=True):
            assert e[5] in (row.status.label, None)
            assert (e[3] or "") == row.target.target_text

    def test_an_override_is_the_verdict_exported(self, hung_yen_xix: Resolution) -> None:
        result = Target.objects.get(resolution=hung_yen_xix, number="4").results.get()
        set_override(result, Status.NOT_ACHIEVED, "Số liệu nhầm đơn vị (328,096 tỷ đồng).", User.objects.get(username="quantri"))
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        assert ws.cell(row=row_named(ws, "Tổng vốn đầu tư toàn xã hội", "4"), column=6).value == "Chưa đạt"

    def test_the_sheet_is_set_up_for_a4_printing_in_times_new_roman_with_borders(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        h = header_row(ws)
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        # One page wide (1 is the file format's default), as many pages tall as needed.
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.page_setup.fitToHeight == 32767
        assert ws.print_title_rows == f"${h}:${h + 1}"
        cell = ws.cell(row=h + 3, column=2)
        assert cell.font.name == "Times New Roman" and cell.border.left.style == "thin" and cell.alignment.wrap_text
        assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


class TestPhuLuc1B:
    def test_thai_binh_rows_match_the_document(self, thai_binh_xx: Resolution) -> None:
        ws = workbook(export_bytes(thai_binh_xx, Layout.TERM, "1B"))
        assert ws["A1"].value == "PHỤ LỤC 1B"
        assert ws["A3"].value == "ĐẢNG BỘ TỈNH THÁI BÌNH LẦN THỨ XX, NHIỆM KỲ 2020 - 2025"
        r = row_named(ws, "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "3")
        assert values(ws, r)[:5] == ["3", "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "%/năm", "10", 8.36]
        assert ws.cell(row=r, column=6).value == "Chưa đạt"

    def test_text_figures_stay_text(self, thai_binh_xx: Resolution, khoai_chau_xxv: Resolution) -> None:
        texts = set()
        for resolution in (thai_binh_xx, khoai_chau_xxv):
            ws = workbook(export_bytes(resolution, Layout.TERM))
            texts |= {split_estimate(ws.cell(row=r, column=5).value)[0] for r in range(1, ws.max_row + 1)
                      if ws.cell(row=r, column=5).data_type == "s"}
        assert {"> 90", "30/77"} <= texts


class TestOtherLayouts:
    def test_targets_layout_is_stt_name_and_the_target_text_with_its_unit(self, db: None) -> None:
        from tests.conftest import resolution_by

        hung_yen_i = resolution_by("hung-yen-2025", 1)
        ws = workbook(export_bytes(hung_yen_i, Layout.TARGETS, "2"))
        h = header_row(ws)
        # The merged province's new targets continue Hưng Yên XIX's and Thái Bình XX's: the baseline column.
        assert values(ws, h) == ["STT", "Chỉ tiêu", "Mục tiêu 2025 - 2030", "Năm gốc 2025"]
        assert ws.cell(row=row_named(ws, "GRDP bình quân đầu người/năm"), column=3).value == "180 triệu đồng"
        assert ws.cell(row=row_named(ws, "GRDP bình quân đầu người/năm"), column=4).value == (
            "Đảng bộ tỉnh Hưng Yên: 133; Đảng bộ tỉnh Thái Bình: 79,6")

    def test_annual_layout_shows_plan_and_result_of_the_year(self, db: None) -> None:
        from tests.conftest import resolution_by

        annual = resolution_by("district-003", 12, 2024)
        ws = workbook(export_bytes(annual, Layout.ANNUAL))
        assert values(ws, header_row(ws)) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2024",
                                              "Thực hiện năm 2024", "Đánh giá"]
        assert "NĂM 2024" in ws["A2"].value

    def test_midterm_layout_has_one_column_per_year_a_half_year_the_period_so_far_and_the_estimate(
        self, db: None
    ) -> None:
        resolution = make_resolution(make_committee("Đảng bộ huyện Thử"), ordinal=25)
        target = make_target(resolution, "7,5-8", name="Tốc độ tăng trưởng", basis="growth_mean")
        make_result(target, "8,1", period="year", year=2021)
        make_result(target, "7,9", period="year", year=2022)
        make_result(target, "4,2", period="half", year=2023)
        make_result(target, "8", period="todate", year=2023, span=Decimal("2.5"))
        make_result(target, "8,05", period="term", figure="estimate")
        ws = workbook(export_bytes(Resolution.objects.with_context().get(pk=resolution.pk), Layout.MIDTERM))
        h = header_row(ws)
        assert values(ws, h)[4] == "Kết quả thực hiện"
        assert values(ws, h + 1)[4:7] == ["Năm 2021", "Năm 2022", "6 tháng năm 2023"]
        assert values(ws, h)[7:] == [
            "Trung bình (hoặc lũy kế) giai đoạn 2021 - 6 tháng 2023", "Đánh giá", "Dự kiến thực hiện đến năm 2025",
        ]
        assert values(ws, h + 2) == list(range(1, 11))
        # "Đánh giá" of a mid-term review is the forecast from the figures so far (the mean 8 % of
        # 2021 - 6 tháng 2023 against 7,5 - 8 %), not a verdict on the entered projection 8,05.
        assert values(ws, row_named(ws, "Tốc độ tăng trưởng"))[3:] == [
            "7,5-8", 8.1, 7.9, 4.2, 8, "Có khả năng đạt", 8.05,
        ]

    def test_a_layout_that_does_not_fit_the_resolution_is_refused(self, hung_yen_xix: Resolution) -> None:
        with pytest.raises(ExportError):
            export_bytes(hung_yen_xix, Layout.ANNUAL)

    def test_the_file_name_is_vietnamese(self, thai_binh_xx: Resolution) -> None:
        assert export_file_name(thai_binh_xx, "term") == (
            "Phụ lục kết quả nhiệm kỳ - Đảng bộ tỉnh Thái Bình - Đại hội XX (2020 - 2025).xlsx")


class TestSafeText:
    def test_text_that_looks_like_a_formula_is_written_as_text(self, db: None) -> None:
        resolution = make_resolution(make_committee())
        make_target(resolution, "+5", name="=HYPERLINK(\"http://x\",\"bấm\")", number="-", unit="@x")
        ws = workbook(export_bytes(Resolution.objects.with_context().get(pk=resolution.pk), Layout.TERM), False)
        r = header_row(ws) + 2
        assert [ws.cell(row=r, column=c).data_type for c in (1, 2, 3, 4)] == ["s", "s", "s", "s"]
        assert values(ws, r)[:4] == ["-", "=HYPERLINK(\"http://x\",\"bấm\")", "@x", "+5"]

    @pytest.mark.parametrize(("text", "expected"), [
        ("44.923", (Decimal("44923"), "[$-42A]#,##0")), ("9,9", (Decimal("9.9"), "[$-42A]#,##0.0")),
        ("-1,25", (Decimal("-1.25"), "[$-42A]#,##0.00")), ("> 90", ("> 90", "@")), ("74 (19,6)", ("74 (19,6)", "@")),
        ("95,0", (Decimal("95.0"), "[$-42A]#,##0.0")), ("9,90", (Decimal("9.90"), "[$-42A]#,##0.00")),
        ("9,9 (ước)", (Decimal("9.9"), '[$-42A]#,##0.0" (ước)"')), ("> 90 (ước)", ("> 90 (ước)", "@")),
        ("1600", ("1600", "@")), ("", (None, "General")),
    ])
    def test_figures_are_numbers_only_when_the_text_is_a_plain_vietnamese_number(
        self, text: str, expected: tuple[Any, str]
    ) -> None:
        assert figure_value(text) == expected


class TestQueryCount:
    def test_an_export_costs_three_queries_for_the_seed_resolution(
        self, hung_yen_xix: Resolution, django_assert_num_queries: Any
    ) -> None:
        with django_assert_num_queries(3):
            export_bytes(hung_yen_xix, Layout.TERM)

    def test_a_ten_times_larger_resolution_costs_the_same_queries_in_every_layout(
        self, hung_yen_xix: Resolution, django_assert_num_queries: Any
    ) -> None:
        committee = make_committee("Đảng bộ tỉnh Sinh Tự Động", level="province")
        size = 10 * hung_yen_xix.targets.count()
        summary = apply_document(generated_doc(size, committee.name), committee)
        big = Resolution.objects.with_context().get(pk=summary.resolution_id)
        assert big.targets.count() == size
        # The targets layout also reads the previous term's figures (one query when the term continues none).
        for layout, queries in ((Layout.TERM, 3), (Layout.MIDTERM, 3), (Layout.TARGETS, 4)):
            with django_assert_num_queries(queries):
                export_bytes(big, layout)


class TestRowHeights:
    def test_every_row_has_the_height_its_wrapped_text_needs(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        short = row_named(ws, "Tỷ lệ hộ nghèo", "8")
        long_row = row_named(ws, "Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải tập trung đạt quy chuẩn")
        assert ws.row_dimensions[short].height == 15.75
        assert ws.row_dimensions[long_row].height >= 2 * 15.75
        # Every row of 12 pt text is sized for it (Excel's default row suits only 11 pt text).
        names = {t.name for t in hung_yen_xix.targets.all()}
        rows = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value in names]
        assert len(rows) == hung_yen_xix.targets.count() and all(ws.row_dimensions[r].height >= 15.75 for r in rows)

    def test_a_wrapped_header_is_tall_enough_for_its_lines(self, hung_yen_xix: Resolution) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        # "Đánh giá mức độ hoàn thành" in a 16-wide column takes two lines of bold 12 pt
        assert ws.row_dimensions[header_row(ws)].height >= 2 * 15.75


class TestNumbers:
    def test_a_result_written_95_0_is_a_number_showing_one_decimal(self, db: None) -> None:
        resolution = make_resolution(make_committee())
        make_result(make_target(resolution, "95", name="Tỷ lệ bao phủ bảo hiểm y tế"), "95,0")
        ws = workbook(export_bytes(Resolution.objects.with_context().get(pk=resolution.pk), Layout.TERM))
        cell = ws.cell(row=row_named(ws, "Tỷ lệ bao phủ bảo hiểm y tế"), column=5)
        assert (cell.data_type, cell.value, cell.number_format) == ("n", 95, "[$-42A]#,##0.0")

    def test_estimates_are_marked_and_a_note_under_the_table_says_what_the_mark_means(
        self, hung_yen_xix: Resolution
    ) -> None:
        ws = workbook(export_bytes(hung_yen_xix, Layout.TERM))
        assert ws.cell(row=ws.max_row, column=1).value == "Ghi chú: số liệu ghi “(ước)” là số ước thực hiện."
        assert f"A{ws.max_row}:F{ws.max_row}" in {str(m) for m in ws.merged_cells.ranges}

    def test_a_table_without_estimates_has_no_note(self, db: None) -> None:
        from tests.conftest import resolution_by

        ws = workbook(export_bytes(resolution_by("district-003", 12, 2024), Layout.ANNUAL))
        assert not str(ws.cell(row=ws.max_row, column=1).value or "").startswith("Ghi chú")


def _words(pdf: Any) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (pdftotext -bbox)."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, page)]
            for page in out.split("<page ")[1:]]


def _overlapping(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words printed over each other (text running over the row below)."""
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            wide = min(a[2], b[2]) - max(a[0], b[0])
            tall = min(a[3], b[3]) - max(a[1], b[1])
            if wide > 0.5 and tall > 0.25 * min(a[3] - a[1], b[3] - b[1]):
                found.append((a[4], b[4]))
    return found


class TestPrintedInLibreOffice:
    def test_each_layout_prints_to_pdf_with_no_text_running_over_another_row(self, db: None, tmp_path: Any) -> None:
        import shutil
        import subprocess

        from tests.conftest import resolution_by

        if not shutil.which("soffice") or not shutil.which("pdftotext"):
            pytest.skip("LibreOffice (soffice) hoặc poppler (pdftotext) chưa được cài: không thử in ra PDF được.")
        long_name = ("Tỷ lệ cơ quan, đơn vị, doanh nghiệp, khu dân cư đạt chuẩn văn hóa, đồng thời hoàn thành "
                     "kế hoạch chuyển đổi số và cải cách hành chính theo Nghị quyết của Ban Chấp hành")
        midterm = make_resolution(make_committee("Đảng bộ huyện Thử In"), ordinal=25)
        parent = make_target(midterm, "1.600", name=long_name, unit="đảng viên")
        make_result(parent, "320", period="year", year=2021)
        make_result(make_target(midterm, "35-40", name=long_name, number="", parent=parent), "30,5",
                    period="half", year=2023, figure="estimate")
        tables = {
            "term": (resolution_by("hung-yen-2020", 19), Layout.TERM),
            "midterm": (Resolution.objects.with_context().get(pk=midterm.pk), Layout.MIDTERM),
            "targets": (resolution_by("hung-yen-2025", 1), Layout.TARGETS),
            "annual": (resolution_by("district-003", 12, 2024), Layout.ANNUAL),
        }
        for name, (resolution, layout) in tables.items():
            (tmp_path / f"{name}.xlsx").write_bytes(export_bytes(resolution, layout))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), *[str(tmp_path / f"{name}.xlsx") for name in tables]],
            capture_output=True, timeout=180, check=True,
        )
        for name, (resolution, _layout) in tables.items():
            pages = _words(tmp_path / f"{name}.pdf")
            assert pages and all(pages), name
            for page in pages:
                assert _overlapping(page) == [], name
            printed = " ".join(w[4] for page in pages for w in page)
            for target in resolution.targets.all():
                assert all(word in printed for word in target.name.split()), (name, target.name)
