"""A typed cell as the text a person sees (reports/excel/cells.py): plain functions, no database."""

from __future__ import annotations

from reports.excel.cells import Cell, cell_text


def shown(value: object, number_format: str = "General") -> str:
    errors: list[str] = []
    text = cell_text(Cell(value, number_format=number_format), "Trang 'Biểu', dòng 5, cột E", errors)
    assert errors == []
    return text


def test_a_percent_cell_reads_as_the_percentage_it_shows() -> None:
    assert shown(0.095, "0.0%") == "9,5%"
    assert shown(0.45, "0%") == "45%"
    assert shown(1, "0%") == "100%"


def test_a_percent_cell_keeps_the_decimals_it_has_beyond_its_format() -> None:
    assert shown(0.0951, "0.0%") == "9,51%"
    assert shown(0.9, "0.00%") == "90,00%"


def test_a_percent_sign_in_quotes_or_escaped_does_not_scale_the_number() -> None:
    assert shown(95, '0.0"%"') == "95,0"
    assert shown(95, "0.0\\%") == "95,0"


def test_a_percent_cell_marked_as_an_estimate_keeps_its_mark() -> None:
    assert shown(0.072, '0.0%" (ước)"') == "7,2% (ước)"


def test_a_number_cell_with_a_thousands_format_reads_the_vietnamese_way() -> None:
    assert shown(1600, "#,##0") == "1.600"
    assert shown(3500, "#,##0.00") == "3.500,00"
    assert shown(0.095) == "0,095"


def test_a_soft_hyphen_is_invisible_so_it_is_no_part_of_the_text_a_person_reads() -> None:
    # A figure copied from a PDF where a line wrapped inside it (Phụ lục 1B of the Word audit, row 4).
    assert shown("362.\u00ad415") == "362.415"
    assert cell_text(Cell("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm\u00ad vụ"), "Bảng 'Phụ lục 1B', dòng 30",
                     [], keep=True) == "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ"
