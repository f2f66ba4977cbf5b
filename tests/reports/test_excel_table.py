"""The format-neutral appendix table both writers print (Excel here, Word beside it)."""

from __future__ import annotations

from typing import Any

from reports.excel.layouts import Kind, Layout
from reports.excel.table import CellText, build_rows, load_targets
from resolutions.models import Resolution
from resolutions.verdicts import rows_for
from tests.factories import make_committee, make_resolution, make_result, make_target


def row_of(rows: list[Any], name: str, number: str | None = None) -> Any:
    return next(r for r in rows if r.target.name == name and (number is None or r.target.number == number))


def test_a_cell_text_is_the_printed_text_and_knows_its_figure() -> None:
    text = CellText("9,9", estimate=True)
    assert (text, text.figure, text.estimate, text.computed) == ("9,9 (ước)", "9,9", True, False)
    assert isinstance(text, str) and CellText("", estimate=True) == ""
    assert CellText("1.500", estimate=True, mark=False) == "1.500"


def test_estimates_of_the_seed_are_printed_with_the_mark(hung_yen_xix: Resolution) -> None:
    _columns, rows = build_rows(hung_yen_xix, Layout.TERM)
    cell = row_of(rows, "Tổng vốn đầu tư toàn xã hội", "4").texts[Kind.RESULT]
    assert (cell, cell.figure, cell.estimate, cell.result.raw_text) == ("328,096 (ước)", "328,096", True, "328,096")


def test_a_term_figure_computed_from_the_years_is_flagged_and_not_a_stored_figure(khoai_chau_xxv: Resolution) -> None:
    _columns, rows = build_rows(khoai_chau_xxv, Layout.TERM)
    cell = row_of(rows, "Tỷ lệ tăng dân số tự nhiên", "13").texts[Kind.RESULT]
    assert (cell, cell.computed, cell.estimate, cell.result) == ("0,65", True, False, None)


def test_the_midterm_estimate_column_is_not_marked_twice(db: None) -> None:
    resolution = make_resolution(make_committee(), ordinal=25)
    target = make_target(resolution, "1.600", name="Kết nạp đảng viên")
    make_result(target, "1.500", period="term", figure="estimate")
    make_result(target, "320", period="year", year=2021, figure="estimate")
    _columns, rows = build_rows(Resolution.objects.with_context().get(pk=resolution.pk), Layout.MIDTERM)
    texts = rows[0].texts
    assert texts[Kind.ESTIMATE] == "1.500" and texts[Kind.ESTIMATE].estimate
    assert texts[("year", 2021)] == "320 (ước)"


def test_rows_unpack_as_target_row_and_texts(thai_binh_xx: Resolution) -> None:
    _columns, rows = build_rows(thai_binh_xx, Layout.TERM)
    target, row, texts = rows[0]
    assert target is rows[0].target and row.target is target and texts[Kind.NAME] == target.name


def test_the_table_shows_the_same_verdicts_as_every_page(hung_yen_xix: Resolution) -> None:
    _columns, rows = build_rows(hung_yen_xix, Layout.TERM)
    assert [r.row.status for r in rows] == [r.status for r in rows_for(hung_yen_xix, "term", None)]


def test_loading_a_resolution_takes_two_queries_and_needs_none_after(
    hung_yen_xix: Resolution, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        targets = load_targets(hung_yen_xix)
        for target in targets:
            for result in target.results.all():
                assert result.target is target
            _ = (target.section, target.indicator, target.direction)
    assert sum(len(t.results.all()) for t in targets) == 42


def test_every_seed_resolution_builds_in_every_layout_it_has(db: None) -> None:
    from reports.excel.table import layouts_for

    for resolution in Resolution.objects.with_context():
        for layout in layouts_for(resolution):
            columns, rows = build_rows(resolution, layout)
            assert len(rows) == resolution.targets.count() and columns[0].kind == Kind.NUMBER
