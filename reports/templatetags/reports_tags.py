"""Template helpers for the dashboards: Vietnamese numbers and dates, status badges, achievement bars.

Numbers go through ``indicators.numbers.format_number`` (the only formatter); status words come
from ``Status.label``; nothing here judges a target.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from indicators.evaluation import Status
from indicators.numbers import format_number
from indicators.text import with_unit as _with_unit
from reports.charts import STATUS_COLOURS
from reports.headline import padded
from resolutions import access
from resolutions.verdicts import Row

register = template.Library()

# A shape beside the word, so the badge reads without colour (and in black-and-white print).
_MARKS: dict[Status, str] = {
    Status.EXCEEDED: "▲",
    Status.ACHIEVED: "●",
    Status.BASICALLY: "◐",
    Status.NOT_ACHIEVED: "▼",
    Status.FAILED: "▼",
    Status.SECURED: "■",
    Status.LIKELY: "◇",
    Status.UNLIKELY: "◆",
    Status.CHECK: "!",
    Status.PENDING: "?",
    Status.INCOMPLETE: "…",
    Status.NO_DATA: "–",
}
# The rate bar is full at this achievement rate (%), so 100% sits at two thirds of the bar.
RATE_BAR_MAX = Decimal(150)


@register.filter
def vn_number(value: Decimal | int | None, places: int | None = None) -> str:
    """1234.5 → "1.234,5" (``format_number``); empty for None."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), places)


@register.filter
def with_unit(text: str | None, unit: str | None) -> str:
    """A figure or target with its unit, the unit once ("76.845 tỷ đồng", not "… tỷ đồng tỷ đồng")."""
    return _with_unit(text or "", unit or "")


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    """A date as dd/mm/yyyy; empty for None."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


@register.filter
def count2(value: int) -> str:
    """A count as the documents print it after "còn": "02"."""
    return padded(int(value))


@register.simple_tag
def status_badge(status: Status | str | None, small: bool = False) -> SafeString:
    """The status as a coloured badge with its mark and word; "Chưa có số liệu" for None."""
    s = Status(status) if status else Status.NO_DATA
    return format_html(
        '<span class="badge status-{}{}"><span class="mark" aria-hidden="true">{}</span> {}</span>',
        s.value, " badge-small" if small else "", _MARKS[s], s.label,
    )


@register.simple_tag
def status_colour(status: Status | str | None) -> str:
    """The chart colour of a status (legends)."""
    return STATUS_COLOURS[Status(status) if status else Status.NO_DATA]


@register.simple_tag
def rate_bar(rate: Decimal | None, status: Status | str | None = None) -> SafeString:
    """The achievement rate R/T as a bar with its figure ("102%"); a dash when not meaningful."""
    if rate is None:
        return format_html('<span class="rate-none" title="{}">–</span>', "Không tính tỷ lệ đạt cho chỉ tiêu này")
    s = Status(status) if status else Status.NO_DATA
    # A small SVG: the bar's length is an attribute, not an inline style (the CSP forbids those).
    width = max(Decimal(0), min(rate, RATE_BAR_MAX))
    return format_html(
        '<span class="rate"><svg class="rate-track" viewBox="0 0 {max} 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect class="rate-fill" width="{}" height="10" fill="{}"/>'
        '<line class="rate-100" x1="100" y1="0" x2="100" y2="10" stroke="#222" stroke-width="2" '
        'vector-effect="non-scaling-stroke"/></svg><span class="rate-text">{}%</span></span>',
        f"{width:.1f}", STATUS_COLOURS[s], format_number(rate), max=RATE_BAR_MAX,
    )


@register.simple_tag
def grid_cell(resolution_pk: int, row: Row | None) -> SafeString | str:
    """An overview cell: the status badge linking to the target's page, target and result on hover.

    One Python call per cell: the overview of a province has thousands of cells.
    """
    if row is None:
        return ""
    url = reverse("reports:indicator", args=[resolution_pk, row.target.pk])
    title = (
        f"{row.target.name} — mục tiêu {row.target.target_text or '(không ghi)'}, "
        f"kết quả {row.figure_text or 'chưa có'}: {row.status.label}"
    )
    return format_html('<a href="{}" title="{}">{}</a>', url, title, status_badge(row.status, small=True))


_MAY = {"import_appendix": access.may_import_appendix, "export_appendix": access.may_export_appendix}


@register.simple_tag
def may(user: access.User, what: str) -> bool:
    """Menus ask the same permission functions as the pages they link to (``resolutions.access``)."""
    return _MAY[what](user)
