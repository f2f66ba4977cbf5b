"""The estimate mark (ước) as offices print and type it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.estimates import MARK, mark_estimate, split_estimate


def test_an_estimate_is_printed_with_the_mark_after_the_figure() -> None:
    assert mark_estimate("9,5") == "9,5 (ước)"
    assert mark_estimate("74 (19,6)") == "74 (19,6) (ước)"


def test_an_empty_figure_gets_no_mark() -> None:
    assert mark_estimate("") == "" and mark_estimate("  ") == ""


@pytest.mark.parametrize(("typed", "figure"), [
    ("9,5 (ước)", "9,5"), ("9,5(ước)", "9,5"), ("9,5 (Ước)", "9,5"), ("9,5 (ước tính)", "9,5"),
    ("9,5 (ước thực hiện)", "9,5"), ("9,5 (ƯTH)", "9,5"), ("Ước 9,5", "9,5"), ("ước: 9,5", "9,5"),
    ("Ước thực hiện 328.096", "328.096"), ("ước đạt 95%", "đạt 95%"), ("> 90 (ước)", "> 90"),
    ("74 (19,6) (ước)", "74 (19,6)"),
])
def test_every_way_offices_write_the_mark_is_read(typed: str, figure: str) -> None:
    assert split_estimate(typed) == (figure, True)


@pytest.mark.parametrize("typed", ["9,5", "74 (19,6)", "Hoàn thành", "(ước)", "Ước", "", "ước lượng dân số"])
def test_a_figure_without_the_mark_is_not_an_estimate(typed: str) -> None:
    assert split_estimate(typed) == (typed.strip(), False)


def test_a_word_beginning_like_the_mark_is_not_the_mark() -> None:
    assert split_estimate("ướclượng 5") == ("ướclượng 5", False)


@given(st.text(alphabet="0123456789,.-<> ()%", min_size=1).filter(lambda t: t.strip() and not t.strip().startswith("(")))
def test_marking_then_reading_gives_back_the_figure(figure: str) -> None:
    assert split_estimate(mark_estimate(figure)) == (figure.strip(), True)
    assert MARK in mark_estimate(figure)
