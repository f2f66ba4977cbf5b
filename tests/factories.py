"""Factories for generated data (the seed fixtures hold the real data)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from indicators.models import Indicator
from resolutions.models import Committee, Congress, Resolution, Result, Section, Target
from resolutions.services import result_fields, target_fields

_seq = itertools.count(1)


def make_committee(name: str | None = None, level: str = "district", parent: Committee | None = None) -> Committee:
    n = next(_seq)
    return Committee.objects.create(key=f"test-{n}", name=name or f"Đảng bộ thử {n}", level=level, parent=parent)


def make_resolution(
    committee: Committee | None = None, *, ordinal: int = 1, term: tuple[int, int] = (2020, 2025),
    kind: str = "congress", year: int | None = None, **extra: object,
) -> Resolution:
    committee = committee or make_committee()
    congress, _ = Congress.objects.get_or_create(
        committee=committee, ordinal=ordinal, defaults={"term_start": term[0], "term_end": term[1]}
    )
    return Resolution.objects.create(
        congress=congress, kind=kind, year=year if kind == "annual" else None,
        title=extra.pop("title", f"Nghị quyết thử {next(_seq)}"), **extra,  # type: ignore[arg-type]
    )


def make_target(
    resolution: Resolution, text: str = "100", *, name: str | None = None, number: str | None = None,
    unit: str = "%", parent: Target | None = None, section: Section | None = None,
    indicator: Indicator | None = None, basis: str = "latest", direction: str | None = None,
) -> Target:
    """A target stored as the services store one: linked targets take the indicator's direction;
    others are "higher", guessed (``direction`` overrides, as if a person confirmed it)."""
    order = (resolution.targets.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    stored: dict[str, str] = {"direction": "higher", "direction_source": "guessed"}
    if indicator is not None:
        stored = {"direction": indicator.direction, "direction_source": "catalogue"}
    if direction is not None:
        stored = {"direction": direction, "direction_source": "confirmed"}
    return Target.objects.create(
        resolution=resolution, order=order, number=str(order) if number is None else number,
        name=name or f"Chỉ tiêu thử {order}", unit=unit, parent=parent, section=section,
        indicator=indicator, term_basis=basis, **stored, **target_fields(text),
    )


def make_result(
    target: Target, text: str, *, period: str = "term", year: int | None = None,
    figure: str = "official", reported: str = "", span: Decimal | None = None,
) -> Result:
    return Result.objects.create(
        target=target, period=period, year=year, figure=figure, reported_status=reported, span=span,
        **result_fields(text),
    )


def make_indicator(direction: str = "higher", key: str | None = None) -> Indicator:
    n = next(_seq)
    return Indicator.objects.create(key=key or f"test-indicator-{n}", name=f"Chỉ số thử {n}", direction=direction)


__all__ = ["Decimal", "make_committee", "make_indicator", "make_resolution", "make_result", "make_target"]
