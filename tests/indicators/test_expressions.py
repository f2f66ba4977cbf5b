"""Reading target and result texts (indicators.expressions), seed 002's among them; no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.expressions import Expression, Kind, parse_expression

D = Decimal

# --------------------------------------------------------------------------- seed 002 texts

# Every target and result text of Phụ lục 1A (Hưng Yên XIX), as written.
APPENDIX_1A_TEXTS = [
    "7,5-8", "9,9", "9,8", "2-2,5", "2,4", "10,1", "9-10", "9,4", "7-7,5", "10,2",
    "130", "133", "100", "6", "6,4", "66", "63,4", "28", "24,5", "5,7",
    "250.000", "328,096", "21.500", "44.923", "16.500", "40.623", "5.000", "4.300",
    "9,5-10", "14", "8.500", "8.650", "47", "48,2", "< 1", "0,35",
    "50-60", "25-30", "67", "1", "2", "71", "95", "96", "45", "39,8",
    "75", "76", "0,9", "10", "30", "33", "92", "92,3", "91", "90", "90,5",
    ">70", "91,88", "20", "19,29", "1.600", "1.686",
]  # fmt: skip

# Phụ lục 1B (Thái Bình XX): targets carry a trailing space in the document.
APPENDIX_1B_TEXTS = [
    "90", "10 ", "8,36", "9 ", "8,1", "10 ", "14,8", "60 ", "50,5", "12 ", "1,1",
    "80 ", "80,8", "90 ", "79,6", "22,0", "20", "30 ", "27,8", "95 ", "95,0",
    "14 ", "14", "99 ", "99", "78 ", "78", "1/3", "30/77", "90 ", "> 90",
    "20 ", "23,6", "100", "80 trở lên", "36,4",
]  # fmt: skip

# Phụ lục 2 (Hưng Yên lần thứ I, 2025 - 2030): the unit is inside the target text.
APPENDIX_2_TEXTS = [
    "10%-11%", "600.000 tỷ đồng", "180 triệu đồng", "100 %", "8 %", "60 %", "40,5 %",
    "27,5 %", "4,5 %", "1.100.000 tỷ đồng", "47,6 %", "65.000 tỷ đồng", "57.000 tỷ đồng",
    "36.000 tỷ đồng", "8.000 tỷ đồng", "50 %", "11%", "10,37 %", "Nhóm 10 tỉnh dẫn đầu",
    "0,79", "76,8 tuổi", "70 tuổi", "<1 %", "95 %", "15 bác sỹ", "43 giường bệnh",
    "99 %", "<0,5 %", "<1,5 %", "1,7 %", "<1,35 %", "15 %", ">30 %", "60-70 %",
    "90 %", "Từ 3%/tổng số đảng viên trở lên", "70 %",
]  # fmt: skip


@pytest.mark.parametrize("text", APPENDIX_1A_TEXTS + APPENDIX_1B_TEXTS + APPENDIX_2_TEXTS)
def test_every_seed_002_target_and_result_text_is_readable(text: str) -> None:
    expression = parse_expression(text)
    assert expression.kind not in (Kind.UNREADABLE, Kind.EMPTY), expression.error
    if expression.kind != Kind.QUALITATIVE:
        assert expression.value is not None


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "unit"),
    [
        ("130", Kind.POINT, "130", "130", ""),
        ("1.600 đảng viên/năm", Kind.POINT, "1600", "1600", "đảng viên/năm"),
        ("180 triệu đồng", Kind.POINT, "180", "180", "triệu đồng"),
        ("600.000 tỷ đồng", Kind.POINT, "600000", "600000", "tỷ đồng"),
        ("7,5-8", Kind.RANGE, "7.5", "8", ""),
        ("2 - 2,5%", Kind.RANGE, "2", "2.5", "%"),
        ("60-70 %", Kind.RANGE, "60", "70", "%"),
        ("3-4 lượt", Kind.RANGE, "3", "4", "lượt"),
        ("10%-11%", Kind.RANGE, "10", "11", "%"),
        ("từ 7,5 đến 8", Kind.RANGE, "7.5", "8", ""),
        ("trên 9,5", Kind.LOWER, "9.5", None, ""),
        ("> 70", Kind.LOWER, "70", None, ""),
        (">70", Kind.LOWER, "70", None, ""),
        ("80 trở lên", Kind.LOWER, "80", None, ""),
        ("từ 3% trở lên", Kind.LOWER, "3", None, "%"),
        ("Từ 3%/tổng số đảng viên trở lên", Kind.LOWER, "3", None, "%/tổng số đảng viên"),
        ("tối thiểu 70", Kind.LOWER, "70", None, ""),
        ("ít nhất 15%", Kind.LOWER, "15", None, "%"),
        ("≥ 95%", Kind.LOWER, "95", None, "%"),
        ("dưới 1%", Kind.UPPER, None, "1", "%"),
        ("< 1", Kind.UPPER, None, "1", ""),
        ("<0,5 %", Kind.UPPER, None, "0.5", "%"),
        ("không quá 2", Kind.UPPER, None, "2", ""),
        ("giảm còn 1,6%", Kind.POINT, "1.6", "1.6", "%"),
        ("6,4%o", Kind.POINT, "6.4", "6.4", "‰"),
        ("6,4‰", Kind.POINT, "6.4", "6.4", "‰"),
        ("76,8 tuổi", Kind.POINT, "76.8", "76.8", "tuổi"),
    ],
)
def test_target_texts_are_read_into_kind_bounds_and_unit(
    text: str, kind: Kind, low: str | None, high: str | None, unit: str
) -> None:
    expression = parse_expression(text)
    assert expression.kind == kind
    assert expression.low == (D(low) if low else None)
    assert expression.high == (D(high) if high else None)
    assert expression.unit == unit
    assert expression.text == text
    assert expression.error == ""


@pytest.mark.parametrize("text", ["Nhóm 10 tỉnh dẫn đầu", "Hoàn thành việc giải tỏa hành lang"])
def test_words_are_qualitative(text: str) -> None:
    expression = parse_expression(text)
    assert expression.kind == Kind.QUALITATIVE
    assert expression.value is None


@pytest.mark.parametrize("text", ["", "-", "–", "…", "...", "   ", None])
def test_blank_cells_are_empty(text: str | None) -> None:
    assert parse_expression(text).kind == Kind.EMPTY


def test_fractions_keep_numerator_and_denominator_and_compare_by_value() -> None:
    third = parse_expression("1/3")
    assert third.kind == Kind.POINT
    assert third.fraction == (1, 3)
    assert third.value == D("0.333333")
    assert parse_expression("30/77").value == D("0.389610")


def test_compound_cells_carry_a_trong_do_figure() -> None:
    bound = parse_expression("Trên 70% (20%)")
    assert (bound.kind, bound.value, bound.sub, bound.unit) == (Kind.LOWER, D(70), D(20), "%")
    point = parse_expression("74 (19,6)")
    assert (point.kind, point.value, point.sub) == (Kind.POINT, D(74), D("19.6"))


def test_numeric_excel_cells_are_point_expressions() -> None:
    cell = parse_expression(9.69)
    assert (cell.kind, cell.value, cell.text) == (Kind.POINT, D("9.69"), "9,69")
    assert parse_expression(1600).value == D(1600)
    assert parse_expression(D("95.0")).value == D("95.0")


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "5-", "8-7,5", "1234567890123456789", "1.23.4", "> abc", "12abc3", "trên 5-7", "1/0"],
)
def test_malformed_figures_are_unreadable_with_a_vietnamese_reason(text: str) -> None:
    expression = parse_expression(text)
    assert expression.kind == Kind.UNREADABLE
    assert expression.error.startswith("Không đọc được")
    assert expression.text == text
    assert expression.value is None


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("1 600", Decimal("1600"), Decimal("1600"), ""),
    ("1 600 đảng viên/năm", Decimal("1600"), Decimal("1600"), "đảng viên/năm"),
    ("12 345,5", Decimal("12345.5"), Decimal("12345.5"), ""),
    ("trên 1 500", Decimal("1500"), None, ""),
    ("2 500 - 3 000 hộ", Decimal("2500"), Decimal("3000"), "hộ"),
])
def test_thousands_grouped_by_spaces_read_as_the_dot_grouping(
    text: str, low: Decimal, high: Decimal | None, unit: str
) -> None:
    expression = parse_expression(text)
    assert (expression.low, expression.high, expression.unit) == (low, high, unit)
    assert expression.text == text  # kept as written


@pytest.mark.parametrize("text", ["1 6000", "2020 2025", "1.600 600"])
def test_spaces_that_group_no_thousands_leave_the_figure_unreadable(text: str) -> None:
    assert parse_expression(text).kind == Kind.UNREADABLE


def test_text_in_a_numeric_result_is_unreadable_when_a_figure_is_expected() -> None:
    expression = parse_expression("chưa thống kê", expect_number=True)
    assert expression.kind == Kind.UNREADABLE
    assert "cần một số liệu" in expression.error


def test_nan_cells_are_unreadable_and_never_raise() -> None:
    assert parse_expression(float("nan")).kind == Kind.UNREADABLE


def test_from_stored_rebuilds_without_reparsing() -> None:
    stored = Expression.from_stored("trên 9,5", "lower", D("9.5"), None, None)
    assert stored == parse_expression("trên 9,5")
    odd = Expression.from_stored("do người nhập sửa", Kind.POINT, D(3), D(3), None)
    assert odd.value == D(3)


# --------------------------------------------------------------------------- properties


@given(st.text(max_size=30))
def test_parse_expression_never_raises(text: str) -> None:
    expression = parse_expression(text)
    assert isinstance(expression.kind, Kind)
    if expression.kind == Kind.UNREADABLE:
        assert expression.error


def test_a_soft_hyphen_is_no_part_of_a_figure_typed_or_pasted_on_any_path() -> None:
    # Text copied from a PDF keeps invisible soft hyphens: the entry page reads what the importer reads.
    assert parse_expression("362.\u00ad415").value == Decimal("362415")
    assert parse_expression("trên 9,\u00ad5%").low == Decimal("9.5")
