"""A term's figure from its yearly figures, by the target's term basis, and the sentence saying how."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from indicators.numbers import format_number, parse_number

__all__ = ["TermBasis", "resolve_term_figure", "term_figure", "term_figure_explanation"]


class TermBasis(StrEnum):
    """How a term target measures the whole term from yearly figures."""

    LATEST = "latest"
    SUM = "sum"
    MEAN = "mean"
    GROWTH_MEAN = "growth_mean"


_TWO_PLACES = Decimal("0.01")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def term_figure(basis: TermBasis, yearly: Sequence[Decimal]) -> Decimal | None:
    """The term's figure from yearly figures; None when there are none.

    LATEST: the last year. SUM: the total (lũy kế). MEAN: arithmetic mean, rounded to two
    more decimals than the most precise year. GROWTH_MEAN: geometric mean of yearly growth
    rates in percent, ((∏(1 + r/100))^(1/n) − 1)·100 rounded to 2 decimals; None if a
    rate is −100 or below (the product is not positive).
    """
    basis = TermBasis(basis)
    values = [value if isinstance(value, Decimal) else parse_number(value) for value in yearly]
    if not values:
        return None
    if basis == TermBasis.LATEST:
        return values[-1]
    if basis == TermBasis.SUM:
        return sum(values, Decimal(0))
    if basis == TermBasis.MEAN:
        places = max(_places(value) for value in values) + 2
        with localcontext() as ctx:
            ctx.prec = 50
            mean = sum(values, Decimal(0)) / len(values)
        return mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    with localcontext() as ctx:
        # ln/exp need headroom: 50 digits keeps the 2-decimal result exact for any real term.
        ctx.prec = 50
        product = Decimal(1)
        for rate in values:
            product *= 1 + rate / 100
        if product <= 0:
            return None
        root = (product.ln() / len(values)).exp()
        growth = (root - 1) * 100
        return growth.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


_BASIS_LABELS = {
    TermBasis.LATEST: "Số liệu năm cuối",
    TermBasis.SUM: "Lũy kế",
    TermBasis.MEAN: "Trung bình cộng",
    TermBasis.GROWTH_MEAN: "Bình quân tăng trưởng (trung bình nhân)",
}


def resolve_term_figure(basis: TermBasis, yearly: Sequence[Decimal], entered: Decimal | None) -> Decimal | None:
    """The term figure used for evaluation: the entered "ước thực hiện" if any, else computed."""
    if entered is not None:
        return entered
    return term_figure(basis, yearly)


def term_figure_explanation(basis: TermBasis, yearly: Sequence[Decimal], entered: Decimal | None) -> str:
    """Vietnamese sentence saying how the term figure was obtained.

    E.g. "Bình quân tăng trưởng (trung bình nhân) 5 năm: 9,69%"; an entered figure wins
    and the computed one is quoted beside it.
    """
    basis = TermBasis(basis)
    count = len(yearly)
    computed = term_figure(basis, yearly)
    suffix = "%" if basis == TermBasis.GROWTH_MEAN else ""
    computed_text = ""
    if computed is not None:
        span = "" if basis == TermBasis.LATEST else f" {count} năm"
        computed_text = f"{_BASIS_LABELS[basis]}{span}: {format_number(computed)}{suffix}"
    if entered is not None:
        text = f"Ước thực hiện (nhập tay): {format_number(entered)}{suffix}"
        if computed_text:
            text += f", dùng thay cho số tính từ các năm ({computed_text})"
        return text
    if computed_text:
        return computed_text
    if count and basis == TermBasis.GROWTH_MEAN:
        return "Không tính được bình quân tăng trưởng: có năm giảm từ 100% trở lên"
    return "Chưa có số liệu năm nào"
