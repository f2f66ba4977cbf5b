"""Guessing how a term target measures the term from its wording (indicators.basis); no database."""

from __future__ import annotations

import pytest

from indicators.basis import guess_basis, is_per_year
from indicators.catalogue import read_catalogue
from indicators.term_figures import TermBasis

SUM, MEAN, GROWTH, LATEST = TermBasis.SUM, TermBasis.MEAN, TermBasis.GROWTH_MEAN, TermBasis.LATEST


@pytest.mark.parametrize(("name", "target", "unit", "expected"), [
    # A growth rate averaged over the term: the geometric mean of the yearly rates.
    ("Tốc độ tăng giá trị sản xuất công nghiệp bình quân", "12 - 13", "%", GROWTH),
    ("Giá trị sản xuất nông nghiệp tăng bình quân", "3%/năm", "", GROWTH),
    ("Tốc độ tăng trưởng kinh tế hằng năm", "7,5 - 8", "%", GROWTH),
    # Anything else averaged over the years: the arithmetic mean.
    ("Tỷ lệ hộ nghèo giảm bình quân hằng năm", "1 - 1,5", "%", MEAN),
    ("Số lao động được giải quyết việc làm trung bình mỗi năm", "2.000", "người", MEAN),
    # A count per year ("1.600 đảng viên/năm"): the mean of the years.
    ("Giải quyết việc làm mới", "3.000 người/năm", "", MEAN),
    ("Kết nạp đảng viên", "150", "đảng viên/năm", MEAN),
    # A total over the term.
    ("Tổng vốn đầu tư toàn xã hội giai đoạn 2021 - 2025", "230.000", "tỷ đồng", SUM),
    ("Tổng vốn đầu tư phát triển toàn xã hội 5 năm", "150.000", "Tỷ đồng", SUM),
    ("Chiều dài đường giao thông nông thôn được cứng hóa (lũy kế giai đoạn 2021 - 2025)", "500", "km", SUM),
    ("Số nhà ở cho hộ nghèo được xây dựng cộng dồn cả nhiệm kỳ", "1.200", "căn", SUM),
])
def test_wording_that_says_how_the_term_is_measured_gives_that_basis(
    name: str, target: str, unit: str, expected: TermBasis
) -> None:
    assert guess_basis(name, target, unit) == expected


@pytest.mark.parametrize(("name", "target", "unit"), [
    # "bình quân" per head, per worker, per hectare is a level, not a mean over the years.
    ("GRDP bình quân đầu người năm 2025", "95", "triệu đồng"),
    ("Thu nhập bình quân đầu người", "72 triệu đồng/năm", ""),
    ("Tốc độ tăng thu nhập bình quân đầu người", "10", "%"),
    ("Năng suất lao động bình quân", "150", "triệu đồng/lao động"),
    ("Giá trị sản phẩm bình quân trên 1 ha đất trồng trọt", "trên 150", "triệu đồng"),
    # A rate is never summed, whatever the period it names.
    ("Tỷ lệ lao động qua đào tạo giai đoạn 2021 - 2025 (lũy kế)", "75", "%"),
    # Nothing said: the caller keeps its default (the level at the end of the term).
    ("Tỷ lệ đô thị hóa", "40", "%"),
    ("Số xã đạt chuẩn nông thôn mới giai đoạn 2021 - 2025", "20", "xã"),
])
def test_wording_that_does_not_say_gives_no_basis(name: str, target: str, unit: str) -> None:
    assert guess_basis(name, target, unit) is None


def test_a_share_of_growth_is_no_growth_rate() -> None:
    name = "Đóng góp bình quân của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế"
    assert guess_basis(name, "45", "%") is None
    assert guess_basis("Tỷ lệ hộ nghèo giảm bình quân hằng năm", "1", "%") == MEAN


def test_no_catalogue_wording_guesses_another_basis_than_its_own() -> None:
    """Where the wording of a national indicator says something, it agrees with the catalogue; the
    one exception is an alias naming the total over the term of budget revenue, an indicator usually
    judged by its last year: a row worded so is a total (its own words win over the catalogue)."""
    wrong = [(entry.key, wording, guess_basis(wording, "", entry.unit))
             for entry in read_catalogue() for wording in (entry.name, *entry.aliases)
             if guess_basis(wording, "", entry.unit) not in (None, TermBasis(entry.basis))]
    assert wrong == [("budget-revenue", "Tổng thu ngân sách giai đoạn", SUM)]


def test_a_per_year_target_says_so_in_its_figure_or_its_unit() -> None:
    assert is_per_year("1.600", "đảng viên/năm") and is_per_year("1.600 đảng viên mỗi năm", "")
    assert not is_per_year("1.600", "đảng viên")
