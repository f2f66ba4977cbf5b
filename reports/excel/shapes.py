"""What an appendix import is asked to read (``ImportRequest``) and what reading gives back (``ReadResult``).

Shared by the workbook reader, the Word reader and the import that runs them; the caller's request
is never taken from the file's content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reports.excel.layouts import Layout
from reports.excel.roundtrip import RowMeta, SheetMeta
from resolutions.documents import ResolutionDoc

TERM_RE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")


@dataclass
class ImportRequest:
    """What the caller states about the file (never taken from the file's content)."""

    layout: Layout
    committee_name: str
    ordinal: int
    term_start: int
    term_end: int
    year: int | None = None
    sheet: str | None = None
    file_name: str = ""


@dataclass
class ReadResult:
    """A document read from a workbook, with every problem found and where each row came from.

    ``marks`` says the file tells estimates apart (a "(ước)" mark, an "Ước thực hiện" column or the
    exporter's hidden sheet), so that an unmarked figure in it is an official one. ``meta_rows``
    are the rows the hidden sheet describes (id(TargetRow) → its line).
    """

    doc: ResolutionDoc
    sheet: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_numbers: dict[int, int] = field(default_factory=dict)  # id(TargetRow) -> sheet row
    has_unit: bool = True
    has_verdict: bool = True
    place: str = "Trang"  # "Trang" (a workbook's sheet) or "Bảng" (a Word document's table)
    title: list[str] = field(default_factory=list)  # the title lines above the table
    marks: bool = False
    meta: SheetMeta | None = None
    meta_rows: dict[int, RowMeta] = field(default_factory=dict)
    # A Word table continued in another table after a page break is read as one; each continued row
    # keeps where a person sees it: joined row → (that table in words, its row there).
    moved_rows: dict[int, tuple[str, int]] = field(default_factory=dict)

    def place_of(self, row: int) -> str:
        """Where a row of the table is, in words: "Trang 'Phụ lục', dòng 12", or for a continued Word
        table "Bảng 5 (phần tiếp của bảng 'Phụ lục 1B'), dòng 3"."""
        if row in self.moved_rows:
            table, shown = self.moved_rows[row]
            return f"{table}, dòng {shown}"
        return f"{self.place} '{self.sheet}', dòng {row}"

    def row_label(self, row: int) -> str:
        """A row as the preview names it: "Dòng 12", or "Bảng 5 (…), dòng 3" for a continued table."""
        return self.place_of(row) if row in self.moved_rows else f"Dòng {row}"


def parse_term(text: str) -> tuple[int, int]:
    """'2020-2025' / '2020 - 2025' → (2020, 2025); raises ValueError with a Vietnamese message."""
    match = TERM_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"Nhiệm kỳ '{text}' không hợp lệ; ghi dạng 2020-2025.")
    return int(match.group(1)), int(match.group(2))
