"""The rows under an appendix header as a document (reports/excel/table_reader.py): cell grids in,
no file and no database."""

from __future__ import annotations

from reports.excel.cells import Cell
from reports.excel.header import find_header
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from reports.excel.table_reader import read_table

REQUEST = ImportRequest(Layout.TERM, "Đảng bộ tỉnh Hà Nam", 20, 2020, 2025)


def read_lines(lines: list[list[str]]):  # type: ignore[no-untyped-def]
    rows = [[Cell(v or None) for v in line] for line in [["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu", "Kết quả"], *lines]]
    header = find_header(Layout.TERM, rows)
    assert header is not None
    return read_table("Biểu", rows, header, REQUEST)


def parts_of(lines: list[list[str]]) -> dict[str, list[str]]:
    """Each row's name → the names of its parts, after reading ``lines`` under a term header."""
    read = read_lines(lines)
    assert read.errors == []
    found: dict[str, list[str]] = {}

    def walk(targets: list) -> None:  # type: ignore[type-arg]
        for target in targets:
            found[target.name] = [child.name for child in target.children]
            walk(target.children)

    for section in read.doc.sections:
        walk(section.targets)
    return found


def test_two_plus_rows_straight_under_a_numbered_row_are_both_its_parts() -> None:
    parts = parts_of([
        ["18", "Tỷ lệ chất thải rắn được thu gom, xử lý", "", "", ""],
        ["+", "Khu vực đô thị", "%", "98", "99,2"],
        ["+", "Khu vực nông thôn", "%", "90", ""],
    ])
    assert parts["Tỷ lệ chất thải rắn được thu gom, xử lý"] == ["Khu vực đô thị", "Khu vực nông thôn"]
    assert parts["Khu vực đô thị"] == []


def test_a_plus_row_under_a_dash_row_is_the_dash_rows_part_and_the_next_dash_its_sibling() -> None:
    parts = parts_of([
        ["17", "Xây dựng nông thôn mới", "", "", ""],
        ["-", "Số xã đạt chuẩn nông thôn mới nâng cao", "Xã", "60", "62"],
        ["+", "Trong đó: xã đạt chuẩn nông thôn mới kiểu mẫu", "Xã", "15", "15"],
        ["+", "Xã đạt chuẩn nông thôn mới kiểu mẫu về chuyển đổi số", "Xã", "5", "6"],
        ["-", "Tỷ lệ xã đạt chuẩn nông thôn mới", "%", "100", "100"],
    ])
    assert parts["Xây dựng nông thôn mới"] == ["Số xã đạt chuẩn nông thôn mới nâng cao", "Tỷ lệ xã đạt chuẩn nông thôn mới"]
    assert parts["Số xã đạt chuẩn nông thôn mới nâng cao"] == [
        "Trong đó: xã đạt chuẩn nông thôn mới kiểu mẫu", "Xã đạt chuẩn nông thôn mới kiểu mẫu về chuyển đổi số"]


def test_a_section_typed_in_one_cell_merged_across_the_row_is_a_section() -> None:
    # Phụ lục 1B of the Word audit: "I. KINH TẾ" in one cell spanning the table (the merged cell's text in
    # its first column), once dropped as a note with the targets left without a section.
    found = read_lines([
        ["I. KINH TẾ", "", "", "", ""],
        ["1", "GRDP bình quân đầu người", "Triệu đồng", "90", "92"],
        ["II - VĂN HÓA - XÃ HỘI", "", "", "", ""],
        ["2", "Tỷ lệ hộ nghèo", "%", "dưới 2", "1,5"],
        ["B/ XÂY DỰNG ĐẢNG", "", "", "", ""],
        ["3", "Kết nạp đảng viên mới", "Đảng viên", "3.000", "3.150"],
    ])
    assert (found.errors, found.warnings) == ([], [])
    assert [(s.code, s.title, [t.number for t in s.targets]) for s in found.doc.sections] == [
        ("I", "KINH TẾ", ["1"]), ("II", "VĂN HÓA - XÃ HỘI", ["2"]), ("B", "XÂY DỰNG ĐẢNG", ["3"])]


def test_a_note_in_the_first_cell_is_still_no_section() -> None:
    found = read_lines([
        ["1", "GRDP bình quân đầu người", "Triệu đồng", "90", "92"],
        ["Nguồn: Cục Thống kê tỉnh", "", "", "", ""],
    ])
    assert [s.code for s in found.doc.sections] == [""]
    assert any("bỏ qua dòng ghi chú 'Nguồn: Cục Thống kê tỉnh'" in w for w in found.warnings)


def _ticked(lines: list[list[str]]):  # type: ignore[no-untyped-def]
    """Rows under a header whose "Đánh giá" spans three tick columns (Vượt | Đạt | Chưa đạt)."""
    head = [["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu", "Kết quả", "Đánh giá", "", ""],
            ["", "", "", "", "", "Vượt", "Đạt", "Chưa đạt"]]
    rows = [[Cell(v or None) for v in line] for line in [*head, *lines]]
    header = find_header(Layout.TERM, rows)
    assert header is not None and header.problems == []
    return read_table("Biểu", rows, header, REQUEST)


def test_a_verdict_split_into_tick_columns_reads_as_the_ticked_columns_word() -> None:
    read = _ticked([
        ["1", "Tốc độ tăng trưởng kinh tế", "%", "7,5-8", "8,2", "x", "", ""],
        ["2", "Tỷ lệ hộ nghèo", "%", "dưới 1", "1,2", "", "", "✓"],
        ["3", "Tỷ lệ che phủ rừng", "%", "42", "42", "-", "X", "-"],
        ["4", "Thu ngân sách", "Tỷ đồng", "4.500", "4.600", "", "", ""],
    ])
    assert read.errors == []
    reported = {t.name: [r.reported for r in t.results] for t in read.doc.sections[0].targets}
    assert reported == {
        "Tốc độ tăng trưởng kinh tế": ["Vượt"], "Tỷ lệ hộ nghèo": ["Chưa đạt"],
        "Tỷ lệ che phủ rừng": ["Đạt"], "Thu ngân sách": [""],
    }


def test_two_ticks_on_one_row_are_refused_naming_both_cells() -> None:
    read = _ticked([["1", "Tốc độ tăng trưởng kinh tế", "%", "7,5-8", "8,2", "x", "x", ""]])
    assert len(read.errors) == 1
    assert "cột G" in read.errors[0] and "cột F" in read.errors[0] and "mỗi chỉ tiêu chỉ một mức" in read.errors[0]
