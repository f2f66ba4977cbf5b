"""Template helpers for the dashboards: Vietnamese numbers and dates, status badges, achievement bars.

Numbers go through ``indicators.numbers.format_number`` (the only formatter); status words come
from ``Status.label``; nothing here judges a target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from indicators.numbers import format_number
from indicators.statuses import STATUS_ORDER, Status
from indicators.text import with_unit as _with_unit
from reports.charts import STATUS_COLOURS, STATUS_MARKS
from reports.headline import padded
from reports.overview_grid import GridLine
from resolutions import access
from resolutions.in_force import original_note
from resolutions.verdicts import Row

register = template.Library()

_MARKS = STATUS_MARKS
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
def status_bar(counts: Mapping[Status, int] | Iterable[tuple[Status, int]]) -> SafeString:
    """A compact bar of a tally: one segment per status, best first, as wide as its count, in the
    chart colours with the status mark and count written in (and all of it in the label)."""
    pairs = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    ordered = [(s, n) for s in reversed(STATUS_ORDER) for st, n in pairs if Status(st) == s and n]
    total = sum(n for _s, n in ordered)
    if not total:
        return format_html('<div class="status-bar empty">{}</div>', "Chưa có chỉ tiêu nào để đánh giá")
    def count(n: int) -> str:
        return format_number(Decimal(n))

    label = ", ".join(f"{s.label} {count(n)}" for s, n in ordered) + f" (tổng {count(total)} chỉ tiêu)"
    # Widths and colours are classes (static/css/app.css: .grow-1 … .grow-100, .status-bg-*): the
    # Content-Security-Policy forbids inline styles.
    segments = format_html_join(
        "", '<span class="seg grow-{} status-bg-{}" title="{}: {}">{} {}</span>',
        ((max(1, round(100 * n / total)), s.value, s.label, count(n), STATUS_MARKS[s], count(n)) for s, n in ordered),
    )
    return format_html('<div class="status-bar" role="img" aria-label="{}">{}</div>', label, segments)


@register.simple_tag
def status_legend(statuses: Iterable[Status]) -> SafeString:
    """The legend of status bars: the chart colour, mark and word of each status, best first."""
    wanted = {Status(s) for s in statuses}
    items = format_html_join(
        "", '<li><span class="swatch status-bg-{}" aria-hidden="true">{}</span> {}</li>',
        ((s.value, STATUS_MARKS[s], s.label) for s in reversed(STATUS_ORDER) if s in wanted),
    )
    return format_html('<ul class="legend" aria-label="Chú giải màu">{}</ul>', items)


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


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``mapping[key]`` in a template (None when missing): per-target extras such as baselines."""
    return mapping.get(key) if mapping else None


@register.filter
def target_with_unit(row: Row) -> str:
    """The target in force with its unit, unless the text already carries it ("1000 đảng viên")."""
    return _with_unit(row.target_text, row.target.unit)


@register.filter
def adjustment_note(row: Row) -> str:
    """The note beside an adjusted target: its original and the decision that adjusted it; empty otherwise."""
    if row is None or row.adjustment is None:
        return ""
    return original_note(row.target, row.adjustment)


def _small_badge(status: Status) -> str:
    return str(status_badge(status, small=True))


_SMALL_BADGES: dict[Status, str] = {}


@register.simple_tag
def grid_cells(line: GridLine) -> SafeString:
    """All the matrix cells of an overview line (``<td>`` each): the status badge linking to the target's
    page, target and result on hover. One call per line, one URL lookup per line: a national
    overview has 34 × 40 cells."""
    if line.resolution is None:
        return mark_safe("")
    prefix = escape(reverse("reports:indicator", args=[line.resolution.pk, 0])[:-2])
    out = []
    for cell in line.cells:
        if cell is None:
            out.append('<td class="cell"></td>')
            continue
        if cell.status not in _SMALL_BADGES:
            _SMALL_BADGES[cell.status] = _small_badge(cell.status)
        title = escape(
            f"{cell.target.name} — mục tiêu {cell.target.target_text or '(không ghi)'}, "
            f"kết quả {cell.figure_text or 'chưa có'}: {cell.status.label}"
        )
        out.append(
            f'<td class="cell"><a href="{prefix}{int(cell.target.pk)}/" title="{title}">{_SMALL_BADGES[cell.status]}</a></td>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


_MAY = {"import_appendix": access.may_import_appendix, "export_appendix": access.may_export_appendix,
        "enter_ratings": access.may_enter_ratings, "adjust_targets": access.may_adjust_targets}


@register.simple_tag
def may(user: access.User, what: str) -> bool:
    """Menus ask the same permission functions as the pages they link to (``resolutions.access``)."""
    return _MAY[what](user)
