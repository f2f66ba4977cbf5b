"""Appendix import: tables typed by people in the four layouts, bad files, round trips with the export."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from reports.appendix_import import run_import
from reports.excel.export import export_bytes
from reports.excel.layouts import Layout
from reports.excel.shapes import ImportRequest
from reports.models import ImportLog
from resolutions.models import Committee, Congress, Resolution, Result, Section, Target, TargetLink
from tests.conftest import resolution_by
from tests.factories import make_committee, make_resolution, make_result, make_target

NEW = "Đảng bộ tỉnh Thử Nhập"


# --------------------------------------------------------------------------- helpers (also used by other tests)


def xlsx(rows: list[list[Any]], *, title: str = "Phụ lục", sheets: dict[str, list[list[Any]]] | None = None,
         active: int = 0) -> bytes:
    """A workbook built the way a person types it: ``rows`` on the first sheet, more ``sheets`` after."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, more in (sheets or {}).items():
        other = wb.create_sheet(name)
        for row in more:
            other.append(row)
    wb.active = active
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


TERM_HEADER = [
    ["PHỤ LỤC 1B"],
    ["KẾT QUẢ THỰC HIỆN MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ TỈNH THỬ NHẬP LẦN THỨ I, NHIỆM KỲ 2020 - 2025"],
    ["-----"],
    [],
    ["STT", "Chỉ tiêu", "Đơn vị\ntính", "Mục tiêu\nNQĐH", "Kết quả", "Đánh giá mức độ\nhoàn thành"],
    [None, None, None, None, "thực hiện", None],
    [1, 2, 3, 4, 5, 6],
]
TERM_ROWS = [
    ["I", "KINH TẾ"],
    ["1.", "Tốc độ tăng trưởng GRDP", "%", "7,5-8", "9,9", "Vượt"],
    [None, "Nông nghiệp", '"', "2-2,5", 2.4, "Đạt"],
    ["-", "Công nghiệp", '"', None, "-", None],
    [2, "Tổng vốn đầu tư", "Tỷ đồng", "250.000", "44.923", "Vượt "],
    ["II", "XÃ HỘI"],
    [3, "Kết nạp đảng viên mới", "đảng viên", "1.600", "74 (19,6)", "Chưa đạt"],
    [4, "Tỷ lệ hộ nghèo", "%", "< 1", 0.35, "Đạt"],
]


def term_file(rows: list[list[Any]] | None = None) -> bytes:
    return xlsx(TERM_HEADER + (TERM_ROWS if rows is None else rows))


def request(layout: Layout = Layout.TERM, name: str = NEW, ordinal: int = 1, term: tuple[int, int] = (2020, 2025),
            year: int | None = None, file_name: str = "phu-luc.xlsx") -> ImportRequest:
    return ImportRequest(layout, name, ordinal, term[0], term[1], year=year, file_name=file_name)


def counts() -> dict[str, int]:
    """Rows of every model an import may write (ImportLog apart)."""
    return {m.__name__: m.objects.count() for m in (Committee, Congress, Resolution, Section, Target, Result)}


def imported(name: str = NEW, ordinal: int = 1) -> Resolution:
    return Resolution.objects.with_context().get(congress__committee__name=name, congress__ordinal=ordinal)


def cells(data: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


# --------------------------------------------------------------------------- term layout, messy input


class TestTermTable:
    def test_a_messy_table_is_read_into_sections_numbered_targets_and_sub_rows(self, db: None) -> None:
        outcome = run_import(term_file(), request())
        assert outcome.succeeded, outcome.errors
        resolution = imported()
        assert [(s.code, s.title) for s in resolution.sections.order_by("order")] == [("I", "KINH TẾ"), ("II", "XÃ HỘI")]
        rows = [(t.number, t.name, t.parent.name if t.parent else None) for t in resolution.targets.order_by("order")]
        assert rows == [
            ("1", "Tốc độ tăng trưởng GRDP", None), ("", "Nông nghiệp", "Tốc độ tăng trưởng GRDP"),
            ("-", "Công nghiệp", "Tốc độ tăng trưởng GRDP"), ("2", "Tổng vốn đầu tư", None),
            ("3", "Kết nạp đảng viên mới", None), ("4", "Tỷ lệ hộ nghèo", None),
        ]

    def test_the_committee_congress_and_term_are_created_when_missing(self, db: None) -> None:
        run_import(term_file(), request())
        resolution = imported()
        assert resolution.kind == "congress"
        assert (resolution.congress.term_start, resolution.congress.term_end) == (2020, 2025)
        assert resolution.congress.committee.level == Committee.Level.PROVINCE

    def test_a_ditto_mark_takes_the_unit_of_the_row_above(self, db: None) -> None:
        run_import(term_file(), request())
        assert list(imported().targets.order_by("order").values_list("unit", flat=True)[:3]) == ["%", "%", "%"]

    def test_numbers_typed_as_text_or_numeric_cells_are_kept_in_vietnamese_format(self, db: None) -> None:
        run_import(term_file(), request())
        results = {r.target.name: r for r in Result.objects.filter(target__resolution=imported()).select_related("target")}
        assert results["Tổng vốn đầu tư"].raw_text == "44.923"
        assert results["Tổng vốn đầu tư"].value == Decimal("44923")
        assert results["Nông nghiệp"].raw_text == "2,4"
        assert results["Tỷ lệ hộ nghèo"].value == Decimal("0.35")
        assert Target.objects.get(resolution=imported(), number="2").target_text == "250.000"

    def test_a_dash_means_no_figure(self, db: None) -> None:
        run_import(term_file(), request())
        assert not Result.objects.filter(target__name="Công nghiệp", target__resolution=imported()).exists()

    def test_a_compound_cell_keeps_its_main_and_trong_do_figures(self, db: None) -> None:
        run_import(term_file(), request())
        result = Result.objects.get(target__resolution=imported(), target__number="3")
        assert (result.raw_text, result.value, result.value_sub) == ("74 (19,6)", Decimal("74"), Decimal("19.6"))

    def test_the_documents_verdict_becomes_the_reported_status_not_an_override(self, db: None) -> None:
        run_import(term_file(), request())
        result = Result.objects.get(target__resolution=imported(), target__number="2")
        assert (result.reported_status, result.reported_text, result.override_status) == ("vuot", "Vượt", "")
        assert result.figure == Result.Figure.OFFICIAL

    def test_importing_the_same_file_again_changes_nothing(self, db: None) -> None:
        # The same bytes twice: a workbook rebuilt a second later differs (zip timestamps).
        content = term_file()
        first = run_import(content, request())
        before = counts()
        again = run_import(content, request())
        assert again.succeeded
        assert again.summary is not None and again.summary.counts()["created"] == 0
        assert again.summary.counts()["updated"] == 0
        assert counts() == before
        assert first.log.sha256 == again.log.sha256

    def test_a_dry_run_says_what_would_be_created_and_writes_nothing(self, db: None) -> None:
        before = counts()
        outcome = run_import(term_file(), request(), dry_run=True)
        assert outcome.succeeded
        assert counts() == before
        assert outcome.summary is not None and outcome.summary.counts()["created"] > 6
        assert outcome.log.dry_run and "Chạy thử" in outcome.log.summary
        assert "Dòng 12: Chỉ tiêu 2 (Tổng vốn đầu tư)" in outcome.log.summary
        assert "Dòng 15: Chỉ tiêu 4 (Tỷ lệ hộ nghèo): kết quả cả nhiệm kỳ" in outcome.log.summary
        assert "(term" not in outcome.log.summary

    def test_each_import_leaves_a_log_with_the_files_sha256_and_counts(self, db: None) -> None:
        outcome = run_import(term_file(), request(file_name="1B.xlsx"))
        log = ImportLog.objects.get(pk=outcome.log.pk)
        assert (log.file_name, log.layout, log.succeeded, log.user) == ("1B.xlsx", "term", True, None)
        assert len(log.sha256) == 64 and log.created_count > 0 and log.resolution == imported()


# --------------------------------------------------------------------------- cost: queries and writes do not grow with the rows


def numbered_rows(n: int) -> list[list[Any]]:
    """A typed term table of ``n`` numbered targets, each with its figure and the document's verdict."""
    return [["I", "KINH TẾ"]] + [
        [i, f"Chỉ tiêu thử số {i}", "%", "90", f"9{i % 10},5", "Vượt"] for i in range(1, n + 1)
    ]


def writes(queries: list[dict[str, Any]]) -> list[str]:
    """The statements of ``queries`` that change rows."""
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


class TestImportCost:
    # Sizes within one batch of SQLite's bulk inserts (999 values: 32 history rows of a figure), so both
    # databases write each model in one statement and the counts compare exactly.
    SIZES = (10, 30)

    def test_importing_more_rows_takes_no_more_queries_also_without_a_signed_in_person(self, db: None) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from resolutions.audit import system_user

        account = system_user()  # created on first use: made here, so both imports only look it up
        queries = []
        for n in self.SIZES:
            with CaptureQueriesContext(connection) as ctx:
                outcome = run_import(term_file(numbered_rows(n)), request(name=f"Đảng bộ tỉnh Thử {n} dòng"))
            assert outcome.succeeded, outcome.errors
            assert outcome.summary is not None and outcome.summary.counts()["created"] == 2 * n + 2  # + section, resolution
            queries.append(len(ctx.captured_queries))
            resolution = imported(f"Đảng bộ tỉnh Thử {n} dòng")
            history = list(Target.history.filter(resolution_id=resolution.pk)) + list(
                Result.history.filter(target__resolution=resolution))
            assert len(history) == 2 * n
            assert {(h.history_user, h.history_change_reason) for h in history} == {(account, "Nhập từ bảng")}
        assert queries[0] == queries[1]

    def test_reimporting_an_unchanged_file_writes_only_its_log_whatever_its_size(self, db: None) -> None:
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from resolutions.audit import SYSTEM_USERNAME

        # Not even the system account is made for a re-import without a person: nothing is recorded.
        User.objects.filter(username=SYSTEM_USERNAME).delete()
        person = User.objects.get(username="canbo.thaibinh")
        queries = []
        for n in self.SIZES:
            content = term_file(numbered_rows(n))
            name = f"Đảng bộ tỉnh Thử {n} dòng"
            run_import(content, request(name=name), user=person)
            before, history = counts(), history_count()
            with CaptureQueriesContext(connection) as ctx:
                again = run_import(content, request(name=name))
            assert again.succeeded and again.summary is not None and again.summary.changes_nothing
            assert again.log.unchanged_count == 2 * n
            assert "nhập tệp này không thay đổi gì" in again.log.summary
            # No row, no history entry, no recounted tally: the import's log is the only write.
            assert (counts(), history_count()) == (before, history)
            assert [sql.split("(")[0].strip() for sql in writes(ctx.captured_queries)] == [
                'INSERT INTO "reports_importlog"']
            queries.append(len(ctx.captured_queries))
        assert queries[0] == queries[1]


# --------------------------------------------------------------------------- other layouts


class TestOtherLayouts:
    def test_a_midterm_table_reads_each_year_the_half_year_the_period_so_far_and_the_estimate(self, db: None) -> None:
        data = xlsx([
            ["ĐÁNH GIÁ GIỮA NHIỆM KỲ"],
            ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu NQĐH", "Kết quả thực hiện", None, None,
             "Trung bình (hoặc lũy kế)\ngiai đoạn", "Đánh giá", "Dự kiến thực hiện\nđến năm 2025"],
            [None, None, None, None, "Năm 2021", "Năm 2022", "6 tháng\nnăm 2023", None, None, None],
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            ["I", "XÂY DỰNG ĐẢNG"],
            [1, "Kết nạp đảng viên", "đảng viên", "1.600", 320, "-", "74 (19,6)", "394", "Khó đạt", "1.500"],
            [None, "Trong đó đảng viên khu vực nông thôn", "%", "35-40", "30,5", "31", "-", None, None, None],
        ])
        outcome = run_import(data, request(Layout.MIDTERM))
        assert outcome.succeeded, outcome.errors
        target = Target.objects.get(resolution=imported(), number="1")
        got = {(r.period, r.year, r.figure): (r.raw_text, r.reported_status) for r in target.results.all()}
        # "Trung bình (hoặc lũy kế) giai đoạn" covers the years the table shows: 2021 to the first
        # half of 2023, 2,5 years (DOMAIN.md: a figure for the period so far).
        assert got == {
            ("year", 2021, "official"): ("320", ""),
            ("half", 2023, "official"): ("74 (19,6)", ""),
            ("todate", 2023, "official"): ("394", "kho_dat"),
            ("term", None, "estimate"): ("1.500", ""),
        }
        assert target.results.get(period="todate").span == Decimal("2.5")
        child = Target.objects.get(resolution=imported(), parent=target)
        assert sorted(child.results.values_list("year", "raw_text")) == [(2021, "30,5"), (2022, "31")]

    def test_a_midterm_giai_doan_column_naming_its_years_covers_those_years(self, db: None) -> None:
        data = xlsx([
            ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu NQĐH", "Năm 2021", "Năm 2022", "Năm 2023",
             "Lũy kế giai đoạn 2021 - 2022", "Đánh giá"],
            [1, "Tổng vốn đầu tư toàn xã hội", "tỷ đồng", "230.000", "40.000", "50.000", None, "96.000", None],
            [2, "Thu ngân sách", "tỷ đồng", "20.000", "15.000", "16.000", "17.000", "48.000", None],
        ])
        outcome = run_import(data, request(Layout.MIDTERM))
        assert outcome.succeeded, outcome.errors
        so_far = Result.objects.get(target__resolution=imported(), target__number="1", period="todate")
        assert (so_far.year, so_far.span, so_far.raw_text) == (2022, Decimal("2"), "96.000")

    def test_a_midterm_giai_doan_column_reaching_the_last_year_is_the_terms_figure(self, db: None) -> None:
        data = xlsx([
            ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu NQĐH", "Năm 2024", "Năm 2025",
             "Trung bình (hoặc lũy kế) giai đoạn", "Đánh giá"],
            [1, "Tổng vốn đầu tư toàn xã hội", "tỷ đồng", "230.000", "50.000", "52.000", "240.000", "Vượt"],
        ])
        outcome = run_import(data, request(Layout.MIDTERM))
        assert outcome.succeeded, outcome.errors
        figure = Result.objects.get(target__resolution=imported(), target__number="1", period="term")
        assert figure.raw_text == "240.000" and figure.reported_status == "vuot"

    def test_a_targets_table_keeps_the_unit_inside_the_target_text(self, db: None) -> None:
        data = xlsx([
            ["PHỤ LỤC 2"], ["MỤC TIÊU NGHỊ QUYẾT ĐẠI HỘI"],
            ["STT", "Chỉ tiêu", "Mục tiêu 2025 - 2030"], [1, 2, 3],
            ["I", "KINH TẾ"],
            [1, "Quy mô GRDP", "600.000 tỷ đồng"],
            ["-", "GRDP bình quân đầu người/năm", "180 triệu đồng"],
            [2, "Tỷ lệ hộ nghèo", "<0,5 %"],
            [3, "Xếp hạng PCI", "Nhóm 10 tỉnh dẫn đầu"],
        ])
        outcome = run_import(data, request(Layout.TARGETS, ordinal=1, term=(2025, 2030)))
        assert outcome.succeeded, outcome.errors
        targets = list(imported().targets.order_by("order").values_list("target_text", "target_kind"))
        assert targets == [("600.000 tỷ đồng", "point"), ("180 triệu đồng", "point"), ("<0,5 %", "upper"),
                           ("Nhóm 10 tỉnh dẫn đầu", "qualitative")]
        assert not Result.objects.filter(target__resolution=imported()).exists()

    def test_an_annual_table_writes_the_years_results_to_an_annual_resolution(self, db: None) -> None:
        data = xlsx([
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2024", "Thực hiện năm 2024", "Đánh giá"],
            [1, 2, 3, 4, 5, 6],
            [1, "Thu ngân sách", "Tỷ đồng", "1.200", "1.350,5", "Vượt"],
            [2, "Tỷ lệ hộ nghèo", "%", "giảm còn 1,6", "1,5", "Đạt"],
        ])
        outcome = run_import(data, request(Layout.ANNUAL, year=2024))
        assert outcome.succeeded, outcome.errors
        resolution = Resolution.objects.get(congress__committee__name=NEW, kind="annual")
        assert resolution.year == 2024
        result = Result.objects.get(target__resolution=resolution, target__number="1")
        assert (result.period, result.year, result.raw_text, result.value) == ("year", 2024, "1.350,5", Decimal("1350.5"))

    def test_the_annual_year_is_taken_from_the_header_when_not_given(self, db: None) -> None:
        data = xlsx([["STT", "Chỉ tiêu", "ĐVT", "KH 2025", "TH 2025", "Đánh giá"], [1, "Thu ngân sách", "Tỷ đồng", "10", "11", "Vượt"]])
        assert run_import(data, request(Layout.ANNUAL)).succeeded
        assert Resolution.objects.get(congress__committee__name=NEW, kind="annual").year == 2025


# --------------------------------------------------------------------------- sheets


class TestSheets:
    def test_the_data_sheet_is_found_by_its_header_even_when_another_sheet_is_active(self, db: None) -> None:
        data = xlsx([["Ghi chú: số liệu ước đến 30/6"]], title="Ghi chú",
                    sheets={"Số liệu": TERM_HEADER + TERM_ROWS}, active=0)
        outcome = run_import(data, request())
        assert outcome.succeeded, outcome.errors
        assert outcome.sheet == "Số liệu"

    def test_two_sheets_matching_the_layout_are_refused_naming_both(self, db: None) -> None:
        before = counts()
        data = xlsx(TERM_HEADER + TERM_ROWS, title="1A", sheets={"1B": TERM_HEADER + TERM_ROWS})
        outcome = run_import(data, request())
        assert not outcome.succeeded
        assert "'1A'" in outcome.errors[0] and "'1B'" in outcome.errors[0]
        assert counts() == before

    def test_a_named_sheet_resolves_the_ambiguity(self, db: None) -> None:
        data = xlsx(TERM_HEADER + TERM_ROWS, title="1A", sheets={"1B": TERM_HEADER + TERM_ROWS[:2]})
        req = request()
        req.sheet = "1B"
        assert run_import(data, req).succeeded
        assert imported().targets.count() == 1


# --------------------------------------------------------------------------- bad files


class TestBadFiles:
    def refused(self, data: bytes, req: ImportRequest | None = None) -> list[str]:
        before = counts()
        outcome = run_import(data, req or request())
        assert not outcome.succeeded
        assert counts() == before
        log = ImportLog.objects.get(pk=outcome.log.pk)
        assert not log.succeeded and log.errors and log.refused_count == len(outcome.errors)
        return outcome.errors

    def test_a_wrong_header_is_refused_with_the_reason(self, db: None) -> None:
        errors = self.refused(xlsx([["Số", "Tên", "Giá trị"], [1, "Thu ngân sách", "10"]]))
        assert "không thấy dòng tiêu đề" in "\n".join(errors)

    def test_a_header_missing_the_result_column_is_refused(self, db: None) -> None:
        errors = self.refused(xlsx([["STT", "Chỉ tiêu", "Mục tiêu 2025 - 2030"], [1, "Thu ngân sách", "10"]]))
        assert "thiếu cột 'Kết quả thực hiện'" in "\n".join(errors)

    def test_text_where_a_number_must_be_names_the_sheet_row_and_column(self, db: None) -> None:
        rows = [list(r) for r in TERM_ROWS]
        rows[1][4] = "khoảng chín"
        errors = self.refused(term_file(rows))
        assert any(e.startswith("Trang 'Phụ lục', dòng 9, cột E (Kết quả thực hiện)") for e in errors), errors

    def test_every_bad_cell_is_listed_at_once(self, db: None) -> None:
        rows = [list(r) for r in TERM_ROWS]
        rows[1][4] = "khoảng chín"
        rows[4][4] = "nhiều"
        rows[7][5] = "Tốt lắm"
        errors = self.refused(term_file(rows))
        assert len(errors) == 3
        assert {e.split(":")[0] for e in errors} == {
            "Trang 'Phụ lục', dòng 9, cột E (Kết quả thực hiện)", "Trang 'Phụ lục', dòng 12, cột E (Kết quả thực hiện)",
            "Trang 'Phụ lục', dòng 15, cột F (Đánh giá mức độ hoàn thành)",
        }

    def test_one_bad_row_in_a_hundred_writes_nothing(self, db: None) -> None:
        rows = [[n, f"Chỉ tiêu {n}", "%", "10", str(n), "Đạt"] for n in range(1, 101)]
        rows[73][4] = "??"
        self.refused(xlsx(TERM_HEADER + rows))

    def test_a_date_made_by_excel_from_a_range_is_refused(self, db: None) -> None:
        import datetime as dt

        rows = [list(r) for r in TERM_ROWS]
        rows[1][3] = dt.datetime(2025, 8, 7)
        errors = self.refused(term_file(rows))
        assert "ngày tháng" in errors[0] and "cột D" in errors[0]

    def test_a_formula_without_a_stored_value_is_an_error_not_an_empty_figure(self, db: None) -> None:
        rows = [list(r) for r in TERM_ROWS]
        rows[1][4] = "=SUM(E10:E11)"
        errors = self.refused(term_file(rows))
        assert "công thức" in errors[0] and "dòng 9, cột E" in errors[0]

    def test_decimals_beyond_six_places_are_refused_not_rounded(self, db: None) -> None:
        rows = [list(r) for r in TERM_ROWS]
        rows[1][4] = 9.1234567  # a numeric cell with 7 decimals
        errors = self.refused(term_file(rows))
        assert "chữ số thập phân" in errors[0]

    def test_a_truncated_file_is_refused(self, db: None) -> None:
        data = term_file()
        errors = self.refused(data[: len(data) // 2])
        assert "Excel" in errors[0]

    @pytest.mark.parametrize("data", [b"%PDF-1.4 ...", "STT;Chỉ tiêu\n1;Thu\n".encode(), b"\xd0\xcf\x11\xe0 old xls"])
    def test_a_file_that_is_not_xlsx_gets_a_clear_message(self, db: None, data: bytes) -> None:
        errors = self.refused(data)
        assert "không phải tệp Excel .xlsx" in errors[0]

    def test_a_zip_that_is_not_a_workbook_is_refused(self, db: None) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("hello.txt", "xin chào")
        assert "Excel" in self.refused(buffer.getvalue())[0]

    def test_an_xml_bomb_is_refused(self, db: None) -> None:
        entities = '<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        source = zipfile.ZipFile(io.BytesIO(term_file()))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    text = data.decode()
                    start = text.index("<worksheet")
                    data = (text[:start] + entities + text[start:]).replace("KINH TẾ", "&lol2;").encode()
                z.writestr(item, data)
        assert "không an toàn" in self.refused(buffer.getvalue())[0]

    def test_a_file_over_the_size_limit_is_refused_before_parsing(self, db: None, settings: Any) -> None:
        settings.MAX_IMPORT_FILE_SIZE = 1000
        assert "quá lớn" in self.refused(term_file())[0]

    def test_a_sheet_over_the_row_limit_is_refused(self, db: None, settings: Any) -> None:
        settings.MAX_IMPORT_ROWS = 10
        assert "hơn 10 dòng" in self.refused(term_file())[0]

    def test_a_year_column_outside_the_term_is_refused(self, db: None) -> None:
        data = xlsx([["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu", "Năm 2019", "Năm 2021"], [1, "Thu", "%", "10", "9", "10"]])
        assert "ngoài nhiệm kỳ" in self.refused(data, request(Layout.MIDTERM))[0]

    def test_an_annual_header_for_another_year_is_refused(self, db: None) -> None:
        data = xlsx([["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2023", "Thực hiện năm 2023", "Đánh giá"],
                     [1, "Thu", "%", "10", "9", "Chưa đạt"]])
        assert "khác năm 2024" in self.refused(data, request(Layout.ANNUAL, year=2024))[0]

    def test_a_term_that_contradicts_the_existing_congress_is_refused(self, db: None) -> None:
        errors = self.refused(term_file(), request(name="Đảng bộ tỉnh Thái Bình", ordinal=20, term=(2021, 2026)))
        assert "nhiệm kỳ" in errors[0]


# --------------------------------------------------------------------------- round trips with the export


def _without_committee_line(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return rows[:2] + rows[3:]


class TestRoundTrip:
    @pytest.mark.parametrize(("key", "ordinal", "name"), [
        ("hung-yen-2020", 19, "Đảng bộ tỉnh Hưng Yên"), ("thai-binh-2020", 20, "Đảng bộ tỉnh Thái Bình"),
        ("khoai-chau", 25, "Đảng bộ huyện Khoái Châu"),  # target 13's forecast is made from a yearly figure
    ])
    def test_export_import_into_an_empty_place_and_export_again_gives_identical_cells(
        self, db: None, key: str, ordinal: int, name: str
    ) -> None:
        original = resolution_by(key, ordinal)
        first = export_bytes(original, Layout.TERM, "1A")
        term = (original.congress.term_start, original.congress.term_end)
        original.delete()
        outcome = run_import(first, request(name=name, ordinal=ordinal, term=term))
        assert outcome.succeeded, outcome.errors
        again = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
        assert again.congress.committee.key == key  # the committee with that name and that congress
        assert cells(export_bytes(again, Layout.TERM, "1A")) == cells(first)

    def test_the_targets_table_of_phu_luc_2_round_trips(self, db: None) -> None:
        original = resolution_by("hung-yen-2025", 1)
        # The table itself round-trips; its baseline column (the previous term's figures) is derived, and a
        # new committee has no previous term, so the original is exported without it here.
        TargetLink.objects.filter(target__resolution=original, kind=TargetLink.Kind.CONTINUES).delete()
        first = export_bytes(original, Layout.TARGETS, "2")
        outcome = run_import(first, request(Layout.TARGETS, name="Đảng bộ tỉnh Mới", ordinal=1, term=(2025, 2030)))
        assert outcome.succeeded, outcome.errors
        again = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
        assert _without_committee_line(cells(export_bytes(again, Layout.TARGETS, "2"))) == _without_committee_line(cells(first))

    def test_the_annual_table_round_trips(self, db: None) -> None:
        original = resolution_by("district-003", 12, 2024)
        first = export_bytes(original, Layout.ANNUAL)
        outcome = run_import(first, request(Layout.ANNUAL, name="Đảng bộ huyện Mới", ordinal=12, year=2024))
        assert outcome.succeeded, outcome.errors
        again = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
        assert _without_committee_line(cells(export_bytes(again, Layout.ANNUAL))) == _without_committee_line(cells(first))

    def test_the_midterm_table_round_trips(self, db: None) -> None:
        resolution = make_resolution(make_committee("Đảng bộ huyện Gốc"), ordinal=25)
        parent = make_target(resolution, "1.600", name="Kết nạp đảng viên", unit="đảng viên")
        child = make_target(resolution, "35-40", name="Trong đó nông thôn", number="", parent=parent)
        for year, text in ((2021, "320"), (2022, "74 (19,6)")):
            make_result(parent, text, period="year", year=year)
        make_result(child, "30,5", period="half", year=2023)
        make_result(parent, "1.500", period="term", figure="estimate")
        first = export_bytes(Resolution.objects.with_context().get(pk=resolution.pk), Layout.MIDTERM)
        outcome = run_import(first, request(Layout.MIDTERM, name="Đảng bộ huyện Mới", ordinal=25))
        assert outcome.succeeded, outcome.errors
        again = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
        assert _without_committee_line(cells(export_bytes(again, Layout.MIDTERM))) == _without_committee_line(cells(first))

    @pytest.mark.parametrize("layout", [Layout.TERM, Layout.MIDTERM, Layout.TARGETS])
    def test_importing_an_export_back_into_its_own_resolution_changes_nothing(
        self, hung_yen_xix: Resolution, layout: Layout
    ) -> None:
        results = {r.pk: (r.raw_text, r.figure, r.reported_status, r.reported_text, r.source_note, r.version)
                   for r in Result.objects.filter(target__resolution=hung_yen_xix)}
        targets = {t.pk: (t.indicator_id, t.term_basis, t.note, t.unit)
                   for t in Target.objects.filter(resolution=hung_yen_xix)}
        before = counts()
        outcome = run_import(export_bytes(hung_yen_xix, layout),
                             request(layout, name="Đảng bộ tỉnh Hưng Yên", ordinal=19))
        assert outcome.succeeded, outcome.errors
        assert outcome.summary.counts()["created"] == 0 and outcome.summary.counts()["updated"] == 0, outcome.log.summary
        assert counts() == before
        assert {r.pk: (r.raw_text, r.figure, r.reported_status, r.reported_text, r.source_note, r.version)
                for r in Result.objects.filter(target__resolution=hung_yen_xix)} == results
        assert {t.pk: (t.indicator_id, t.term_basis, t.note, t.unit)
                for t in Target.objects.filter(resolution=hung_yen_xix)} == targets


# --------------------------------------------------------------------------- formulas, links, long cells, row cap


def with_stored_values(data: bytes, values: dict[str, str]) -> bytes:
    """``data`` with a value stored for formula cells, as Excel leaves it ({"E9": "123"}); openpyxl writes none."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = part.decode()
                for ref, value in values.items():
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>\s*)(<v\s*/>|<v></v>)',
                                      rf"\g<1><v>{value}</v>", text)
                    assert n == 1, ref
                part = text.encode()
            target.writestr(item, part)
    return buffer.getvalue()


def with_link_to(data: bytes, file_name: str) -> bytes:
    """``data`` with Excel's parts for a link to another workbook (external link number 1)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            f'Target="file:///C:/So%20lieu/{file_name}" TargetMode="External"/></Relationships>')
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
        target.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", rels)
    return buffer.getvalue()


class TestUnsafeContent:
    def test_a_formula_is_taken_at_its_stored_value_with_a_warning_naming_the_cell_and_the_formula(
        self, db: None
    ) -> None:
        rows = [list(r) for r in TERM_ROWS]
        rows[1][4] = "=SUM(E10:E11)"  # row 9 (GRDP), column E
        outcome = run_import(with_stored_values(term_file(rows), {"E9": "9.9"}), request(), dry_run=True)
        assert outcome.succeeded, outcome.errors
        warning = "Trang 'Phụ lục', dòng 9, cột E (Kết quả thực hiện): ô E9 là công thức =SUM(E10:E11), lấy giá trị đã lưu 9,9."
        assert warning in outcome.warnings
        assert warning in outcome.log.summary  # the preview shows the summary

    def test_the_preview_page_shows_the_formula_warning(self, db: None) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        from tests.conftest import login

        rows = [list(r) for r in TERM_ROWS]
        rows[4][4] = "=40000+4923"  # row 12, Tổng vốn đầu tư
        data = with_stored_values(term_file(rows), {"E12": "44923"})
        form = {"file": SimpleUploadedFile("1B.xlsx", data), "layout": "term", "congress": 40, "term": "2020-2025",
                "committee": Committee.objects.get(key="khoai-chau").pk, "preview": "1"}
        response = login("canbo.khoaichau").post(reverse("admin:reports_importlog_import"), form)
        assert response.context["outcome"].succeeded
        assert "ô E12 là công thức =40000+4923, lấy giá trị đã lưu 44.923." in response.content.decode()

    def test_a_formula_reading_another_workbook_is_refused_cell_by_cell(self, db: None) -> None:
        rows = [list(r) for r in TERM_ROWS]
        rows[1][4] = "=[1]Sheet1!C5"
        rows[7][4] = "='[1]Số liệu'!C9"
        data = with_link_to(with_stored_values(term_file(rows), {"E9": "9.9", "E15": "0.35"}), "Book2.xlsx")
        errors = self.refused(data)
        assert errors == [
            "Trang 'Phụ lục', dòng 9, cột E (Kết quả thực hiện): ô E9 là công thức lấy số liệu từ tệp khác "
            "(=[1]Sheet1!C5, tệp 'Book2.xlsx'); không nhận liên kết tới tệp khác, hãy nhập số trực tiếp.",
            "Trang 'Phụ lục', dòng 15, cột E (Kết quả thực hiện): ô E15 là công thức lấy số liệu từ tệp khác "
            "(='[1]Số liệu'!C9, tệp 'Book2.xlsx'); không nhận liên kết tới tệp khác, hãy nhập số trực tiếp.",
        ]

    def test_a_cell_longer_than_the_limit_refuses_the_file(self, db: None, settings: Any) -> None:
        settings.MAX_IMPORT_CELL_TEXT = 3000
        rows = [list(r) for r in TERM_ROWS]
        rows[2][1] = "Nông nghiệp " * 300  # 3.600 characters, row 10 column B
        errors = self.refused(term_file(rows))
        assert errors == ["Trang 'Phụ lục', ô B10: nội dung dài 3.600 ký tự, vượt giới hạn 3.000 ký tự một ô; "
                          "tệp bị từ chối."]

    def test_reading_stops_at_the_row_cap_instead_of_reading_the_whole_sheet(
        self, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet

        settings.MAX_IMPORT_ROWS = 50
        rows = TERM_HEADER + [[n, f"Chỉ tiêu {n}", "%", "10", "9", "Chưa đạt"] for n in range(1, 3000)]
        yielded: list[int] = []
        real = ReadOnlyWorksheet.iter_rows

        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            yielded.append(0)
            for row in real(self, *args, **kwargs):
                yielded[-1] += 1
                yield row

        monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counting)
        errors = self.refused(xlsx(rows))
        assert "hơn 50 dòng" in errors[0]
        assert max(yielded) <= 51  # of the 3.006 rows on the sheet

    refused = TestBadFiles.refused
# --------------------------------------------------------------------------- every seed, every layout


def _seed_tables() -> list[tuple[str, int, int | None, Layout]]:
    """(committee key, congress, year, layout) for every seed resolution and each layout it has."""
    congress = [("hung-yen-2020", 19), ("thai-binh-2020", 20), ("hung-yen-2025", 1), ("khoai-chau", 25),
                ("khoai-chau", 26)]
    annual = [("district-003", 12, 2024), ("vinh-bao", 26, 2025)]
    return ([(key, n, None, layout) for key, n in congress for layout in (Layout.TERM, Layout.MIDTERM, Layout.TARGETS)]
            + [(key, n, year, Layout.ANNUAL) for key, n, year in annual])


SEED_TABLES = _seed_tables()
SEED_IDS = [f"{key}-{n}-{layout}" for key, n, _year, layout in SEED_TABLES]


def every_cell(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Each sheet's cells: value and number format (what a reader sees), row by row."""
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [tuple((c.value, c.number_format) for c in row) for row in ws.iter_rows()]
            for ws in wb.worksheets}


def empty_database() -> None:
    """Nothing left of the seeds: no committee, resolution or catalogue indicator (rolled back after the test)."""
    from indicators.models import Indicator
    from resolutions.models import Membership, Submission

    Result.objects.all().delete()
    Target.objects.all().delete()
    Submission.objects.all().delete()
    Resolution.objects.all().delete()
    Congress.objects.all().delete()
    Membership.objects.all().delete()
    ImportLog.objects.all().delete()
    Committee.objects.update(parent=None, successor=None)
    Committee.objects.all().delete()
    Indicator.objects.all().delete()


def history_count() -> int:
    return Target.history.count() + Result.history.count()


def import_back(data: bytes, resolution: Resolution, layout: Layout, **kwargs: Any) -> Any:
    congress = resolution.congress
    return run_import(data, request(layout, name=congress.committee.name, ordinal=congress.ordinal,
                                    term=(congress.term_start, congress.term_end), year=resolution.year), **kwargs)


class TestLosslessRoundTrip:
    @pytest.mark.parametrize(("key", "ordinal", "year", "layout"), SEED_TABLES, ids=SEED_IDS)
    def test_export_import_into_an_empty_database_and_export_again_gives_identical_cells(
        self, db: None, key: str, ordinal: int, year: int | None, layout: Layout
    ) -> None:
        original = resolution_by(key, ordinal, year)
        # A new term's "Năm gốc" column is derived from the previous term, which an empty database lacks.
        TargetLink.objects.filter(target__resolution=original, kind=TargetLink.Kind.CONTINUES).delete()
        first = export_bytes(original, layout, "1A")
        congress = original.congress
        empty_database()
        outcome = import_back(first, original, layout)
        assert outcome.succeeded, outcome.errors
        again = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
        assert again.congress.committee.name == congress.committee.name
        assert every_cell(export_bytes(again, layout, "1A")) == every_cell(first)

    def test_overrides_settings_and_notes_survive_the_trip(self, hung_yen_xix: Resolution) -> None:
        from decimal import Decimal

        from django.contrib.auth.models import User

        from indicators.statuses import Status
        from resolutions.services import set_override

        result = Target.objects.get(resolution=hung_yen_xix, number="4").results.get()
        set_override(result, Status.NOT_ACHIEVED, "Số liệu nhầm đơn vị.", User.objects.get(username="quantri"))
        Resolution.objects.filter(pk=hung_yen_xix.pk).update(exceed_margin=Decimal("0.5"), basic_band=Decimal("5"))
        original = Resolution.objects.with_context().get(pk=hung_yen_xix.pk)
        first = export_bytes(original, Layout.TERM)
        empty_database()
        outcome = import_back(first, original, Layout.TERM)
        assert outcome.succeeded, outcome.errors
        again = Resolution.objects.with_context().get(pk=outcome.summary.resolution_id)
        assert (again.exceed_margin, again.basic_band) == (Decimal("0.5"), Decimal("5"))
        copied = Target.objects.get(resolution=again, number="4").results.get()
        assert (copied.override_status, copied.override_reason) == ("chua_dat", "Số liệu nhầm đơn vị.")
        assert (copied.figure, copied.reported_text, copied.source_note) == (
            "estimate", result.reported_text, result.source_note)
        assert every_cell(export_bytes(again, Layout.TERM)) == every_cell(first)

    def test_the_direction_comes_back_with_the_catalogue_entry(self, hung_yen_xix: Resolution) -> None:
        first = export_bytes(hung_yen_xix, Layout.TERM)
        empty_database()
        outcome = import_back(first, hung_yen_xix, Layout.TERM)
        target = Target.objects.get(resolution_id=outcome.summary.resolution_id, name="Nông, lâm nghiệp và thủy sản",
                                    parent__name="Cơ cấu kinh tế")
        assert (target.indicator.key, target.direction) == ("economic-structure-agriculture", "lower")


class TestUnchangedExport:
    @pytest.mark.parametrize(("key", "ordinal", "year", "layout"), SEED_TABLES, ids=SEED_IDS)
    def test_importing_an_unchanged_export_changes_nothing_and_the_preview_says_so(
        self, db: None, key: str, ordinal: int, year: int | None, layout: Layout
    ) -> None:
        resolution = resolution_by(key, ordinal, year)
        data = export_bytes(resolution, layout)
        before, history = counts(), history_count()
        preview = import_back(data, resolution, layout, dry_run=True)
        assert preview.succeeded, preview.errors
        assert "nhập tệp này không thay đổi gì" in preview.log.summary
        outcome = import_back(data, resolution, layout)
        assert outcome.summary.changes_nothing, outcome.log.summary
        assert (counts(), history_count()) == (before, history)

    def test_an_export_with_two_figures_changed_updates_two_figures(self, hung_yen_xix: Resolution) -> None:
        wb = load_workbook(io.BytesIO(export_bytes(hung_yen_xix, Layout.TERM)))
        ws = wb.active
        rows = {ws.cell(row=r, column=2).value: r for r in range(1, ws.max_row + 1)}
        ws.cell(row=rows["Tỷ lệ đô thị hóa"], column=5).value = 49.5  # as typed over the figure in Excel
        ws.cell(row=rows["Tỷ lệ hộ nghèo"], column=5).value = 0.4
        buffer = io.BytesIO()
        wb.save(buffer)
        before = counts()
        outcome = import_back(buffer.getvalue(), hung_yen_xix, Layout.TERM)
        assert outcome.succeeded, outcome.errors
        assert (outcome.summary.counts()["created"], outcome.summary.counts()["updated"]) == (0, 2)
        assert "tạo mới 0, cập nhật 2" in outcome.log.summary and counts() == before
        changed = Result.objects.get(target__resolution=hung_yen_xix, target__name="Tỷ lệ đô thị hóa")
        assert (changed.raw_text, changed.figure, changed.version) == ("49,5", "estimate", 2)
        assert changed.reported_text == "Vượt"  # the document's verdict stays with its figure


# --------------------------------------------------------------------------- estimates in typed tables


def _plain_term(figure: str, header: str = "Kết quả thực hiện") -> bytes:
    return xlsx([["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", header, "Đánh giá"],
                 [1, "Tỷ lệ đô thị hóa", "%", "47", figure, ""]])


class TestEstimates:
    def test_a_figure_typed_with_the_mark_is_an_estimate_stored_without_it(self, db: None) -> None:
        assert run_import(_plain_term("48,2 (ước)"), request()).succeeded
        result = Result.objects.get(target__resolution=imported())
        assert (result.raw_text, result.figure, result.value) == ("48,2", "estimate", Decimal("48.2"))

    def test_a_figure_in_an_estimate_column_is_an_estimate(self, db: None) -> None:
        assert run_import(_plain_term("48,2", header="Ước thực hiện"), request()).succeeded
        assert Result.objects.get(target__resolution=imported()).figure == "estimate"

    def test_an_unmarked_figure_in_a_table_without_marks_updates_the_estimate_and_the_preview_says_so(
        self, db: None
    ) -> None:
        run_import(_plain_term("48,2 (ước)"), request())
        outcome = run_import(_plain_term("48,9"), request())
        assert outcome.summary.counts()["updated"] == 1 and outcome.summary.counts()["created"] == 0
        (result,) = Result.objects.filter(target__resolution=imported())
        assert (result.raw_text, result.figure) == ("48,9", "estimate")
        assert "vẫn là số ước" in outcome.log.summary

    def test_an_unmarked_figure_in_a_table_that_marks_estimates_is_official_and_decides_the_verdict(
        self, db: None
    ) -> None:
        run_import(_plain_term("48,2 (ước)"), request())
        data = xlsx([["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả thực hiện", "Đánh giá"],
                     [1, "Tỷ lệ đô thị hóa", "%", "47", "46,5", ""],
                     [2, "Tỷ lệ hộ nghèo", "%", "< 1", "0,8 (ước)", ""]])
        outcome = run_import(data, request())
        assert outcome.succeeded and outcome.summary.counts()["updated"] == 0
        results = {r.figure: r.raw_text for r in Result.objects.filter(target__resolution=imported(), target__number="1")}
        assert results == {"estimate": "48,2", "official": "46,5"}
        from resolutions.verdicts import rows_for

        row = next(r for r in rows_for(imported(), "term", None) if r.target.number == "1")
        assert (row.result.figure, row.status.label) == ("official", "Chưa đạt")

    def test_a_result_column_headed_official_makes_its_unmarked_figures_official(self, db: None) -> None:
        run_import(_plain_term("48,2 (ước)"), request())
        assert run_import(_plain_term("48,9", header="Kết quả thực hiện (chính thức)"), request()).succeeded
        assert {r.figure for r in Result.objects.filter(target__resolution=imported())} == {"estimate", "official"}

    def test_a_number_cell_formatted_with_one_decimal_is_read_as_shown(self, db: None) -> None:
        wb = Workbook()
        ws = wb.active
        ws.append(["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả thực hiện", "Đánh giá"])
        ws.append([1, "Tỷ lệ bao phủ bảo hiểm y tế", "%", "95", 95, ""])
        ws["E2"].number_format = '0.0" (ước)"'
        buffer = io.BytesIO()
        wb.save(buffer)
        assert run_import(buffer.getvalue(), request()).succeeded
        result = Result.objects.get(target__resolution=imported())
        assert (result.raw_text, result.figure) == ("95,0", "estimate")


# --------------------------------------------------------------------------- what the hidden sheet adds


class TestHiddenSheet:
    def test_a_computed_term_figure_is_not_stored_as_a_figure(self, khoai_chau_xxv: Resolution) -> None:
        target = Target.objects.get(resolution=khoai_chau_xxv, name="Tỷ lệ tăng dân số tự nhiên")
        outcome = import_back(export_bytes(khoai_chau_xxv, Layout.TERM), khoai_chau_xxv, Layout.TERM)
        assert outcome.summary.changes_nothing
        assert not target.results.filter(period="term").exists()

    def test_a_figure_typed_over_a_computed_one_is_the_term_figure(self, khoai_chau_xxv: Resolution) -> None:
        wb = load_workbook(io.BytesIO(export_bytes(khoai_chau_xxv, Layout.TERM)))
        ws = wb.active
        r = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Tỷ lệ tăng dân số tự nhiên")
        ws.cell(row=r, column=5).value = "0,7"
        buffer = io.BytesIO()
        wb.save(buffer)
        outcome = import_back(buffer.getvalue(), khoai_chau_xxv, Layout.TERM)
        assert outcome.summary.counts() == {**outcome.summary.counts(), "created": 1, "updated": 0}
        result = Result.objects.get(target__resolution=khoai_chau_xxv, target__name="Tỷ lệ tăng dân số tự nhiên",
                                    period="term")
        assert (result.raw_text, result.figure) == ("0,7", "official")

    def test_a_verdict_a_person_typed_over_the_export_becomes_the_documents_verdict(
        self, hung_yen_xix: Resolution
    ) -> None:
        wb = load_workbook(io.BytesIO(export_bytes(hung_yen_xix, Layout.TERM)))
        ws = wb.active
        r = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Tỷ lệ đô thị hóa")
        ws.cell(row=r, column=6).value = "Đạt"
        buffer = io.BytesIO()
        wb.save(buffer)
        outcome = import_back(buffer.getvalue(), hung_yen_xix, Layout.TERM)
        assert outcome.summary.counts()["updated"] == 1
        result = Result.objects.get(target__resolution=hung_yen_xix, target__name="Tỷ lệ đô thị hóa")
        assert (result.reported_status, result.override_status) == ("dat", "")

    def test_a_row_inserted_by_a_person_is_new_and_the_rows_below_keep_their_data(
        self, hung_yen_xix: Resolution
    ) -> None:
        wb = load_workbook(io.BytesIO(export_bytes(hung_yen_xix, Layout.TERM)))
        ws = wb.active
        r = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Tỷ lệ đô thị hóa")
        ws.insert_rows(r)
        for c, value in enumerate(["7a", "Tỷ lệ dân số đô thị", "%", "50", "51", ""], start=1):
            ws.cell(row=r, column=c).value = value
        buffer = io.BytesIO()
        wb.save(buffer)
        empty_database()
        outcome = import_back(buffer.getvalue(), hung_yen_xix, Layout.TERM)
        assert outcome.succeeded, outcome.errors
        moved = Result.objects.get(target__resolution_id=outcome.summary.resolution_id,
                                   target__name="Tỷ lệ đô thị hóa")
        assert (moved.figure, moved.reported_text) == ("estimate", "Vượt")
        new = Result.objects.get(target__resolution_id=outcome.summary.resolution_id, target__name="Tỷ lệ dân số đô thị")
        assert (new.figure, new.reported_text) == ("official", "")

    def test_an_importer_without_the_override_permission_leaves_overrides_out_and_is_told(
        self, hung_yen_xix: Resolution
    ) -> None:
        from django.contrib.auth.models import User

        from indicators.statuses import Status
        from resolutions.services import set_override

        result = Target.objects.get(resolution=hung_yen_xix, number="4").results.get()
        set_override(result, Status.NOT_ACHIEVED, "Số liệu nhầm đơn vị.", User.objects.get(username="quantri"))
        data = export_bytes(Resolution.objects.with_context().get(pk=hung_yen_xix.pk), Layout.TERM)
        official = User.objects.get(username="canbo.hungyencu")
        assert not official.has_perm("resolutions.override_result")
        outcome = run_import(data, request(name="Đảng bộ tỉnh Mới Lập", ordinal=19), user=official)
        assert outcome.succeeded, outcome.errors
        copied = Result.objects.get(target__resolution_id=outcome.summary.resolution_id, target__number="4")
        assert copied.override_status == ""
        assert "cần quyền điều chỉnh đánh giá" in outcome.log.summary
