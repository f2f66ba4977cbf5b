"""Reading committee, congress, term, year and appendix number from an appendix's title (no database)."""

from __future__ import annotations

import pytest

from reports.titles import StatedTitle, committee_case, from_roman, parse_title


@pytest.mark.parametrize(("lines", "expected"), [
    (["PHỤ LỤC 1A", "KẾT QUẢ THỰC HIỆN MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI",
      "ĐẢNG BỘ TỈNH HƯNG YÊN LẦN THỨ XIX, NHIỆM KỲ 2020 - 2025", "-----"],
     StatedTitle("Đảng bộ tỉnh Hưng Yên", 19, (2020, 2025), None, "1A")),
    (["KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ TỈNH THÁI BÌNH LẦN THỨ XX, NHIỆM KỲ 2020-2025"],
     StatedTitle("Đảng bộ tỉnh Thái Bình", 20, (2020, 2025))),
    (["KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NĂM 2024",
      "ĐẢNG BỘ HUYỆN PHỤNG HIỆP (ĐẠI HỘI LẦN THỨ XII, NHIỆM KỲ 2020 - 2025)"],
     StatedTitle("Đảng bộ huyện Phụng Hiệp", 12, (2020, 2025), 2024)),
    (["Báo cáo chính trị trình Đại hội đại biểu Đảng bộ huyện Khoái Châu lần thứ XXVI, nhiệm kỳ 2025 - 2030"],
     StatedTitle("Đảng bộ huyện Khoái Châu", 26, (2025, 2030))),
    (["ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG LẦN THỨ 16, NHIỆM KỲ 2020\u00a0–\u00a02025"],
     StatedTitle("Đảng bộ thành phố Hải Phòng", 16, (2020, 2025))),
    (["BÁO CÁO CỦA ĐẢNG BỘ TỈNH", "ĐẢNG BỘ TỈNH HƯNG YÊN LẦN THỨ I, NHIỆM KỲ 2025 - 2030"],
     StatedTitle("Đảng bộ tỉnh Hưng Yên", 1, (2025, 2030))),
    (["PHỤ LỤC 2", "MỤC TIÊU 2025 - 2030"], StatedTitle(appendix="2")),
    ([], StatedTitle()),
])
def test_a_title_states_what_it_names(lines: list[str], expected: StatedTitle) -> None:
    assert parse_title(lines) == expected


def test_roman_numerals_and_capitalised_names_are_read_back() -> None:
    assert [from_roman(x) for x in ("I", "XIX", "XX", "XXVI", "IIII", "ABC", "")] == [1, 19, 20, 26, None, None, None]
    assert committee_case("ĐẢNG BỘ TỈNH BÀ RỊA - VŨNG TÀU") == "Đảng bộ tỉnh Bà Rịa - Vũng Tàu"
    assert committee_case("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH") == "Đảng bộ khối các cơ quan tỉnh"
    assert committee_case("Đảng bộ huyện Vĩnh Bảo") == "Đảng bộ huyện Vĩnh Bảo"


def test_a_complete_title_is_described_in_words() -> None:
    stated = StatedTitle("Đảng bộ tỉnh Thái Bình", 20, (2020, 2025))
    assert stated.complete and not StatedTitle("Đảng bộ tỉnh Thái Bình").complete
    assert stated.describe() == "Đảng bộ tỉnh Thái Bình, Đại hội lần thứ XX, nhiệm kỳ 2020 - 2025"
