"""Guessing a target's direction from its wording (indicators.direction); no database."""

from __future__ import annotations

import pytest

from indicators.catalogue import read_catalogue
from indicators.direction import guess_direction
from indicators.evaluation import Direction

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize("name", [
    "Tỷ lệ hộ nghèo", "Tỷ lệ hộ cận nghèo", "Tỷ lệ thất nghiệp ở khu vực thành thị",
    "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "Tỷ suất tử vong trẻ em dưới 1 tuổi", "Số vụ tai nạn giao thông",
    "Số cơ sở gây ô nhiễm môi trường", "Số vụ phạm tội về trật tự xã hội", "Tỷ số giới tính khi sinh",
    "Tỷ lệ tăng dân số tự nhiên", "Tỷ trọng lao động nông nghiệp trong tổng lao động xã hội",
    "Số người nghiện ma túy", "Tỷ lệ học sinh bỏ học", "Số vụ cháy, nổ",
])
def test_lower_is_better_words_in_the_name_give_lower(name: str) -> None:
    guess = guess_direction(name)
    assert guess.direction == LOWER
    assert "càng thấp càng tốt" in guess.reason


@pytest.mark.parametrize("name", [
    "Tỷ lệ giảm hộ nghèo", "Số hộ thoát nghèo", "Tỷ lệ hộ nghèo giảm từ 1,8% trở lên",
    "Số hộ nghèo (theo chuẩn nghèo giai đoạn 2021-2025) giảm so với năm 2020",
    "Mức giảm tỷ lệ hộ nghèo bình quân hằng năm",
])
def test_a_reduction_or_an_exit_is_better_when_higher(name: str) -> None:
    assert guess_direction(name).direction == HIGHER


@pytest.mark.parametrize("name", [
    "Tỷ lệ cơ sở gây ô nhiễm môi trường nghiêm trọng được xử lý", "Tỷ lệ tham gia bảo hiểm thất nghiệp",
    "Tỷ lệ xã, phường không có ma túy", "Tỷ lệ điều tra, khám phá án tội phạm hình sự",
    "Xử lý vi phạm hành lang giao thông", "Giải tỏa các công trình vi phạm",
])
def test_dealing_with_a_bad_thing_is_better_when_higher(name: str) -> None:
    guess = guess_direction(name)
    assert guess.direction == HIGHER and "nhưng đo việc" in guess.reason


@pytest.mark.parametrize(("name", "target", "expected"), [
    ("Tỷ lệ hộ dân dùng nước giếng khoan", "không quá 5%", LOWER),
    ("Chỉ số giá tiêu dùng", "dưới 4%", LOWER),
    ("Tỷ lệ nợ đọng", "< 1", LOWER),
    ("Tỷ lệ hộ nghèo", "giảm xuống còn 1,6%", LOWER),
    ("Tội phạm về trật tự xã hội", "kéo giảm", LOWER),
    ("Chỉ số PCI", "trên 65 điểm", HIGHER),
    ("Tỷ lệ kết nạp", "từ 3% trở lên", HIGHER),
    ("Số hội viên", "tối thiểu 500", HIGHER),
])
def test_a_bound_in_the_target_text_says_which_way_is_good(name: str, target: str, expected: Direction) -> None:
    guess = guess_direction(name, target)
    assert guess.direction == expected and "mục tiêu ghi" in guess.reason


def test_a_level_to_come_down_to_in_the_name_is_lower_even_with_giam() -> None:
    assert guess_direction("Tỷ lệ hộ nghèo giảm còn dưới 1%").direction == LOWER
    assert guess_direction("Giảm tỷ lệ hộ nghèo xuống còn 2%").direction == LOWER
    assert guess_direction("Kéo giảm tai nạn giao thông").direction == LOWER


@pytest.mark.parametrize("name", [
    "Kéo giảm số vụ tai nạn giao thông so với năm trước",
    "Kéo giảm tai nạn giao thông so với cùng kỳ",
    "Kiềm chế, kéo giảm số vụ phạm pháp hình sự so với năm 2020",
])
def test_reducing_something_measured_against_a_base_is_a_reduction_better_when_higher(name: str) -> None:
    # "so với năm trước": the figure is how much it fell (5 - 10 %), not the level it fell to.
    guess = guess_direction(name, "5 - 10")
    assert guess.direction == HIGHER and "giảm" in guess.reason


def test_a_sub_row_is_read_with_its_parent_for_lower_is_better_words() -> None:
    assert guess_direction("Nông, lâm nghiệp và thủy sản", "6").direction == HIGHER
    assert guess_direction("Nông, lâm nghiệp và thủy sản", "6", ["Cơ cấu kinh tế"]).direction == LOWER


def test_without_any_sign_the_guess_is_higher_and_says_it_is_the_usual_case() -> None:
    guess = guess_direction("Số học sinh đạt giải quốc gia", "20")
    assert guess.direction == HIGHER and "phần lớn chỉ tiêu càng cao càng tốt" in guess.reason


def test_every_catalogue_wording_guesses_its_own_catalogue_direction() -> None:
    """The guesser agrees with every name and alias of the national catalogue (195 indicators)."""
    wrong = [(e.key, wording) for e in read_catalogue() for wording in (e.name, *e.aliases)
             if guess_direction(wording).direction != e.direction]
    assert wrong == []
