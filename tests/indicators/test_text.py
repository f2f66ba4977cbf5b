"""Text helpers: accent folding, names shortened at a word, a unit printed once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.text import fold_text, shorten, visible, with_unit

NAME = "Tỷ lệ đơn vị hành chính cấp xã đạt chuẩn nông thôn mới nâng cao, kiểu mẫu trên địa bàn"


def test_folding_strips_vietnamese_marks_for_search() -> None:
    assert fold_text("Đảng bộ huyện Khoái Châu") == "dang bo huyen khoai chau"


def test_a_long_name_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    short = shorten(NAME, 40)
    assert short == "Tỷ lệ đơn vị hành chính cấp xã đạt…"
    assert len(short) <= 40 and NAME.startswith(short[:-1])


def test_punctuation_left_at_the_cut_is_dropped() -> None:
    assert shorten("Giải quyết dứt điểm: các vụ việc tồn đọng kéo dài", 22) == "Giải quyết dứt điểm…"


def test_a_name_that_fits_is_returned_whole_on_one_line() -> None:
    assert shorten("  Nông nghiệp\n tăng ", 60) == "Nông nghiệp tăng"


def test_a_first_word_longer_than_the_limit_is_kept_whole_never_split() -> None:
    assert shorten("Siêuđơnvịhànhchínhdàiquá và hơn nữa", 10) == "Siêuđơnvịhànhchínhdàiquá…"


@given(st.lists(st.text(alphabet="aăâbcdđeêôơưứựữ", min_size=1, max_size=12), min_size=1, max_size=20),
       st.integers(min_value=5, max_value=80))
def test_a_shortened_name_ends_on_a_whole_word_of_the_original(words: list[str], limit: int) -> None:
    text = " ".join(words)
    short = shorten(text, limit)
    kept = short.removesuffix("…").split(" ")
    assert kept == words[: len(kept)]
    assert short == text or short.endswith("…")
    assert len(short) <= limit or len(kept) == 1


@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("76.845 tỷ đồng", "tỷ đồng", "76.845 tỷ đồng"),
    ("76.845", "tỷ đồng", "76.845 tỷ đồng"),
    ("9,9", "%", "9,9%"),
    ("6,4", "%o", "6,4‰"),
    ("133", "Triệu đồng", "133 triệu đồng"),
    ("8.650", "Triệu USD", "8.650 triệu USD"),
    ("trên 9,5%", "%", "trên 9,5%"),
    ("115 triệu đồng/năm", "triệu đồng/năm", "115 triệu đồng/năm"),
    ("130", '"', "130"),
    ("Nhóm 10 tỉnh dẫn đầu", "", "Nhóm 10 tỉnh dẫn đầu"),
    ("", "tỷ đồng", ""),
    ("600.000 Tỷ đồng", "tỷ đồng", "600.000 Tỷ đồng"),
])
def test_a_unit_is_added_only_when_the_text_does_not_carry_it(text: str, unit: str, expected: str) -> None:
    assert with_unit(text, unit) == expected


@given(st.text())
def test_folding_drops_exactly_the_combining_marks_whatever_the_text(text: str) -> None:
    import unicodedata

    plain = text.replace("đ", "d").replace("Đ", "D")
    expected = "".join(ch for ch in unicodedata.normalize("NFD", plain) if unicodedata.category(ch) != "Mn")
    assert fold_text(text) == " ".join(expected.lower().split())


def test_visible_text_has_no_soft_hyphens_and_keeps_everything_else() -> None:
    assert visible("Tổng vốn đầu\u00ad tư") == "Tổng vốn đầu tư"
    assert visible("362.\u00ad415") == "362.415"
    assert visible("Đảng bộ\u00a0tỉnh") == "Đảng bộ\u00a0tỉnh"
