"""How periods, targets, sections and committees' lifetimes read on pages and in messages."""

from __future__ import annotations

import datetime as dt

import pytest

from resolutions.labels import (
    committee_end_note,
    lifetime,
    period_label,
    result_label,
    section_label,
    target_label,
)


@pytest.mark.parametrize(("period", "year", "label"), [
    ("year", 2025, "Năm 2025"), ("half", 2023, "6 tháng đầu năm 2023"), ("term", None, "Cả nhiệm kỳ"),
])
def test_periods_are_named_with_their_year_as_written_never_grouped(period: str, year: int | None, label: str) -> None:
    assert period_label(period, year) == label


def test_a_target_is_named_by_number_and_a_name_cut_at_a_word() -> None:
    name = "Tỷ lệ đơn vị hành chính cấp xã đạt chuẩn nông thôn mới nâng cao, kiểu mẫu trên địa bàn tỉnh"
    label = target_label("4.2", name)
    assert label.startswith("Chỉ tiêu 4.2 (Tỷ lệ đơn vị hành chính") and label.endswith("…)")
    assert name.startswith(label.removeprefix("Chỉ tiêu 4.2 (").removesuffix("…)"))


def test_a_sub_row_is_named_by_its_numbered_parent_never_by_a_bullet() -> None:
    assert target_label("", "Nông nghiệp tăng", "1") == "Chỉ tiêu con của chỉ tiêu 1 (Nông nghiệp tăng)"
    assert target_label("-", "Thu nội địa", "4") == "Chỉ tiêu con của chỉ tiêu 4 (Thu nội địa)"
    assert "•" not in target_label("", "Thu nội địa")


def test_a_figure_names_its_target_and_its_period_in_words() -> None:
    label = result_label(target_label("4", "Tỷ lệ hộ nghèo"), "term", None)
    assert label == "Chỉ tiêu 4 (Tỷ lệ hộ nghèo): kết quả cả nhiệm kỳ"
    assert result_label("Chỉ tiêu 2 (Thu nhập)", "year", 2024).endswith("kết quả năm 2024")


@pytest.mark.parametrize(("code", "title", "label"), [
    ("I", "KINH TẾ", "I. KINH TẾ"), ("IV", "XÂY DỰNG ĐẢNG", "IV. XÂY DỰNG ĐẢNG"),
    ("I.", "KINH TẾ", "I. KINH TẾ"), ("", "Chỉ tiêu đến năm 2025", "Chỉ tiêu đến năm 2025"), ("II", "", "II"),
])
def test_section_rows_read_with_a_dot_after_the_roman_numeral(code: str, title: str, label: str) -> None:
    assert section_label(code, title) == label


def test_a_committees_years_say_from_and_until_without_dots_or_now() -> None:
    assert lifetime(dt.date(1997, 1, 1), dt.date(2025, 6, 30)) == "(1997–2025)"
    assert lifetime(None, dt.date(2025, 6, 30)) == "(đến 2025)"
    assert lifetime(dt.date(2025, 7, 1), None) == "(từ 2025)"
    assert lifetime(None, None) == ""


def test_a_committees_end_says_what_happened_from_which_day() -> None:
    end = dt.date(2025, 6, 30)
    assert committee_end_note(end, "Đảng bộ tỉnh Hưng Yên") == "hợp nhất vào Đảng bộ tỉnh Hưng Yên từ 01/07/2025"
    assert committee_end_note(end) == "thôi hoạt động từ 01/07/2025"
    assert committee_end_note(None, "Đảng bộ tỉnh Hưng Yên") == ""
