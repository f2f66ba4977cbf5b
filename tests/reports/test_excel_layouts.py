"""How a typed header is recognised (reports/excel/layouts.py): plain functions, no database."""

from __future__ import annotations

from reports.excel.layouts import Kind, Layout, classify_header


def test_a_year_column_headed_as_an_estimate_holds_estimates_in_every_layout() -> None:
    # The mid-term review of the Word audit: "Ước thực hiện năm 2023" under "Kết quả thực hiện", once read
    # as official figures while the same header in a term or annual table marked estimates.
    year = classify_header(Layout.MIDTERM, "Ước thực hiện năm 2023")
    half = classify_header(Layout.MIDTERM, "Ước 6 tháng năm 2023")
    annual = classify_header(Layout.ANNUAL, "Ước thực hiện năm 2023")
    assert year is not None and (year.kind, year.year, year.estimate) == (Kind.YEAR, 2023, True)
    assert half is not None and (half.kind, half.year, half.estimate) == (Kind.HALF, 2023, True)
    assert annual is not None and (annual.kind, annual.estimate) == (Kind.RESULT, True)


def test_a_plain_or_official_year_column_holds_no_estimates() -> None:
    plain = classify_header(Layout.MIDTERM, "Năm 2022")
    official = classify_header(Layout.MIDTERM, "Năm 2022 (chính thức)")
    assert plain is not None and not plain.estimate
    assert official is not None and (official.estimate, official.official) == (False, True)


def test_the_name_column_is_found_under_the_headings_reports_give_it() -> None:
    for text in ("Chỉ tiêu", "Tên chỉ tiêu", "Nội dung", "Các chỉ tiêu chủ yếu", "CÁC CHỈ TIÊU", "Danh mục chỉ tiêu"):
        for layout in Layout:
            column = classify_header(layout, text)
            assert column is not None and column.kind == Kind.NAME, (layout, text)


def test_a_target_heading_is_not_taken_for_the_name_column() -> None:
    column = classify_header(Layout.TERM, "Chỉ tiêu Nghị quyết Đại hội")
    assert column is not None and column.kind == Kind.TARGET
