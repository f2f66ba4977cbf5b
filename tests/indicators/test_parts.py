"""A parent target is judged from judged parts only (indicators.parts), without a database."""

from __future__ import annotations

from indicators.parts import Part, judge_parent
from indicators.statuses import Status

V, D, C = Status.EXCEEDED, Status.ACHIEVED, Status.NOT_ACHIEVED


def test_a_parent_whose_parts_all_have_verdicts_takes_the_worst_of_them() -> None:
    verdict = judge_parent([Part("a", V), Part("b", D), Part("c", C)])
    assert verdict.status == Status.NOT_ACHIEVED
    assert "a: Vượt; b: Đạt; c: Chưa đạt" in verdict.explanation
    assert verdict.as_of is None


def test_a_part_without_a_figure_makes_the_parent_incomplete_and_is_named() -> None:
    verdict = judge_parent([Part("14.1 Tỷ lệ đô thị hóa", V), Part("14.2 Số xã đạt chuẩn", Status.NO_DATA)])
    assert verdict.status == Status.INCOMPLETE
    assert "14.2 Số xã đạt chuẩn: Chưa có số liệu" in verdict.explanation
    assert "14.1" not in verdict.explanation  # only the parts that hold it back are named


def test_a_part_awaiting_a_person_or_a_check_is_no_verdict_either() -> None:
    for missing in (Status.PENDING, Status.CHECK, Status.INCOMPLETE):
        assert judge_parent([Part("a", D), Part("b", missing)]).status == Status.INCOMPLETE


def test_a_parent_none_of_whose_parts_has_a_figure_has_no_data() -> None:
    assert judge_parent([Part("a", Status.NO_DATA), Part("b", Status.NO_DATA)]).status == Status.NO_DATA
    assert judge_parent([]).status == Status.NO_DATA


def test_a_parent_of_forecast_parts_is_a_forecast_as_of_the_latest_part() -> None:
    verdict = judge_parent([Part("a", Status.LIKELY, 2026), Part("b", Status.UNLIKELY, 2025)])
    assert verdict.status == Status.UNLIKELY
    assert verdict.as_of == 2026
    assert verdict.explanation.endswith("(tạm tính đến năm 2026)")
