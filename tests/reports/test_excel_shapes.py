"""What a read table says about where its rows are (reports/excel/shapes.py): no file, no database."""

from __future__ import annotations

from reports.excel.shapes import ReadResult
from resolutions.documents import ResolutionDoc


def _read(**kwargs: object) -> ReadResult:
    doc = ResolutionDoc(committee_key="", committee_name="Đảng bộ tỉnh Nghệ An", ordinal=19, term_start=2020,
                        term_end=2025, kind="congress", year=None, title="Nghị quyết Đại hội XIX")
    return ReadResult(doc=doc, **kwargs)  # type: ignore[arg-type]


def test_a_row_is_named_on_its_sheet_or_table() -> None:
    assert _read(sheet="Phụ lục").place_of(12) == "Trang 'Phụ lục', dòng 12"
    assert _read(sheet="Phụ lục 1B", place="Bảng").place_of(5) == "Bảng 'Phụ lục 1B', dòng 5"
    assert _read(sheet="Phụ lục").row_label(12) == "Dòng 12"


def test_a_row_of_a_continued_word_table_is_named_where_a_person_sees_it() -> None:
    read = _read(sheet="Phụ lục 1B", place="Bảng", moved_rows={20: ("Bảng 4 (phần tiếp của bảng 'Phụ lục 1B')", 7)})
    assert read.place_of(20) == "Bảng 4 (phần tiếp của bảng 'Phụ lục 1B'), dòng 7"
    assert read.row_label(20) == "Bảng 4 (phần tiếp của bảng 'Phụ lục 1B'), dòng 7"
    assert read.place_of(19) == "Bảng 'Phụ lục 1B', dòng 19"
