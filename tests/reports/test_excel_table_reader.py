"""The rows under an appendix header as a document (reports/excel/table_reader.py): cell grids in,
no file and no database."""

from __future__ import annotations

from reports.excel.cells import Cell
from reports.excel.header import find_header
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from reports.excel.table_reader import read_table

REQUEST = ImportRequest(Layout.TERM, "Đảng bộ tỉnh Hà Nam", 20, 2020, 2025)


def parts_of(lines: list[list[str]]) -> dict[str, list[str]]:
    """Each row's name → the names of its parts, after reading ``lines`` under a term header."""
    rows = [[Cell(v or None) for v in line] for line in [["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu", "Kết quả"], *lines]]
    header = find_header(Layout.TERM, rows)
    assert header is not None
    read = read_table("Biểu", rows, header, REQUEST)
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
