"""The new term's baseline ("năm gốc 2025"): which previous figure it is, and when a merger adds them up."""

from __future__ import annotations

from decimal import Decimal

from indicators.baseline import PreviousFigure, addable_across_merger, baseline, baseline_part
from indicators.expressions import parse_expression


def previous(committee: str = "Đảng bộ tỉnh Hưng Yên", *, year: str | None = None, term: str | None = None,
             basis: str = "latest", unit: str = "tỷ đồng", estimate: bool = False) -> PreviousFigure:
    return PreviousFigure(
        committee=committee, unit=unit, basis=basis, year=2025,
        year_figure=parse_expression(year) if year else None, year_estimate=estimate,
        term_figure=parse_expression(term) if term else None, term_estimate=estimate,
    )


def test_the_last_years_figure_is_the_baseline() -> None:
    part = baseline_part(previous(year="47.000", term="44.923"))
    assert (part.text, part.value, part.source) == ("47.000", Decimal(47000), "Năm 2025")


def test_a_level_reached_by_the_end_of_the_term_is_its_last_years_figure() -> None:
    part = baseline_part(previous(term="44.923", estimate=True))
    assert (part.value, part.source) == (Decimal(44923), "Kết quả cả nhiệm kỳ (mức năm 2025) (ước)")


def test_a_term_average_or_total_is_never_taken_for_a_last_year_figure() -> None:
    growth = baseline_part(previous(term="9,9", basis="growth_mean", unit="%"))
    assert growth.value is None
    assert growth.note == ("Nhiệm kỳ trước không có số liệu năm 2025; kết quả bình quân tăng trưởng cả kỳ (9,9) "
                           "không phải số liệu năm cuối.")
    assert baseline_part(previous(term="328,096", basis="sum")).value is None
    assert baseline_part(previous()).note == "Nhiệm kỳ trước chưa có số liệu năm 2025."


def test_a_merged_provinces_amounts_add_up_and_each_part_is_named() -> None:
    merged = baseline([previous(term="44.923"), previous("Đảng bộ tỉnh Thái Bình", term="36.000")],
                      "tỷ đồng", "Thu ngân sách trên địa bàn")
    assert merged is not None and merged.combined == Decimal(80923)
    assert merged.text == "80.923 (Đảng bộ tỉnh Hưng Yên: 44.923; Đảng bộ tỉnh Thái Bình: 36.000)"
    assert merged.notes == ["Đảng bộ tỉnh Hưng Yên: Kết quả cả nhiệm kỳ (mức năm 2025)",
                            "Đảng bộ tỉnh Thái Bình: Kết quả cả nhiệm kỳ (mức năm 2025)"]


def test_rates_averages_and_figures_per_head_are_shown_side_by_side_never_added() -> None:
    per_head = baseline([previous(term="133", unit="Triệu đồng"), previous("Thái Bình", term="79,6", unit="Triệu đồng")],
                        "triệu đồng", "GRDP bình quân đầu người/năm")
    assert per_head is not None and per_head.combined is None
    assert per_head.text == "Đảng bộ tỉnh Hưng Yên: 133; Thái Bình: 79,6"
    assert not addable_across_merger("Tỷ lệ đô thị hóa", "%")
    assert addable_across_merger("Số xã đạt chuẩn nông thôn mới", "xã")


def test_no_previous_target_means_no_baseline() -> None:
    assert baseline([], "%") is None
