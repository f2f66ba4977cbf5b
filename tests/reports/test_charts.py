"""Server-rendered SVG charts: well-formed, labelled for screen readers, Vietnamese numbers, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from indicators.expressions import Kind, parse_expression
from indicators.statuses import Status
from reports.charts import (
    STATUS_COLOURS,
    Bar,
    TargetBand,
    band_of,
    comparison_chart,
    stacked_chart,
    status_chart,
    trend_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_the_status_chart_is_an_image_with_a_label_a_title_and_the_counts_in_words() -> None:
    svg = status_chart({Status.EXCEEDED: 9, Status.NOT_ACHIEVED: 2}, "c1", "Số chỉ tiêu theo đánh giá")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Số chỉ tiêu theo đánh giá"
    assert root.find(f"{SVG}title").text == "Số chỉ tiêu theo đánh giá"
    assert root.find(f"{SVG}desc").text == "Vượt: 9 chỉ tiêu; Chưa đạt: 2 chỉ tiêu"
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == [STATUS_COLOURS[Status.EXCEEDED], STATUS_COLOURS[Status.NOT_ACHIEVED]]
    assert "Vượt" in svg and "Chưa đạt" in svg  # the words, not only the colours


def test_status_colours_follow_the_team_guide() -> None:
    assert STATUS_COLOURS[Status.NOT_ACHIEVED] == STATUS_COLOURS[Status.FAILED]
    assert STATUS_COLOURS[Status.PENDING] == STATUS_COLOURS[Status.NO_DATA]
    assert len({STATUS_COLOURS[s] for s in (Status.EXCEEDED, Status.ACHIEVED, Status.BASICALLY,
                                             Status.NOT_ACHIEVED, Status.UNLIKELY, Status.NO_DATA)}) == 6


def test_text_in_charts_is_escaped() -> None:
    svg = status_chart({Status.ACHIEVED: 1}, "c2", "<script>alert(1)</script> & co")
    assert "<script>" not in svg
    assert parse(svg).get("aria-label") == "<script>alert(1)</script> & co"


def test_the_trend_chart_draws_a_range_target_as_a_band_and_writes_figures_the_vietnamese_way() -> None:
    band = band_of(parse_expression("7,5-8"))
    assert band == TargetBand(Kind.RANGE, Decimal("7.5"), Decimal("8"), "7,5-8")
    svg = trend_chart(
        [Bar("2021", Decimal("1234.5"), Status.EXCEEDED), Bar("2022", None), Bar("Cả kỳ", Decimal("7.8"), Status.ACHIEVED)],
        band, "t1", "Kết quả từng năm", "%",
    )
    root = parse(svg)
    assert root.get("aria-label") == "Kết quả từng năm"
    assert any(r.get("fill-opacity") == "0.12" for r in root.iter(f"{SVG}rect"))
    desc = root.find(f"{SVG}desc").text
    assert desc == "Mục tiêu: 7,5-8 %. 2021: 1.234,5 % (Vượt); 2022: chưa có số liệu (Chưa có số liệu); Cả kỳ: 7,8 % (Đạt)."
    assert "1.234,5" in svg


def test_a_point_target_is_a_dashed_line_and_a_qualitative_target_draws_nothing() -> None:
    svg = trend_chart([Bar("2021", Decimal(5), Status.ACHIEVED)], band_of(parse_expression("trên 9,5")), "t2", "x")
    assert any(line.get("stroke-dasharray") == "6 4" for line in parse(svg).iter(f"{SVG}line"))
    assert band_of(parse_expression("Nhóm 10 tỉnh dẫn đầu")) is None
    plain = trend_chart([], None, "t3", "Không có số liệu")
    assert "Chưa có số liệu năm nào" in parse(plain).find(f"{SVG}desc").text


def test_the_comparison_chart_names_each_committee_with_its_figure_and_status() -> None:
    svg = comparison_chart(
        [Bar("Đảng bộ huyện Khoái Châu", Decimal("9.69"), Status.EXCEEDED), Bar("Đảng bộ huyện Ân Thi", None)],
        band_of(parse_expression("trên 9,5")), "p1", "So sánh", "%",
    )
    desc = parse(svg).find(f"{SVG}desc").text
    assert "Đảng bộ huyện Khoái Châu: 9,69 (Vượt)" in desc
    assert "Đảng bộ huyện Ân Thi: chưa có số liệu" in desc


def test_the_stacked_chart_has_one_bar_per_committee_split_by_status() -> None:
    svg = stacked_chart(
        [("Huyện A", {Status.EXCEEDED: 2, Status.NOT_ACHIEVED: 1}), ("Huyện B", {})], "s1", "Tổng quan"
    )
    root = parse(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.get("fill") for r in bars] == [STATUS_COLOURS[Status.EXCEEDED], STATUS_COLOURS[Status.NOT_ACHIEVED]]
    assert root.find(f"{SVG}desc").text == "Huyện A: Vượt 2, Chưa đạt 1; Huyện B: chưa có chỉ tiêu"


def test_the_stacked_chart_has_a_legend_naming_each_colour_shown_with_its_mark_and_word() -> None:
    svg = stacked_chart([("Huyện A", {Status.EXCEEDED: 2, Status.NOT_ACHIEVED: 1, Status.NO_DATA: 3})], "s1", "T")
    items = list(parse(svg).iter(f"{SVG}g"))
    legend = [(g.find(f"{SVG}rect").get("fill"), g.find(f"{SVG}text").text) for g in items if g.get("class") == "legend-item"]
    assert legend == [
        (STATUS_COLOURS[Status.EXCEEDED], "▲ Vượt"),
        (STATUS_COLOURS[Status.NOT_ACHIEVED], "▼ Chưa đạt"),
        (STATUS_COLOURS[Status.NO_DATA], "– Chưa có số liệu"),
    ]


def test_the_stacked_chart_writes_large_counts_the_vietnamese_way() -> None:
    svg = stacked_chart([("Tỉnh A", {Status.ACHIEVED: 12000})], "s1", "T")
    assert "Đạt 12.000" in svg and ">12.000<" in svg
