"""Row heights from wrapped text (Times New Roman metrics)."""

from __future__ import annotations

import pytest

from reports.excel.heights import column_points, line_height, lines_needed, text_points


def test_widths_follow_the_font_metrics_with_a_small_safety_margin() -> None:
    # Ten digits of Times New Roman at 12 pt are 60 pt wide (LibreOffice's PDF of a test sheet shows 59,96 pt).
    assert 60 < text_points("0000000000", 12) <= 60 * 1.07
    assert text_points("Tổng vốn", 12, bold=True) > text_points("Tổng vốn", 12)


def test_vietnamese_letters_are_as_wide_as_their_base_letter() -> None:
    assert text_points("ữ", 12) == text_points("u", 12)
    assert text_points("Đ", 12) == text_points("D", 12)


def test_a_row_of_12_pt_text_is_sized_as_excel_sizes_it() -> None:
    assert line_height(12) == 15.75
    assert line_height(11) == 15.0


def test_a_name_that_fits_takes_one_line_and_a_long_one_wraps() -> None:
    wide = column_points(48)
    assert lines_needed("Tỷ lệ hộ nghèo", wide, 12) == 1
    long_name = "Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải tập trung đạt quy chuẩn kỹ thuật môi trường"
    assert lines_needed(long_name, wide, 12) == 2
    assert lines_needed(long_name, column_points(16), 12) >= 5


def test_an_indent_narrows_the_column() -> None:
    assert column_points(48, indent=2) < column_points(48)


def test_line_breaks_in_the_text_start_new_lines() -> None:
    assert lines_needed("Đánh giá\nmức độ\nhoàn thành", column_points(48), 12, bold=True) == 3


@pytest.mark.parametrize("width", [6, 12, 16])
def test_a_word_wider_than_the_column_is_broken_over_lines(width: int) -> None:
    word = "a" * 80
    assert lines_needed(word, column_points(width), 12) * column_points(width) >= text_points(word, 12)


def test_empty_text_takes_one_line() -> None:
    assert lines_needed("", column_points(12), 12) == 1
