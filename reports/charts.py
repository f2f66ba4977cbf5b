"""Server-rendered SVG charts: no JavaScript, no CDN, readable by screen readers.

Each chart is an ``<svg role="img">`` with an ``aria-label``, a ``<title>`` and a ``<desc>``
that states the figures in words; every bar also carries its figure and status as text, so
nothing depends on colour alone. Pages always print the same figures in a table beside the chart.
Geometry uses floats (pixels only); every number shown goes through ``format_number``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indicators.expressions import Expression, Kind
from indicators.numbers import format_number
from indicators.statuses import STATUS_ORDER, Status

# The team's status colours (Vượt green, Đạt blue, Cơ bản đạt teal, Chưa đạt/Không đạt red,
# Khó đạt orange, unknown grey); the CSS badges use the same values.
STATUS_COLOURS: dict[Status, str] = {
    Status.EXCEEDED: "#1b7a3a",
    Status.ACHIEVED: "#1f5fbf",
    Status.BASICALLY: "#0e7c7b",
    Status.NOT_ACHIEVED: "#b42318",
    Status.FAILED: "#b42318",
    Status.SECURED: "#1b7a3a",
    Status.LIKELY: "#3b82c4",
    Status.UNLIKELY: "#c2570c",
    Status.CHECK: "#a16207",
    Status.PENDING: "#6b7280",
    Status.INCOMPLETE: "#6b7280",
    Status.NO_DATA: "#6b7280",
}
# A shape beside the word or the colour, so statuses read without colour (and in black-and-white print).
STATUS_MARKS: dict[Status, str] = {
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
NO_STATUS_COLOUR = "#6b7280"
TARGET_COLOUR = "#8b0000"
FONT = "Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class TargetBand:
    """Where the target sits on a chart: a line (point, lower or upper bound) or a band (range)."""

    kind: Kind
    low: Decimal | None
    high: Decimal | None
    text: str = ""

    @property
    def values(self) -> list[Decimal]:
        return [v for v in (self.low, self.high) if v is not None]

    @property
    def is_band(self) -> bool:
        return self.kind == Kind.RANGE and self.low is not None and self.high is not None and self.low != self.high


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value (None = no figure), status (colour and word), and its own target if any."""

    label: str
    value: Decimal | None
    status: Status | None = None
    target: TargetBand | None = None  # comparison charts: each committee against its own target


def _colour(status: Status | None) -> str:
    return STATUS_COLOURS.get(status, NO_STATUS_COLOUR) if status is not None else NO_STATUS_COLOUR


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    t, d = escape(title), escape(desc)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{t}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{escape(chart_id)}-title">{t}</title>',
        f'<desc id="{escape(chart_id)}-desc">{d}</desc>',
    ]


def _scale(values: Sequence[Decimal]) -> tuple[float, float]:
    """Axis from min(0, values) to max(values) with headroom; never an empty range."""
    numbers = [float(v) for v in values] or [0.0]
    low = min(0.0, min(numbers))
    high = max(0.0, max(numbers))
    if high == low:
        high = low + 1.0
    return low, high + (high - low) * 0.12


def _count(n: int) -> str:
    """A count of targets the Vietnamese way ("12.000"): counts are figures, not identifiers."""
    return format_number(Decimal(n))


def _status_word(status: Status | None) -> str:
    return status.label if status is not None else "Chưa có số liệu"


def status_chart(counts: Mapping[Status, int], chart_id: str, title: str) -> SafeString:
    """Horizontal bars: how many targets have each status, best first; zero counts are left out."""
    shown = [(s, counts.get(s, 0)) for s in reversed(STATUS_ORDER) if counts.get(s, 0)]
    desc = "; ".join(f"{s.label}: {n} chỉ tiêu" for s, n in shown) or "Chưa có chỉ tiêu nào"
    row_h, label_w, width = 28, 130, 520
    height = max(len(shown), 1) * row_h + 10
    peak = max((n for _s, n in shown), default=1)
    bar_w = width - label_w - 50
    out = _open(chart_id, title, desc, width, height)
    for i, (status, n) in enumerate(shown):
        y = 5 + i * row_h
        w = max(bar_w * n / peak, 2)
        out.append(
            f'<g><text x="{label_w - 8}" y="{y + 18}" text-anchor="end">{escape(status.label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" fill="{_colour(status)}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 18}" font-weight="bold">{n}</text></g>'
        )
    if not shown:
        out.append(f'<text x="10" y="22">{escape(desc)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _target_desc(band: TargetBand | None, unit: str) -> str:
    if band is None or not band.values:
        return "Mục tiêu không có giá trị bằng số"
    text = band.text or format_number(band.values[0])
    # A target written with its unit ("76.845 tỷ đồng") is not given the unit twice.
    shown_unit = "" if unit and unit.casefold() in text.casefold() else unit
    return f"Mục tiêu: {text} {shown_unit}".strip()


def trend_chart(
    bars: Sequence[Bar], band: TargetBand | None, chart_id: str, title: str, unit: str = ""
) -> SafeString:
    """Vertical bars per period (years, the term) with the target as a dashed line or a shaded band."""
    width, height, left, right, top, bottom = 640, 280, 60, 20, 20, 50
    values = [b.value for b in bars if b.value is not None] + (band.values if band else [])
    low, high = _scale(values)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(v: float) -> float:
        return top + plot_h - (v - low) / (high - low) * plot_h

    desc_bars = "; ".join(
        f"{b.label}: {format_number(b.value) if b.value is not None else 'chưa có số liệu'}"
        f"{(' ' + unit) if b.value is not None and unit else ''} ({_status_word(b.status)})"
        for b in bars
    )
    desc = f"{_target_desc(band, unit)}. {desc_bars or 'Chưa có số liệu năm nào'}."
    out = _open(chart_id, title, desc, width, height)
    # Axis and zero line.
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#555"/>')
    out.append(f'<line x1="{left}" y1="{y_of(0):.1f}" x2="{width - right}" y2="{y_of(0):.1f}" stroke="#555"/>')
    for tick in (low, (low + high) / 2, high):
        out.append(
            f'<text x="{left - 6}" y="{y_of(tick) + 4:.1f}" text-anchor="end" fill="#444">'
            f"{escape(format_number(Decimal(str(round(tick, 2)))))}</text>"
        )
    if band is not None and band.values:
        if band.is_band:
            y1, y2 = y_of(float(band.high)), y_of(float(band.low))  # type: ignore[arg-type]
            out.append(
                f'<rect x="{left}" y="{y1:.1f}" width="{plot_w}" height="{max(y2 - y1, 1):.1f}" '
                f'fill="{TARGET_COLOUR}" fill-opacity="0.12" stroke="{TARGET_COLOUR}" stroke-dasharray="4 3"/>'
            )
            label_y = y1 - 4
        else:
            ty = y_of(float(band.values[0]))
            out.append(
                f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
                f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
            label_y = ty - 4
        out.append(
            f'<text x="{width - right}" y="{label_y:.1f}" text-anchor="end" fill="{TARGET_COLOUR}">'
            f"{escape(_target_desc(band, unit))}</text>"
        )
    slot = plot_w / max(len(bars), 1)
    bar_w = min(slot * 0.6, 60)
    for i, b in enumerate(bars):
        x = left + i * slot + (slot - bar_w) / 2
        cx = x + bar_w / 2
        out.append(
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(b.label)}</text>'
        )
        if b.value is None:
            out.append(
                f'<text x="{cx:.1f}" y="{y_of(0) - 6:.1f}" text-anchor="middle" fill="#555">–</text>'
            )
            continue
        y0, y1 = y_of(0), y_of(float(b.value))
        out.append(
            f'<rect x="{x:.1f}" y="{min(y0, y1):.1f}" width="{bar_w:.1f}" height="{max(abs(y0 - y1), 1):.1f}" '
            f'fill="{_colour(b.status)}"><title>{escape(b.label)}: {escape(format_number(b.value))} '
            f"({escape(_status_word(b.status))})</title></rect>"
        )
        out.append(
            f'<text x="{cx:.1f}" y="{min(y0, y1) - 4:.1f}" text-anchor="middle" font-weight="bold">'
            f"{escape(format_number(b.value))}</text>"
        )
        out.append(
            f'<text x="{cx:.1f}" y="{height - bottom + 32}" text-anchor="middle" fill="{_colour(b.status)}">'
            f"{escape(_status_word(b.status))}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def comparison_chart(
    bars: Sequence[Bar], band: TargetBand | None, chart_id: str, title: str, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per committee, with each committee's status word and target.

    When bars carry their own targets (``Bar.target``), each row marks its own committee's target: a
    subordinate is never drawn against the committee above's target. ``band`` (one line for all rows)
    is used only when no bar has a target of its own.
    """
    own = any(b.target is not None for b in bars)
    shared = band if not own else None
    row_h, label_w, width, right = 30, 220, 680, 150
    height = max(len(bars), 1) * row_h + 34
    values = [b.value for b in bars if b.value is not None] + (shared.values if shared else [])
    values += [v for b in bars if b.target is not None for v in b.target.values]
    low, high = _scale(values)
    plot_w = width - label_w - right

    def x_of(v: float) -> float:
        return label_w + (v - low) / (high - low) * plot_w

    def bar_desc(b: Bar) -> str:
        figure = format_number(b.value) if b.value is not None else "chưa có số liệu"
        target = f", {_target_desc(b.target, unit).lower()}" if own else ""
        return f"{b.label}: {figure} ({_status_word(b.status)}){target}"

    desc = "; ".join(bar_desc(b) for b in bars) + "."
    if not own:
        desc = f"{_target_desc(shared, unit)}. {desc}"
    out = _open(chart_id, title, desc, width, height)
    for i, b in enumerate(bars):
        y = 24 + i * row_h
        name = b.label if len(b.label) <= 34 else b.label[:33] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(name)}</text>')
        if b.value is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 16}" fill="#555">Chưa có số liệu</text>')
        else:
            x0, x1 = x_of(0), x_of(float(b.value))
            out.append(
                f'<rect x="{min(x0, x1):.1f}" y="{y + 4}" width="{max(abs(x1 - x0), 1):.1f}" height="{row_h - 10}" '
                f'fill="{_colour(b.status)}"/>'
            )
            out.append(
                f'<text x="{max(x0, x1) + 4:.1f}" y="{y + 16}" font-weight="bold">{escape(format_number(b.value))}'
                f'<tspan font-weight="normal" fill="{_colour(b.status)}"> {escape(_status_word(b.status))}</tspan></text>'
            )
        if b.target is not None and b.target.values:
            out.append(_row_target(b.target, y, row_h, x_of, unit))
    if shared is not None and shared.values:
        if shared.is_band:
            xa, xb = x_of(float(shared.low)), x_of(float(shared.high))  # type: ignore[arg-type]
            out.append(
                f'<rect x="{xa:.1f}" y="18" width="{max(xb - xa, 1):.1f}" height="{height - 22}" '
                f'fill="{TARGET_COLOUR}" fill-opacity="0.12" stroke="{TARGET_COLOUR}" stroke-dasharray="4 3"/>'
            )
            tx = xa
        else:
            tx = x_of(float(shared.values[0]))
            out.append(
                f'<line x1="{tx:.1f}" y1="18" x2="{tx:.1f}" y2="{height - 4}" stroke="{TARGET_COLOUR}" '
                f'stroke-width="2" stroke-dasharray="6 4"/>'
            )
        out.append(
            f'<text x="{tx:.1f}" y="13" text-anchor="middle" fill="{TARGET_COLOUR}">'
            f"{escape(_target_desc(shared, unit))}</text>"
        )
    elif own:
        out.append(f'<text x="{label_w}" y="13" fill="{TARGET_COLOUR}">┆ Mục tiêu của từng đảng bộ</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _row_target(target: TargetBand, y: int, row_h: int, x_of: Callable[[float], float], unit: str) -> str:
    """One committee's own target on its row: a dashed tick (a level) or a shaded span (a range)."""
    label = escape(_target_desc(target, unit))
    if target.is_band:
        xa, xb = x_of(float(target.low)), x_of(float(target.high))  # type: ignore[arg-type]
        return (
            f'<rect x="{xa:.1f}" y="{y + 1}" width="{max(xb - xa, 1):.1f}" height="{row_h - 4}" fill="{TARGET_COLOUR}" '
            f'fill-opacity="0.15" stroke="{TARGET_COLOUR}" stroke-dasharray="3 2"><title>{label}</title></rect>'
        )
    tx = x_of(float(target.values[0]))
    return (
        f'<line x1="{tx:.1f}" y1="{y + 1}" x2="{tx:.1f}" y2="{y + row_h - 3}" stroke="{TARGET_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="4 2"><title>{label}</title></line>'
    )


def band_of(expression: Expression) -> TargetBand | None:
    """The chart band of a target's stored meaning; None for words or an empty target."""
    if not expression.is_numeric:
        return None
    return TargetBand(expression.kind, expression.low, expression.high, expression.text)


def _legend(statuses: Sequence[Status], width: int, per_row: int) -> tuple[list[str], int]:
    """A legend of the statuses shown: swatch, mark and word; returns its SVG and its height."""
    out = []
    item_w = width / per_row
    for i, status in enumerate(statuses):
        x, y = 10 + (i % per_row) * item_w, 6 + (i // per_row) * 22
        out.append(
            f'<g class="legend-item"><rect x="{x:.1f}" y="{y}" width="14" height="14" fill="{_colour(status)}"/>'
            f'<text x="{x + 20:.1f}" y="{y + 12}">{escape(STATUS_MARKS[status])} {escape(status.label)}</text></g>'
        )
    rows = -(-len(statuses) // per_row)
    return out, rows * 22 + (8 if rows else 0)


def stacked_chart(lines: Sequence[tuple[str, Mapping[Status, int]]], chart_id: str, title: str) -> SafeString:
    """One horizontal stacked bar per committee: its targets by status, best first, counts written in.

    A legend above the bars names each colour with its mark and word.
    """
    row_h, label_w, width, right = 28, 240, 700, 60
    order = list(reversed(STATUS_ORDER))
    shown = [s for s in order if any(c.get(s) for _l, c in lines)]
    legend, legend_h = _legend(shown, width - 20, 4)
    height = max(len(lines), 1) * row_h + 10 + legend_h
    peak = max((sum(c.values()) for _l, c in lines), default=1) or 1
    plot_w = width - label_w - right
    desc = "; ".join(
        f"{label}: " + (", ".join(f"{s.label} {_count(c[s])}" for s in order if c.get(s)) or "chưa có chỉ tiêu")
        for label, c in lines
    )
    out = _open(chart_id, title, desc or "Chưa có đảng bộ cấp dưới", width, height)
    out.extend(legend)
    for i, (label, counts) in enumerate(lines):
        y = legend_h + 5 + i * row_h
        name = label if len(label) <= 38 else label[:37] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end">{escape(name)}</text>')
        x = float(label_w)
        for s in order:
            n = counts.get(s, 0)
            if not n:
                continue
            w = plot_w * n / peak
            out.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" fill="{_colour(s)}" '
                f'stroke="#fff"><title>{escape(label)}: {escape(s.label)} {_count(n)}</title></rect>'
            )
            if w >= 7 * len(_count(n)) + 4:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 18}" text-anchor="middle" fill="#fff">{_count(n)}</text>'
                )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 18}" fill="#333">{_count(sum(counts.values()))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
