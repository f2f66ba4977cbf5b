"""Tải dữ liệu: a scoreboard or an overview as a tidy table and as a wide pivot, in .xlsx and .csv.

pandas shapes the tables (one row per target and period, then ``pivot``); openpyxl writes the
workbook, so figures stay exact numbers (pandas' own Excel writer turns Decimals into text).
The CSV is UTF-8 with a byte-order mark, so Excel opens the Vietnamese text correctly; its figures
are written the Vietnamese way by ``format_number`` ("1.234,5"; read back with
``pandas.read_csv(..., decimal=",", thousands=".")``). Rows come from ``resolutions.verdicts``:
nothing here judges.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from indicators.expressions import Kind
from indicators.numbers import format_number
from resolutions.models import Resolution
from resolutions.verdicts import Row

# The tidy table: one row per target and period (the issue's "committee, resolution, target, unit,
# period, figure, estimate or not, verdict", with the target's number and text beside them).
COMMITTEE, RESOLUTION, NUMBER, TARGET, UNIT, GOAL = "Đảng bộ", "Nghị quyết", "STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu"
PERIOD, FIGURE, AS_WRITTEN, ESTIMATE, VERDICT = "Kỳ", "Số liệu", "Số liệu (nguyên văn)", "Ước tính", "Đánh giá"
TIDY_COLUMNS = [COMMITTEE, RESOLUTION, NUMBER, TARGET, UNIT, GOAL, PERIOD, FIGURE, AS_WRITTEN, ESTIMATE, VERDICT]
_ORDER = "_thu_tu"  # (committee, target, period) positions: sorting and pivoting keys, never written
_INDICATOR = "_chi_so"  # the target's catalogue indicator (the overview's matrix columns), never written


@dataclass(frozen=True)
class Part:
    """The rows of one resolution for one period, where the page shows them (positions for sorting)."""

    committee: str
    resolution: Resolution
    period_label: str
    rows: Sequence[Row]
    committee_order: int = 0
    period_order: int = 0


def figure_of(row: Row) -> Decimal | None:
    """The figure as a number when it is one plain figure (ranges and words stay text)."""
    figure = row.figure
    if figure is None or figure.kind != Kind.POINT:
        return None
    return figure.value


def tidy_frame(parts: Iterable[Part]) -> pd.DataFrame:
    """One row per target and period, in committee, document and period order."""
    records = []
    for part in parts:
        for row in part.rows:
            target = row.target
            estimate = row.result is not None and row.result.figure == "estimate"
            records.append({
                COMMITTEE: part.committee,
                RESOLUTION: part.resolution.title,
                NUMBER: target.number,
                TARGET: target.name,
                UNIT: target.unit,
                GOAL: target.target_text,
                PERIOD: part.period_label,
                FIGURE: figure_of(row),
                AS_WRITTEN: row.figure_text,
                ESTIMATE: "Có" if estimate else "Không",
                VERDICT: row.status.label,
                _ORDER: (part.committee_order, target.order, part.period_order),
                _INDICATOR: target.indicator.name if target.indicator_id else None,
            })
    frame = pd.DataFrame.from_records(records, columns=[*TIDY_COLUMNS, _ORDER, _INDICATOR])
    return frame.sort_values(_ORDER, kind="stable").reset_index(drop=True)


def _shown(frame: pd.DataFrame) -> pd.Series:
    """The figure of each row as a pivot shows it: the number, else the text as written."""
    return frame[FIGURE].where(frame[FIGURE].notna(), frame[AS_WRITTEN])


def scoreboard_wide(tidy: pd.DataFrame, values: str = FIGURE) -> pd.DataFrame:
    """Targets × periods (each year, then the term): figures, or verdicts with ``values=VERDICT``."""
    frame = tidy.assign(_target=[key[1] for key in tidy[_ORDER]], _period=[key[2] for key in tidy[_ORDER]])
    frame = frame.assign(_value=_shown(frame) if values == FIGURE else frame[values])
    periods = frame.drop_duplicates("_period").sort_values("_period")[PERIOD].tolist()
    wide = frame.pivot(index="_target", columns=PERIOD, values="_value").reindex(columns=periods)
    labels = frame.drop_duplicates("_target").set_index("_target")[[NUMBER, TARGET, UNIT, GOAL]]
    out = labels.join(wide).sort_index().reset_index(drop=True)
    out.columns.name = None
    return out


def overview_wide(tidy: pd.DataFrame, values: str = FIGURE) -> pd.DataFrame:
    """Committees × catalogue indicators, as the overview's matrix: figures, or verdicts with ``values=VERDICT``.

    A committee's first target on an indicator (document order) fills its cell; columns are ordered
    by how many committees have a target on the indicator, then by name. Targets outside the
    catalogue are in the tidy table only.
    """
    frame = tidy[tidy[_INDICATOR].notna()]
    frame = frame.assign(_committee=[key[0] for key in frame[_ORDER]])
    frame = frame.drop_duplicates(["_committee", _INDICATOR])
    frame = frame.assign(_value=_shown(frame) if values == FIGURE else frame[values])
    shared = frame.groupby(_INDICATOR)["_committee"].nunique()
    order = sorted(shared.index, key=lambda name: (-shared[name], name))
    wide = frame.pivot(index="_committee", columns=_INDICATOR, values="_value").reindex(columns=order)
    names = tidy.assign(_committee=[key[0] for key in tidy[_ORDER]]).drop_duplicates("_committee")
    out = names.set_index("_committee")[[COMMITTEE]].join(wide).sort_index().reset_index(drop=True)
    out.columns.name = None
    return out


def without_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as written to a file: the sorting and pivoting keys dropped."""
    return frame.drop(columns=[_ORDER, _INDICATOR], errors="ignore")


def _is_missing(value: object) -> bool:
    """None, NaN (pandas' empty cell) or an empty text: an empty cell in the file."""
    return value is None or value == "" or (isinstance(value, float) and value != value)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table: bold header, figures as numbers, the header row frozen."""
    book = Workbook(write_only=True)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for i, column in enumerate(frame.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))]) + 2
            sheet.column_dimensions[_letter(i)].width = min(max(width, 8), 60)
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        for values in frame.itertuples(index=False, name=None):
            sheet.append([None if _is_missing(v) else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV, UTF-8 with a byte-order mark; figures written the Vietnamese way."""
    text = frame.map(lambda v: format_number(v) if isinstance(v, Decimal) else ("" if _is_missing(v) else v))
    return text.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


__all__ = [
    "TIDY_COLUMNS", "Part", "csv_bytes", "overview_wide", "scoreboard_wide", "tidy_frame", "without_keys",
    "xlsx_bytes",
]
