"""The hidden sheet that lets an exported appendix be imported back without loss.

The printed table shows what a reader needs; a verdict also depends on what it does not show: the
direction of each indicator (higher or lower is better), the term basis (năm cuối / lũy kế /
bình quân), the catalogue key, the document's own verdict, a person's override and its reason,
which term figures the system computed from the yearly ones (and those yearly figures, when the
layout has no column for them), and the resolution's evaluation settings. The exporter writes
these to a hidden sheet "Dữ liệu nhập lại": the resolution's details and the indicators it uses
as labelled lines, then the rows: one JSON object with Vietnamese keys, keyed by sheet row, cut
into cells of 30.000 characters (a handful of cells instead of one per row keeps a 5.000-row file
quick to read). The importer reads them back.
The printed table always wins: a row whose number or name a person changed is read as typed, and
a printed figure counts as printed (its "(ước)" mark included).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from indicators.models import Indicator
from indicators.numbers import format_number, to_decimal_or_none
from indicators.statuses import Status, parse_status
from indicators.text import fold_text
from reports.excel.layouts import Column, Kind, Layout
from reports.excel.table import CellText, TableRow, cell_key
from resolutions.documents import IndicatorEntry
from resolutions.models import BASIS_CHOICES, Resolution, Result, Target

__all__ = [
    "COMPUTED", "ESTIMATE", "ESTIMATE_NOTE", "OFFICIAL", "SHEET_TITLE", "FigureMeta", "RowMeta", "SheetMeta",
    "YearlyMeta", "read_sheet", "sheet_lines",
]

SHEET_TITLE = "Dữ liệu nhập lại"
VERSION = "1"
ESTIMATE_NOTE = "Ghi chú: số liệu ghi “(ước)” là số ước thực hiện."
_EXPLANATION = (
    "Trang ẩn này giúp nhập lại tệp mà không mất thông tin: chiều đánh giá, cách tính số cả kỳ, mã chỉ số, "
    "số hệ thống tự tính, đánh giá của văn bản và điều chỉnh đánh giá. Không cần sửa trang này; "
    "khi bảng chính đã được sửa, bảng chính được ưu tiên."
)

OFFICIAL, ESTIMATE, COMPUTED = "official", "estimate", "computed"
_FIGURE_LABELS = {OFFICIAL: "Chính thức", ESTIMATE: "Ước thực hiện", COMPUTED: "Tính từ số liệu các năm"}
_DIRECTION_LABELS = dict(Indicator.Direction.choices)
_DIRECTION_SOURCES = dict(Target.DirectionSource.choices)
_BASIS_LABELS = dict(BASIS_CHOICES)

_INDICATORS, _ROWS = "CHỈ SỐ", "DÒNG"
_INDICATOR_HEADER = ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", "Chiều đánh giá"]
_ROW_HEADER = ["Dữ liệu các dòng (JSON theo số dòng, nối các ô dưới đây theo thứ tự)"]
_CHUNK = 30000  # characters per cell (Excel keeps at most 32.767)
_SETTINGS = {
    "version": "Phiên bản", "layout": "Mẫu phụ lục", "sheet": "Trang dữ liệu", "title": "Trích yếu nghị quyết",
    "code": "Số, ký hiệu", "issued_on": "Ngày ban hành", "exceed_margin": "Mức vượt tối thiểu",
    "basic_band": "Ngưỡng 'Cơ bản đạt' (%)",
}
# Keys of a row's JSON object.
K_NUMBER, K_NAME, K_UNIT, K_INDICATOR, K_DIRECTION, K_BASIS, K_NOTE, K_VERDICT = (
    "STT", "Tên", "Đơn vị tính", "Mã chỉ số", "Chiều đánh giá", "Cách tính số cả kỳ", "Ghi chú", "Đánh giá in ra")
K_DIRECTION_SOURCE = "Nguồn chiều đánh giá"
K_FIGURES, K_YEARLY, K_PERIOD = "Số liệu", "Số liệu các năm (để tính số cả kỳ)", "Kỳ"
K_PRINTED, K_KIND, K_REPORTED, K_OVERRIDE, K_REASON, K_SOURCE = (
    "In ra", "Loại số liệu", "Đánh giá của văn bản", "Đánh giá điều chỉnh", "Lý do điều chỉnh", "Nguồn, ghi chú")


@dataclass
class FigureMeta:
    """What the export knew about one printed figure (plain figures with nothing more to say have none)."""

    printed: str
    kind: str  # OFFICIAL, ESTIMATE or COMPUTED
    reported: str = ""  # the document's own verdict, as written
    override: str = ""  # a person's verdict (Status value), "" when none
    override_reason: str = ""
    note: str = ""


@dataclass
class YearlyMeta:
    """A yearly figure a computed term figure comes from (a layout without year columns)."""

    period: str  # "year" | "half"
    year: int
    figure: FigureMeta


@dataclass
class RowMeta:
    """What the export knew about one target row."""

    row: int
    number: str
    name: str
    unit: str = ""
    indicator: str = ""
    direction: str = ""
    direction_source: str = ""  # "catalogue", "guessed" or "confirmed"
    basis: str = ""
    note: str = ""
    verdict: str = ""  # the verdict cell as printed
    figures: dict[int, FigureMeta] = field(default_factory=dict)  # 0-based column → figure
    yearly: list[YearlyMeta] = field(default_factory=list)


@dataclass
class SheetMeta:
    """The hidden sheet as read back."""

    layout: str = ""
    sheet: str = ""
    title: str = ""
    code: str = ""
    issued_on: dt.date | None = None
    exceed_margin: Decimal | None = None
    basic_band: Decimal | None = None
    indicators: list[IndicatorEntry] = field(default_factory=list)
    rows: dict[int, RowMeta] = field(default_factory=dict)
    _used: set[int] = field(default_factory=set)
    _by_name: dict[tuple[str, str], list[int]] | None = None

    def match(self, row: int, number: str, name: str) -> RowMeta | None:
        """The line of the printed row ``row`` showing ``number`` and ``name``.

        The line written for that row when it still shows the same number and name; else the one
        unused line with that number and name (rows inserted or deleted above); else None.
        """
        found = self.rows.get(row)
        if found is not None and found.row not in self._used and found.number == number and (
                found.name == name or fold_text(found.name) == fold_text(name)):
            self._used.add(found.row)
            return found
        if self._by_name is None:
            self._by_name = {}
            for meta in self.rows.values():
                self._by_name.setdefault((meta.number, fold_text(meta.name)), []).append(meta.row)
        candidates = [r for r in self._by_name.get((number, fold_text(name)), []) if r not in self._used]
        if len(candidates) != 1:
            return None
        self._used.add(candidates[0])
        return self.rows[candidates[0]]


# --------------------------------------------------------------------------- writing


def _figure_kind(text: CellText) -> str:
    if text.computed:
        return COMPUTED
    return ESTIMATE if text.estimate else OFFICIAL


def _figure(printed: str, kind: str, result: Result | None) -> dict[str, str]:
    """A figure's JSON: what was printed, its kind, and what the stored figure adds (empty keys left out)."""
    data = {K_PRINTED: printed} if printed else {}
    data[K_KIND] = _FIGURE_LABELS[kind]
    if result is not None:
        if result.reported_text:
            data[K_REPORTED] = result.reported_text
        if result.override_status:
            data[K_OVERRIDE] = Status(result.override_status).label
            if result.override_reason:
                data[K_REASON] = result.override_reason
        if result.source_note:
            data[K_SOURCE] = result.source_note
    return data


_PLAIN_FIGURE = frozenset({K_PRINTED, K_KIND})


def _period_label(period: str, year: int) -> str:
    return f"6 tháng năm {year}" if period == Result.Period.HALF else f"Năm {year}"


@dataclass(frozen=True)
class _Layout:
    """What every row's data depends on in a layout: its figure cells and the columns it shows."""

    figure_cells: list[tuple[str, Any]]  # (column letter, cell key)
    unit_shown: bool
    verdict_shown: bool
    periods: set[tuple[str, int]]  # year and half-year columns

    @classmethod
    def of(cls, columns: Sequence[Column]) -> _Layout:
        kinds = {c.kind for c in columns}
        return cls([(get_column_letter(i + 1), cell_key(c)) for i, c in enumerate(columns) if c.is_figure],
                   Kind.UNIT in kinds, Kind.VERDICT in kinds,
                   {key for key in map(cell_key, columns) if isinstance(key, tuple)})


def _row_data(table_row: TableRow, layout: _Layout) -> dict[str, Any]:
    target = table_row.target
    data: dict[str, Any] = {
        K_NUMBER: target.number, K_NAME: target.name, K_UNIT: "" if layout.unit_shown else target.unit,
        K_INDICATOR: target.indicator.key if target.indicator_id else "",
        K_DIRECTION: _DIRECTION_LABELS[str(target.direction)],
        K_DIRECTION_SOURCE: _DIRECTION_SOURCES.get(target.direction_source, target.direction_source),
        K_BASIS: _BASIS_LABELS.get(target.term_basis, target.term_basis), K_NOTE: target.note,
        K_VERDICT: str(table_row.texts.get(Kind.VERDICT) or "") if layout.verdict_shown else "",
    }
    figures: dict[str, dict[str, str]] = {}
    computed = False
    for letter, key in layout.figure_cells:
        text = table_row.texts.get(key)
        if not isinstance(text, CellText) or (not text and text.result is None):
            continue
        if text.computed or text.result is not None:
            figure = _figure(str(text), _figure_kind(text), text.result)
            if text.computed or not _PLAIN_FIGURE.issuperset(figure):  # a plain figure's cell says it all
                figures[letter] = figure
        computed = computed or text.computed
    data[K_FIGURES] = figures
    if computed:
        yearly = []
        for result in sorted(target.results.all(), key=lambda x: (x.year or 0, x.period, x.figure)):
            if result.period in (Result.Period.YEAR, Result.Period.HALF) and (
                    result.period, result.year) not in layout.periods:
                kind = ESTIMATE if result.figure == Result.Figure.ESTIMATE else OFFICIAL
                yearly.append({K_PERIOD: _period_label(result.period, result.year or 0),
                               **_figure(result.raw_text, kind, result)})
        data[K_YEARLY] = yearly
    return {k: v for k, v in data.items() if v}


def sheet_lines(resolution: Resolution, layout: Layout, sheet: str, columns: Sequence[Column],
                rows: Sequence[tuple[int, TableRow]]) -> list[list[Any]]:
    """The hidden sheet's lines (cell values) describing ``rows``, each with its 1-based sheet row."""
    issued = resolution.issued_on.strftime("%d/%m/%Y") if resolution.issued_on else ""
    band = format_number(resolution.basic_band) if resolution.basic_band is not None else ""
    settings = {"version": VERSION, "layout": layout.value, "sheet": sheet, "title": resolution.title,
                "code": resolution.code, "issued_on": issued, "exceed_margin": format_number(resolution.exceed_margin),
                "basic_band": band}
    lines: list[list[Any]] = [["DỮ LIỆU ĐỂ NHẬP LẠI TỆP"], [_EXPLANATION], []]
    lines += [[label, settings[key]] for key, label in _SETTINGS.items()]
    indicators = {t.target.indicator.key: t.target.indicator for _r, t in rows if t.target.indicator_id}
    lines += [[], [_INDICATORS], _INDICATOR_HEADER]
    lines += [[i.key, i.name, i.unit, _DIRECTION_LABELS.get(i.direction, i.direction)]
              for i in (indicators[key] for key in sorted(indicators))]
    lines += [[], [_ROWS], _ROW_HEADER]
    shape = _Layout.of(columns)
    data = json.dumps({str(r): _row_data(table_row, shape) for r, table_row in rows},
                      ensure_ascii=False, separators=(",", ":"))
    lines += [[data[i:i + _CHUNK]] for i in range(0, len(data), _CHUNK)]
    return lines


# --------------------------------------------------------------------------- reading


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Labels:
    """Vietnamese labels back to values: exact first (what the exporter wrote), then folded."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.exact = {label: value for value, label in labels.items()}
        self.folded = {fold_text(label): value for value, label in labels.items()}

    def get(self, label: str, default: str = "") -> str:
        found = self.exact.get(label)
        return found if found is not None else self.folded.get(fold_text(label), default)


_SETTING_KEYS = _Labels(_SETTINGS)
_DIRECTIONS = _Labels(_DIRECTION_LABELS)
_BASES = _Labels(_BASIS_LABELS)
_KINDS = _Labels(_FIGURE_LABELS)
_SOURCES = _Labels(_DIRECTION_SOURCES)


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None


def _figure_meta(data: dict[str, Any]) -> FigureMeta:
    status = parse_status(str(data.get(K_OVERRIDE, "")))
    reason = str(data.get(K_REASON, ""))
    return FigureMeta(
        printed=str(data.get(K_PRINTED, "")), kind=_KINDS.get(str(data.get(K_KIND, "")), OFFICIAL),
        reported=str(data.get(K_REPORTED, "")), note=str(data.get(K_SOURCE, "")),
        override=status.value if status is not None and reason else "", override_reason=reason if status else "",
    )


def _read_period(label: str) -> tuple[str, int] | None:
    folded = fold_text(label)
    for prefix, period in (("6 thang nam ", Result.Period.HALF), ("nam ", Result.Period.YEAR)):
        if folded.startswith(prefix) and folded[len(prefix):].isdigit():
            return period, int(folded[len(prefix):])
    return None


def _row_meta(row: int, data: dict[str, Any]) -> RowMeta:
    meta = RowMeta(
        row=row, number=str(data.get(K_NUMBER, "")), name=str(data.get(K_NAME, "")),
        unit=str(data.get(K_UNIT, "")), indicator=str(data.get(K_INDICATOR, "")),
        direction=_DIRECTIONS.get(str(data.get(K_DIRECTION, ""))),
        direction_source=_SOURCES.get(str(data.get(K_DIRECTION_SOURCE, ""))),
        basis=_BASES.get(str(data.get(K_BASIS, ""))),
        note=str(data.get(K_NOTE, "")), verdict=str(data.get(K_VERDICT, "")),
    )
    for letter, figure in (data.get(K_FIGURES) or {}).items():
        meta.figures[column_index_from_string(letter) - 1] = _figure_meta(figure)
    for figure in data.get(K_YEARLY) or []:
        period = _read_period(str(figure.get(K_PERIOD, "")))
        if period is not None:
            meta.yearly.append(YearlyMeta(period[0], period[1], _figure_meta(figure)))
    return meta


def read_sheet(wb: Any) -> tuple[SheetMeta | None, list[str]]:
    """The hidden sheet of a workbook the exporter wrote, and warnings; (None, []) when it has none.

    A sheet of another version, or one that cannot be read, is ignored with a warning: the printed
    table is then read as any typed table.
    """
    if SHEET_TITLE not in wb.sheetnames:
        return None, []
    meta = SheetMeta()
    block = ""
    header = False
    version = ""
    chunks: list[str] = []
    try:
        for values in wb[SHEET_TITLE].iter_rows(values_only=True, max_col=len(_INDICATOR_HEADER)):
            if block == _ROWS and not header and isinstance(values[0], str):
                chunks.append(values[0])  # as stored: a cut may fall on a space
                continue
            cells = [_text(v) for v in values] + [""] * len(_INDICATOR_HEADER)
            first = cells[0]
            if not any(cells):
                block = ""
            elif first in (_INDICATORS, _ROWS) and not any(cells[1:]):
                block, header = first, True
            elif header:  # the column titles under a block title
                header = False
            elif not block:
                key = _SETTING_KEYS.get(first)
                if key == "version":
                    version = cells[1]
                elif key in ("layout", "sheet", "title", "code"):
                    setattr(meta, key, cells[1])
                elif key == "issued_on":
                    meta.issued_on = _date(cells[1])
                elif key in ("exceed_margin", "basic_band"):
                    setattr(meta, key, to_decimal_or_none(cells[1]))
            elif block == _INDICATORS and first:
                meta.indicators.append(IndicatorEntry(key=first, name=cells[1] or first, unit=cells[2],
                                                      direction=_DIRECTIONS.get(cells[3], "higher")))
        for row, data in json.loads("".join(chunks) or "{}").items():
            meta.rows[int(row)] = _row_meta(int(row), data)
    except (ValueError, TypeError, AttributeError) as exc:
        return None, [f"Trang ẩn '{SHEET_TITLE}' không đọc được ({type(exc).__name__}); bảng được đọc như bảng tự nhập."]
    if version != VERSION:
        return None, [f"Trang ẩn '{SHEET_TITLE}' thuộc phiên bản '{version}' không dùng được; "
                      "bảng được đọc như bảng tự nhập."]
    return meta, []
