"""Judging a result against its target: the rules, the verdict, its rate and its Vietnamese explanation.

Plain typed functions, no Django, no database. Every verdict carries the rule that produced it and a
Vietnamese explanation that can be shown on screen as is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from indicators.expressions import FRACTION_QUANTUM, Expression, Kind, norm_unit, parse_text
from indicators.implausible import Plausibility, Reference, find_slip
from indicators.numbers import format_number
from indicators.statuses import Status

__all__ = [
    "Direction",
    "Rules",
    "Verdict",
    "achievement_rate",
    "evaluate",
    "judge_figure",
]


class Direction(StrEnum):
    """Whether an indicator is better when higher or when lower."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Rules:
    """Evaluation settings of one resolution.

    ``exceed_margin``: how far beyond the target (in the target's units) before "Vượt"
    counts; within it the result is "Đạt". ``basic_band``: a shortfall of at most this
    percent of the target counts as "Cơ bản đạt"; None turns the band off.
    """

    exceed_margin: Decimal = Decimal(0)
    basic_band: Decimal | None = None

    def __post_init__(self) -> None:
        if self.exceed_margin < 0:
            raise ValueError("Biên vượt không được âm")
        if self.basic_band is not None and self.basic_band < 0:
            raise ValueError("Ngưỡng 'cơ bản đạt' không được âm")


@dataclass(frozen=True)
class Verdict:
    """A status with the rule that produced it, a Vietnamese explanation and the rate R/T (%).

    ``as_of``: for a forecast (indicators.forecast), the last year its figures cover ("tạm tính đến
    năm …"). ``likely``: for a figure to check (Cần kiểm tra), the reading a slip suggests.
    """

    status: Status
    rule: str
    explanation: str
    rate: Decimal | None = None
    as_of: int | None = None
    likely: Decimal | None = None

    @property
    def is_forecast(self) -> bool:
        return self.as_of is not None


_RULE_NAMES = {
    Kind.POINT: "mục tiêu một mức",
    Kind.LOWER: "mục tiêu cận dưới",
    Kind.UPPER: "mục tiêu cận trên",
    Kind.RANGE: "mục tiêu khoảng",
}


def _figure(result: Expression, target: Expression, direction: Direction) -> Decimal:
    """The result figure compared against the target.

    A bound result ("> 90") is judged by its bound value. A range result is judged by its
    less favourable end (the low end when higher is better, or against an upper bound the
    high end), so a range never earns more than its worst reading.
    """
    if result.kind == Kind.RANGE:
        if target.kind == Kind.UPPER or direction == Direction.LOWER:
            return result.high  # type: ignore[return-value]
        return result.low  # type: ignore[return-value]
    return result.value  # type: ignore[return-value]


def achievement_rate(target: Expression, result: Expression, direction: Direction) -> Decimal | None:
    """R/T in percent, one decimal, for higher-is-better numeric targets; a range uses its low end.

    None when not meaningful: lower-is-better, upper-bound or non-numeric targets, a
    non-numeric result, or a target at or below zero.
    """
    if Direction(direction) != Direction.HIGHER:
        return None
    if target.kind not in (Kind.POINT, Kind.LOWER, Kind.RANGE) or not result.is_numeric:
        return None
    base = target.low
    if base is None or base <= 0:
        return None
    figure = _figure(result, target, direction)
    return (figure / base * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _tolerance(reference: Decimal, rules: Rules) -> Decimal | None:
    """Size of the "Cơ bản đạt" band around ``reference`` (percent of |reference|)."""
    if rules.basic_band is None:
        return None
    return abs(reference) * rules.basic_band / 100


def _judge_threshold(figure: Decimal, threshold: Decimal, good: int, rules: Rules) -> tuple[Status, str]:
    """Compare with one threshold; ``good`` is +1 when higher is better, -1 when lower.

    Returns the status and the Vietnamese comparison phrase.
    """
    gain = (figure - threshold) * good
    if gain > rules.exceed_margin:
        return Status.EXCEEDED, "vượt"
    if gain > 0:
        return Status.ACHIEVED, f"vượt không quá biên {format_number(rules.exceed_margin)} so với"
    if gain == 0:
        return Status.ACHIEVED, "bằng"
    tolerance = _tolerance(threshold, rules)
    if tolerance is not None and -gain <= tolerance:
        return Status.BASICALLY, f"thiếu không quá {format_number(rules.basic_band)}% so với"
    return Status.NOT_ACHIEVED, "chưa đạt"


def _numeric_verdict(target: Expression, figure: Decimal, direction: Direction, rules: Rules) -> tuple[Status, str]:
    """Status and comparison sentence for a numeric target against a figure."""
    good = 1 if direction == Direction.HIGHER else -1
    shown_target = f"“{target.text}”"
    if target.kind in (Kind.POINT, Kind.LOWER):
        threshold = target.value
        assert threshold is not None
        status, phrase = _judge_threshold(figure, threshold, good, rules)
        return status, f"{phrase} mức {shown_target}"
    if target.kind == Kind.UPPER:
        # A cap ("dưới 1%") is met at or under it, whichever way the indicator points.
        cap = target.high
        assert cap is not None
        if figure <= cap:
            return Status.ACHIEVED, f"không vượt mức tối đa {shown_target}"
        tolerance = _tolerance(cap, rules)
        if tolerance is not None and figure - cap <= tolerance:
            return (
                Status.BASICALLY,
                f"cao hơn mức tối đa {shown_target} không quá {format_number(rules.basic_band)}%",
            )
        return Status.NOT_ACHIEVED, f"cao hơn mức tối đa {shown_target}"
    low, high = target.low, target.high
    assert low is not None and high is not None
    good_end, other_end = (high, low) if good > 0 else (low, high)
    if low <= figure <= high:
        return Status.ACHIEVED, f"nằm trong khoảng {shown_target}"
    # Words for "beyond the good end" and "short of the other end", per direction.
    beyond = "cao hơn đầu trên" if good > 0 else "thấp hơn đầu dưới"
    short = "thấp hơn đầu dưới" if good > 0 else "cao hơn đầu trên"
    if (figure - good_end) * good > 0:
        status, _ = _judge_threshold(figure, good_end, good, rules)
        if status == Status.EXCEEDED:
            return status, f"{beyond} khoảng {shown_target}"
        return (
            status,
            f"{beyond} khoảng {shown_target} không quá biên {format_number(rules.exceed_margin)}",
        )
    status, _ = _judge_threshold(figure, other_end, good, rules)
    if status == Status.BASICALLY:
        return (
            status,
            f"{short} khoảng {shown_target} không quá {format_number(rules.basic_band)}%",
        )
    return status, f"{short} khoảng {shown_target}"


def judge_figure(
    target: Expression,
    figure: Decimal,
    direction: Direction = Direction.HIGHER,
    rules: Rules = Rules(),  # noqa: B008 - frozen, immutable default
) -> Status:
    """The status a plain figure earns against a numeric target (point, bounds, range); the one
    comparison that ``evaluate`` and the forecasts (indicators.forecast) share."""
    if not target.is_numeric:
        raise ValueError("judge_figure needs a numeric target")
    return _numeric_verdict(target, figure, Direction(direction), rules)[0]


def _result_phrase(result: Expression, figure: Decimal) -> str:
    if result.kind == Kind.POINT and result.fraction is None:
        return f"Kết quả {format_number(figure)}"
    return f"Kết quả “{result.text}” (xét theo giá trị {format_number(figure)})"


def _with_override(verdict: Verdict, manual_status: Status | None) -> Verdict:
    """A person's status wins; the rule's own verdict stays in the explanation."""
    if manual_status is None or Status(manual_status) == verdict.status:
        return verdict
    manual = Status(manual_status)
    explanation = (
        f"{verdict.explanation}. Người có thẩm quyền đã điều chỉnh thành “{manual.label}” "
        f"(quy tắc cho “{verdict.status.label}”)"
    )
    return replace(verdict, status=manual, rule="override", explanation=explanation)


def evaluate(
    target: Expression,
    result: Expression | None,
    direction: Direction = Direction.HIGHER,
    rules: Rules = Rules(),  # noqa: B008 - frozen, immutable default
    manual_status: Status | None = None,
    plausibility: Plausibility = Plausibility(),  # noqa: B008 - frozen, immutable default
    *,
    unit: str = "",
) -> Verdict:
    """Judge ``result`` against ``target`` by the default rules (DOMAIN.md "Evaluation rules").

    - A numeric result far off the target or ``plausibility.previous`` (the same target's figure a
      year earlier) that a likely slip explains (indicators.implausible): CHECK, rule "check", with
      the likely reading in ``Verdict.likely`` and what it would earn in the explanation; unless a
      person confirmed the figure as written (``plausibility.confirmed``): then the normal rule.
    - UNREADABLE target or result: ``manual_status`` or PENDING, rule "unreadable".
    - QUALITATIVE target or result: ``manual_status`` or PENDING, rule "qualitative".
    - EMPTY target: with a result, ``manual_status`` or PENDING (rule "no_target"); else NO_DATA.
    - No result / EMPTY result: NO_DATA, rule "no_data".
    - Numeric: rule "point" / "lower" / "upper" / "range"; a given ``manual_status`` that
      differs from the rule's status wins with rule "override" (both stay in the explanation).
    - A per mille target against a percentage, or the other way round ("6,4%o", "0,7%"): compared on
      the result's scale (``_per_mille_reading``).
    - A fraction target ("1/3", "30/77") against a figure on another scale (``_fraction_readings``):
      a percentage ("30%", or ``unit`` "%", the row's unit) is compared with the fraction in percent;
      a plain number above 1 is judged only when its readings as a count (against the numerator) and
      as a percentage agree, else ``manual_status`` or PENDING, rule "fraction".
    """
    direction = Direction(direction)
    if target.kind == Kind.UNREADABLE:
        reason = f" ({target.error})" if target.error else ""
        return _person_verdict(manual_status, "unreadable", f"Không đọc được mục tiêu “{target.text}”{reason}")
    if target.kind == Kind.QUALITATIVE:
        return _person_verdict(manual_status, "qualitative", f"Mục tiêu định tính “{target.text}”")
    if result is not None and result.kind == Kind.UNREADABLE:
        reason = f" ({result.error})" if result.error else ""
        return _person_verdict(manual_status, "unreadable", f"Không đọc được kết quả “{result.text}”{reason}")
    if result is not None and result.kind == Kind.QUALITATIVE:
        return _person_verdict(manual_status, "qualitative", f"Kết quả ghi bằng lời “{result.text}”")
    if target.kind == Kind.EMPTY:
        if result is not None and result.kind != Kind.EMPTY:
            # A figure with nothing to compare it to: only a person can judge it.
            return _person_verdict(
                manual_status, "no_target", f"Chỉ tiêu không có mục tiêu bằng số; kết quả “{result.text}”"
            )
        verdict = Verdict(Status.NO_DATA, "no_data", "Chỉ tiêu chưa có mục tiêu và chưa có kết quả → Chưa có số liệu")
        return _with_override(verdict, manual_status)
    if result is None or result.kind == Kind.EMPTY:
        verdict = Verdict(
            Status.NO_DATA, "no_data", f"Chưa có kết quả để so với mục tiêu “{target.text}” → Chưa có số liệu"
        )
        return _with_override(verdict, manual_status)

    readings = _fraction_readings(target, result, unit) or _per_mille_reading(target, result, unit)
    note = ""
    if len(readings) == 2:
        return _two_readings(readings, result, direction, rules, manual_status)
    if readings:
        target, note = readings[0]
    figure = _figure(result, target, direction)
    if not plausibility.confirmed:
        check = _check(target, result, figure, direction, rules, plausibility)
        if check is not None:
            return _with_override(check, manual_status)
    status, sentence = _numeric_verdict(target, figure, direction, rules)
    rate = achievement_rate(target, result, direction)
    rule_name = _RULE_NAMES[target.kind]
    if direction == Direction.LOWER and target.kind != Kind.UPPER:
        rule_name += ", chỉ số càng thấp càng tốt"
    explanation = f"{_result_phrase(result, figure)} {sentence}{note} ({rule_name}) → {status.label}"
    if rate is not None:
        explanation += f" (đạt {format_number(rate)}%)"
    return _with_override(Verdict(status, str(target.kind), explanation, rate), manual_status)


def _written_fraction(expression: Expression) -> tuple[int, int] | None:
    """The fraction an expression was written as ("1/3"), also when it was rebuilt from stored columns
    (``Expression.from_stored`` keeps no fraction)."""
    if expression.fraction is not None:
        return expression.fraction
    if expression.kind not in (Kind.POINT, Kind.LOWER, Kind.UPPER) or "/" not in expression.text:
        return None
    return parse_text(expression.text).fraction


def _is_percent(text: str) -> bool:
    """A percentage sign, not a per mille one ("%o", "‰")."""
    compact = text.replace(" ", "").lower()
    return "%" in compact.replace("%o", "")


def _fraction_readings(target: Expression, result: Expression, unit: str) -> list[tuple[Expression, str]]:
    """A fraction target read on the scale of a result written otherwise, with the words saying so.

    Nothing (compare the values) when the target is no fraction, the result is a fraction too, or the
    result is a plain share (at most 1). One reading, the fraction in percent, when the result is a
    percentage (its own "%" or the row's ``unit``). Two readings when the result is a plain number above
    1: a count against the numerator (30 of "30/77" communes), and a percentage (38,96 %).
    """
    fraction = _written_fraction(target)
    if fraction is None or not result.is_numeric or _written_fraction(result) is not None:
        return []
    numerator, denominator = fraction
    with localcontext() as ctx:
        ctx.prec = 40
        percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(FRACTION_QUANTUM, rounding=ROUND_HALF_UP)
    shown = format_number(percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    def at(value: Decimal) -> Expression:
        low = value if target.kind != Kind.UPPER else None
        high = value if target.kind != Kind.LOWER else None
        return replace(target, low=low, high=high, fraction=None)

    as_percent = (at(percent), f" (“{target.text}” = {shown}%)")
    if _is_percent(result.text) or _is_percent(unit):
        return [as_percent]
    figure = result.value
    if figure is None or abs(figure) <= 1:
        return []
    return [(at(Decimal(numerator)), f" (đọc là số đếm: {numerator} trên {denominator})"), as_percent]


def _written_unit(expression: Expression) -> str:
    """The unit written inside an expression's text ("6,4%o" → "‰"), also when it was rebuilt from
    stored columns (``Expression.from_stored`` keeps no unit)."""
    if expression.unit or not expression.text:
        return expression.unit
    return parse_text(expression.text).unit


def _may_be_rate(expression: Expression) -> bool:
    """Whether an expression could be written in percent or per mille: its unit or text holds the sign
    (checked before ``_written_unit``, which may parse the text again)."""
    return any(sign in expression.unit or sign in expression.text for sign in "%‰")


_PER_MILLE_IN_PERCENT = {("‰", "%"): Decimal("0.1"), ("%", "‰"): Decimal(10)}


def _per_mille_reading(target: Expression, result: Expression, unit: str) -> list[tuple[Expression, str]]:
    """A per mille target against a result written in percent, or the other way round ("6,4%o" and
    "0,7%"): the target on the result's scale (6,4 ‰ = 0,64 %), with the words saying so; nothing when
    the result has no unit of its own or the same one."""
    if not target.is_numeric or not result.is_numeric or not _may_be_rate(result):
        return []
    result_unit = norm_unit(_written_unit(result))
    target_unit = norm_unit(_written_unit(target) or unit)
    factor = _PER_MILLE_IN_PERCENT.get((target_unit, result_unit))
    if factor is None:
        return []
    low = target.low * factor if target.low is not None else None
    high = target.high * factor if target.high is not None else None
    scaled = replace(target, low=low, high=high, unit=result_unit)
    shown = "-".join(format_number(end) for end in (low, high) if end is not None) if target.kind == Kind.RANGE \
        else format_number(scaled.value)
    return [(scaled, f" (“{target.text}” = {shown}{result_unit})")]


def _two_readings(
    readings: list[tuple[Expression, str]], result: Expression, direction: Direction, rules: Rules,
    manual_status: Status | None,
) -> Verdict:
    """A plain number against a fraction: the verdict both readings give, or a person's."""
    judged = []
    for target, words in readings:
        status = _numeric_verdict(target, _figure(result, target, direction), direction, rules)[0]
        judged.append((status, words.strip(" ()")))
    shown = "; ".join(f"{words} → {status.label}" for status, words in judged)
    head = f"Mục tiêu là phân số “{readings[0][0].text}”, kết quả “{result.text}” là một số"
    if judged[0][0] == judged[1][0]:
        status = judged[0][0]
        verdict = Verdict(status, "fraction", f"{head}; đọc cách nào cũng vậy ({shown}) → {status.label}")
        return _with_override(verdict, manual_status)
    return _person_verdict(manual_status, "fraction", f"{head}, hai cách đọc cho kết quả khác nhau ({shown})")


def _check(
    target: Expression, result: Expression, figure: Decimal, direction: Direction, rules: Rules,
    plausibility: Plausibility,
) -> Verdict | None:
    """CHECK when a likely slip explains a far-off figure (DOMAIN.md "Cần kiểm tra"), else None."""
    references = [Reference("mục tiêu", target.value)] if target.value is not None else []
    if plausibility.previous is not None:
        references.append(plausibility.previous)
    unit = plausibility.unit or target.unit
    slip = find_slip(figure, result.text, references, unit=unit, growth_rate=plausibility.growth_rate)
    if slip is None:
        return None
    likely = Expression(format_number(slip.likely), Kind.POINT, slip.likely, slip.likely)
    reading = evaluate(target, likely, direction, rules, plausibility=Plausibility(confirmed=True))
    rate = f", đạt {format_number(reading.rate)}%" if reading.rate is not None else ""
    explanation = (
        f"{slip.reason}. Nếu là {format_number(slip.likely)} thì {reading.status.label}{rate}. "
        f"Cần người nhập xác nhận số liệu đúng như đã ghi (có lý do) hoặc sửa lại → {Status.CHECK.label}"
    )
    return Verdict(Status.CHECK, "check", explanation, None, likely=slip.likely)


def _person_verdict(manual_status: Status | None, rule: str, reason: str) -> Verdict:
    """A case only a person can judge: their status, or PENDING."""
    if manual_status is None:
        return Verdict(Status.PENDING, rule, f"{reason}: cần người đánh giá → {Status.PENDING.label}")
    manual = Status(manual_status)
    return Verdict(manual, rule, f"{reason}: người đánh giá xác định → {manual.label}")
