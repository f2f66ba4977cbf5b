"""Forecasts for a term still running: "Đã đạt", "Có khả năng đạt", "Khó đạt" (tạm tính).

Plain typed functions, no Django, no database (DOMAIN.md "Forecasts for a term still running").
While the term's last year has no figure and no term figure was entered, the whole-term status is a
forecast, labelled as one ("tạm tính đến năm 2026") and explained like any verdict:

- cumulative (lũy kế): the sum so far S already meets the target → Đã đạt (it cannot be undone);
  else S + pace × years left, pace = S / years covered (a half year counts 0,5) → Có khả năng đạt
  when that meets the target, otherwise Khó đạt;
- per-year targets ("1.600 đảng viên/năm") and means (arithmetic, or geometric mean of growth rates):
  the mean of the full years so far, judged by the target's rule;
- end-of-term level (latest year): a least-squares line through the yearly figures (one figure: the
  figure itself) read at the term's last year, judged by the target's rule.

A figure given for the period so far (the mid-term "Trung bình (hoặc lũy kế) giai đoạn 2021-2023")
covers the years it names and wins over the yearly figures of those years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from indicators.basis import is_per_year
from indicators.evaluation import Direction, Rules, Verdict, judge_figure
from indicators.expressions import Expression
from indicators.numbers import format_number
from indicators.statuses import MET, Status
from indicators.term_figures import TermBasis, term_figure, term_figure_explanation

__all__ = ["SoFar", "TermFigures", "figure_so_far", "forecast", "judged_basis", "term_is_running"]


@dataclass(frozen=True)
class SoFar:
    """A figure for the period so far: the term's first years up to ``last_year``.

    ``span`` is the number of years it covers (2,5 when it ends with a first half year).
    """

    value: Decimal
    last_year: int
    span: Decimal


@dataclass(frozen=True)
class TermFigures:
    """The figures of a term: years ``first``..``last`` (a 2020 - 2025 term runs 2021..2025)."""

    first: int
    last: int
    yearly: Mapping[int, Decimal] = field(default_factory=dict)
    half: Mapping[int, Decimal] = field(default_factory=dict)  # first six months of a year
    so_far: SoFar | None = None

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    def up_to(self, year: int) -> TermFigures:
        """Only what was known at the end of ``year`` (a view of the term as it stood then)."""
        so_far = self.so_far if self.so_far is not None and self.so_far.last_year <= year else None
        return TermFigures(
            self.first, self.last,
            {y: v for y, v in self.yearly.items() if y <= year},
            {y: v for y, v in self.half.items() if y <= year},
            so_far,
        )


def term_is_running(figures: TermFigures, term_entered: bool) -> bool:
    """A term is still running while its last year has no figure and no term figure was entered."""
    return not term_entered and figures.last not in figures.yearly


def judged_basis(basis: TermBasis | str, target_text: str, unit: str) -> TermBasis:
    """The basis a term target is judged by: its stored basis, except a per-year target stored as
    cumulative ("1.600 đảng viên/năm" linked to an indicator usually summed), which is a mean.

    One answer for every rule: the term figure once the term is over, the forecast while it runs and
    a year's verdict; a sum of per-year figures against a per-year target means nothing.
    """
    basis = TermBasis(basis)
    if basis == TermBasis.SUM and is_per_year(target_text, unit):
        return TermBasis.MEAN
    return basis


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first} - {last}"


def _places(values: list[Decimal]) -> int:
    return max((max(-v.as_tuple().exponent, 0) for v in values if isinstance(v.as_tuple().exponent, int)), default=0)


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _verdict(status: Status, rule: str, text: str, as_of: int, half: bool = False) -> Verdict:
    when = f"6 tháng năm {as_of}" if half else f"năm {as_of}"
    return Verdict(status, rule, f"{text} → {status.label} (tạm tính đến {when})", None, as_of=as_of)


def _no_data(reason: str) -> Verdict:
    return Verdict(Status.NO_DATA, "no_data", f"{reason} → {Status.NO_DATA.label}")


def _meets(target: Expression, figure: Decimal, direction: Direction, rules: Rules) -> bool:
    return judge_figure(target, figure, direction, rules) in MET


def _cumulative(target: Expression, direction: Direction, rules: Rules, f: TermFigures) -> Verdict:
    total = Decimal(0)
    covered = Decimal(0)
    parts: list[str] = []
    after = f.first - 1
    if f.so_far is not None:
        total += f.so_far.value
        covered += f.so_far.span
        after = f.so_far.last_year
        parts.append(f"lũy kế {_span(f.first, f.so_far.last_year)}: {format_number(f.so_far.value)}")
    later = sorted(y for y in f.yearly if y > after)
    for year in later:
        total += f.yearly[year]
        covered += 1
    as_of = max([after, *later]) if (later or f.so_far) else None
    half = False
    halves = [y for y in f.half if y > (as_of or after) and y not in f.yearly]
    if halves:
        year = max(halves)
        total += f.half[year]
        covered += Decimal("0.5")
        as_of, half = year, True
    if as_of is None or covered == 0:
        return _no_data("Chưa có số liệu năm nào của nhiệm kỳ")
    if later:
        parts.append(f"các năm {', '.join(str(y) for y in later)}: "
                     f"{format_number(sum((f.yearly[y] for y in later), Decimal(0)))}")
    if half:
        parts.append(f"6 tháng năm {as_of}: {format_number(f.half[as_of])}")
    shown = f"“{target.text}”"
    so_far = f"Lũy kế đến {'6 tháng năm ' if half else 'năm '}{as_of}: {format_number(total)}"
    if len(parts) > 1:
        so_far += f" ({'; '.join(parts)})"
    if direction == Direction.HIGHER and _meets(target, total, direction, rules):
        return _verdict(Status.SECURED, "forecast_sum", f"{so_far}, đã đạt mục tiêu {shown}", as_of, half)
    with localcontext() as ctx:
        ctx.prec = 40
        pace = total / covered
        projected = total + pace * (f.years - covered)
    places = _places([total]) + 1
    pace, projected = _round(pace, places).normalize(), _round(projected, places).normalize()
    status = Status.LIKELY if _meets(target, projected, direction, rules) else Status.UNLIKELY
    text = (
        f"{so_far}; bình quân {format_number(pace)}/năm; giữ nhịp này đến năm {f.last} "
        f"ước đạt {format_number(projected)} so với mục tiêu {shown}"
    )
    return _verdict(status, "forecast_sum", text, as_of, half)


def _mean(target: Expression, direction: Direction, rules: Rules, f: TermFigures, basis: TermBasis) -> Verdict:
    growth = basis == TermBasis.GROWTH_MEAN
    years = sorted(f.yearly)
    after = f.so_far.last_year if f.so_far is not None else f.first - 1
    later = [y for y in years if y > after]
    if f.so_far is None and not later:
        return _no_data("Chưa có số liệu năm đầy đủ nào của nhiệm kỳ")
    values = [f.yearly[y] for y in later]
    if f.so_far is None:
        mean = term_figure(basis if basis in (TermBasis.MEAN, TermBasis.GROWTH_MEAN) else TermBasis.MEAN, values)
        first_year = later[0]
    else:
        mean = _weighted_mean(f.so_far.value, f.so_far.span, values, growth)
        first_year = f.first
    as_of = later[-1] if later else after
    if mean is None:
        return _no_data("Không tính được bình quân tăng trưởng: có năm giảm từ 100% trở lên")
    label = "Bình quân tăng trưởng" if growth else "Bình quân"
    suffix = "%" if growth else ""
    status = Status.LIKELY if _meets(target, mean, direction, rules) else Status.UNLIKELY
    text = (
        f"{label} {_span(first_year, as_of)}: {format_number(mean)}{suffix}/năm so với mục tiêu “{target.text}”"
    )
    return _verdict(status, "forecast_mean", text, as_of)


def _weighted_mean(so_far: Decimal, span: Decimal, later: list[Decimal], growth: bool) -> Decimal | None:
    """The mean over the period so far (weighted by its years) and the later full years."""
    with localcontext() as ctx:
        ctx.prec = 50
        years = span + len(later)
        if not growth:
            total = so_far * span + sum(later, Decimal(0))
            return _round(total / years, _places([so_far, *later]) + 2)
        log = (1 + so_far / 100).ln() * span if 1 + so_far / 100 > 0 else None
        if log is None or any(1 + r / 100 <= 0 for r in later):
            return None
        log += sum(((1 + r / 100).ln() for r in later), Decimal(0))
        return _round(((log / years).exp() - 1) * 100, 2)


def figure_so_far(figures: TermFigures, basis: TermBasis) -> tuple[Decimal | None, str]:
    """The term's figure from what is known, with a Vietnamese note saying how it was made.

    A figure for the period so far covers the years it names and wins over those years' own figures;
    the later full years add to it (lũy kế), weigh into the mean by the years each covers (means), or
    replace it (a level: the latest known). Without a so-far figure: ``term_figure`` of the yearly
    figures and ``term_figure_explanation``. ``(None, "")`` without any figure. Half years are left
    out (a term figure counts whole years; the forecast counts them as pace).
    """
    basis = TermBasis(basis)
    so_far = figures.so_far
    years = sorted(y for y in figures.yearly if so_far is None or y > so_far.last_year)
    values = [figures.yearly[y] for y in years]
    if so_far is None:
        if not values:
            return None, ""
        value = term_figure(basis, values)
        return value, term_figure_explanation(basis, values, None) if value is not None else ""
    suffix = "%" if basis == TermBasis.GROWTH_MEAN else ""
    half = "6 tháng " if so_far.span % 1 else ""
    if not years:
        return so_far.value, (f"Từ đầu nhiệm kỳ đến {half}năm {so_far.last_year}: "
                              f"{format_number(so_far.value)}{suffix}")
    if basis == TermBasis.LATEST:
        return values[-1], f"Số liệu năm {years[-1]}: {format_number(values[-1])}"
    covered = f"{figures.first} - 6 tháng {so_far.last_year}" if half else _span(figures.first, so_far.last_year)
    head = f"{covered}: {format_number(so_far.value)}{suffix}"
    later = f"; các năm {', '.join(str(y) for y in years)}: {', '.join(format_number(v) for v in values)}"
    last = years[-1]
    if basis == TermBasis.SUM:
        value = so_far.value + sum(values, Decimal(0))
        return value, f"Lũy kế {_span(figures.first, last)}: {format_number(value)} (lũy kế {head}{later})"
    growth = basis == TermBasis.GROWTH_MEAN
    mean = _weighted_mean(so_far.value, so_far.span, values, growth)
    if mean is None:
        return None, ""
    label = "Bình quân tăng trưởng (trung bình nhân)" if growth else "Trung bình cộng"
    return mean, f"{label} {_span(figures.first, last)}: {format_number(mean)}{suffix} (số liệu {head}{later})"


def _trend(target: Expression, direction: Direction, rules: Rules, f: TermFigures) -> Verdict:
    points = dict(f.yearly)
    if f.so_far is not None:
        points[f.so_far.last_year] = f.so_far.value  # a level "so far" is the level at its last year
    if not points:
        return _no_data("Chưa có số liệu năm đầy đủ nào của nhiệm kỳ")
    years = sorted(points)
    as_of = years[-1]
    values = [points[y] for y in years]
    places = _places(values) + 1
    if len(years) == 1:
        projected = values[0]
        basis = f"Mới có số liệu năm {as_of}: {format_number(projected)}; lấy làm mức dự kiến năm {f.last}"
    else:
        with localcontext() as ctx:
            ctx.prec = 40
            n = Decimal(len(years))
            mean_x = sum((Decimal(y) for y in years), Decimal(0)) / n
            mean_y = sum(values, Decimal(0)) / n
            sxx = sum(((Decimal(y) - mean_x) ** 2 for y in years), Decimal(0))
            sxy = sum(((Decimal(y) - mean_x) * (v - mean_y) for y, v in zip(years, values, strict=True)), Decimal(0))
            slope = sxy / sxx
            projected = _round(mean_y + slope * (Decimal(f.last) - mean_x), places).normalize()
        basis = (
            f"Xu hướng các năm {', '.join(str(y) for y in years)} (đường thẳng bình phương nhỏ nhất): "
            f"ước năm {f.last} đạt {format_number(projected)}"
        )
    status = Status.LIKELY if _meets(target, projected, direction, rules) else Status.UNLIKELY
    return _verdict(status, "forecast_trend", f"{basis} so với mục tiêu “{target.text}”", as_of)


def forecast(
    target: Expression,
    figures: TermFigures,
    basis: TermBasis,
    direction: Direction = Direction.HIGHER,
    rules: Rules = Rules(),  # noqa: B008 - frozen, immutable default
    *,
    per_year: bool = False,
) -> Verdict:
    """The forecast whole-term verdict of a numeric ``target`` from the figures so far.

    Cumulative (``TermBasis.SUM``, unless ``per_year``: a per-year target such as "1.600 đảng viên/năm"
    stored as cumulative is judged by its mean): Đã đạt / Có khả năng đạt / Khó đạt by the sum and its
    pace. Per-year targets and means: the mean so far. End-of-term level (``LATEST``): the
    least-squares trend read at the last year. Without any figure: Chưa có số liệu. The verdict's
    ``as_of`` is the last year the figures cover; the explanation ends with "(tạm tính đến năm …)".
    """
    basis = TermBasis(basis)
    direction = Direction(direction)
    if per_year and basis == TermBasis.SUM:
        basis = TermBasis.MEAN  # a sum of per-year figures against a per-year target means nothing
    if basis == TermBasis.SUM:
        return _cumulative(target, direction, rules, figures)
    if basis in (TermBasis.MEAN, TermBasis.GROWTH_MEAN):
        return _mean(target, direction, rules, figures, basis)
    return _trend(target, direction, rules, figures)
