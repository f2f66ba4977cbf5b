"""Phụ lục 3 (quality ratings): the exported table, reading it back, bad cells, the command line."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from indicators.ratings import Counts, Subject
from reports.excel.ratings import export_ratings_bytes, import_ratings, read_ratings
from reports.models import ImportLog
from resolutions.models import Committee, RatingCount
from resolutions.ratings import ratings_table
from tests.factories import make_committee

pytestmark = pytest.mark.django_db


def vinh_bao() -> Committee:
    return Committee.objects.get(key="vinh-bao")


def cells(data: bytes) -> list[list[Any]]:
    return [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def typed_table(rows: list[list[Any]]) -> bytes:
    """A Phụ lục 3 typed by a person: two header rows, then the given rows."""
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Đảng bộ", "Tổng số", "Số được đánh giá, xếp loại", "Hoàn thành xuất sắc nhiệm vụ", None,
               "Hoàn thành tốt nhiệm vụ", None, "Hoàn thành nhiệm vụ", None, "Không hoàn thành nhiệm vụ", None])
    ws.append([None, None, None, None] + ["Số lượng", "Tỷ lệ (%)"] * 4)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_export_computes_the_rates_from_seed_001s_counts_and_notes_what_does_not_add_up() -> None:
    rows = cells(export_ratings_bytes(ratings_table(vinh_bao(), 2024)))
    assert rows[0][0] == "PHỤ LỤC 3" and rows[1][0] == "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2024"
    by_name = {}
    for row in rows:
        if row[1] and str(row[1]).startswith("Đảng bộ huyện Vĩnh Bảo"):
            by_name.setdefault(row[1], []).append(row)
    party_orgs, collectives, officials = by_name["Đảng bộ huyện Vĩnh Bảo (toàn đảng bộ)"]
    assert party_orgs[2:8] == [49, 49, 10, 20.4, 39, 79.6]
    assert officials[8:10] == [2, 0.46]
    assert collectives[5] == 19.6 and collectives[7] == 77.1
    assert "148" in collectives[12] and "153" in collectives[12]


def test_the_city_table_has_a_row_per_district_and_the_total_from_summed_counts() -> None:
    rows = cells(export_ratings_bytes(ratings_table(Committee.objects.get(key="hai-phong"), 2024)))
    names = [r[1] for r in rows if r[1]]
    assert names.count("Đảng bộ huyện Vĩnh Bảo") == 3 and names.count("Cộng") == 3


def test_an_exported_table_reads_back_to_the_same_counts() -> None:
    data = export_ratings_bytes(ratings_table(vinh_bao(), 2024))
    read = read_ratings(data, vinh_bao(), 2024, "pl3.xlsx")
    assert read.errors == [] and read.warnings == []
    assert {e.subject: e.counts for e in read.entries[vinh_bao()]} == {
        Subject.PARTY_ORGS: Counts(49, 49, 10, 39, 0, 0), Subject.COLLECTIVES: Counts(153, 153, 30, 118, 0, 0),
        Subject.OFFICIALS: Counts(436, 436, 86, 348, 2, 0)}
    outcome = import_ratings(data, vinh_bao(), 2024, file_name="pl3.xlsx")
    assert outcome.succeeded and outcome.summary is not None and len(outcome.summary.unchanged) == 3
    # The notes are kept: a table carries counts only.
    assert RatingCount.objects.get(committee=vinh_bao(), year=2024, subject="collectives").source_note.startswith("seed 001")


def test_a_typed_table_of_communes_is_read_typed_rates_and_totals_are_only_checked() -> None:
    make_committee("Đảng bộ xã An Hòa", level="commune", parent=vinh_bao())
    make_committee("Đảng bộ xã Cộng Hiền", level="commune", parent=vinh_bao())
    data = typed_table([
        ["I", "Tổ chức cơ sở đảng"],
        [1, "Đảng bộ xã An Hòa", 20, 20, 5, 25, 15, 75, 0, 0, 0, 0],
        [2, "Đảng bộ xã Cộng Hiền", 28, 28, 6, "30,0", 22, 78.6, 0, 0, 0, 0],
        [None, "Cộng", 48, 48, 11, 22.9, 36, 75, 0, 0, 0, 0],
    ])
    read = read_ratings(data, vinh_bao(), 2025, "typed.xlsx")
    assert read.errors == []
    assert read.warnings == [
        "Trang 'Sheet', dòng 5: tỷ lệ HTXSNV ghi 30% khác tỷ lệ tính từ số lượng 21,4% (tỷ lệ luôn được tính lại "
        "từ số lượng).",
        "Trang 'Sheet', dòng 6: dòng cộng khác tổng các dòng (HTTNV); tổng luôn được tính lại từ số lượng của từng "
        "đảng bộ.",
    ]
    assert sorted(c.name for c in read.entries) == ["Đảng bộ xã An Hòa", "Đảng bộ xã Cộng Hiền"]


def test_every_bad_cell_is_named_and_nothing_is_written() -> None:
    data = typed_table([
        ["I", "Tổ chức cơ sở đảng"],
        [1, "Đảng bộ xã Không Có", 20, 20, 5, None, 15, None, 0, None, 0, None],
        [2, "Đảng bộ huyện Vĩnh Bảo (toàn đảng bộ)", 49, 49, "mười", None, 39.5, None, -1, None, 0, None],
        ["II", "Hội đồng"],
    ])
    before = RatingCount.objects.count()
    outcome = import_ratings(data, vinh_bao(), 2025, file_name="bad.xlsx")
    assert outcome.errors == [
        "Trang 'Sheet', dòng 4, cột B: 'Đảng bộ xã Không Có' không phải Đảng bộ huyện Vĩnh Bảo hay một đảng bộ "
        "trực thuộc.",
        "Trang 'Sheet', dòng 5, cột E (HTXSNV): 'mười' không phải số lượng (số nguyên).",
        "Trang 'Sheet', dòng 5, cột G (HTTNV): '39.5' không phải số lượng (số nguyên không âm).",
        "Trang 'Sheet', dòng 5, cột I (HTNV): '-1' không phải số lượng (số nguyên không âm).",
        "Trang 'Sheet', dòng 6, cột B: không rõ nhóm 'Hội đồng' (Tổ chức cơ sở đảng, Tập thể lãnh đạo, quản lý, "
        "Cá nhân cán bộ lãnh đạo, quản lý, Đảng viên).",
    ]
    assert RatingCount.objects.count() == before
    log = ImportLog.objects.latest("pk")
    assert (log.layout, log.succeeded, log.refused_count) == ("ratings", False, 5)


def test_an_official_may_not_import_the_ratings_of_a_committee_they_do_not_rate() -> None:
    data = export_ratings_bytes(ratings_table(vinh_bao(), 2024))
    outcome = import_ratings(data, vinh_bao(), 2024, user=User.objects.get(username="canbo.khoaichau"))
    assert outcome.errors == ["Bạn không có quyền nhập số liệu xếp loại của Đảng bộ huyện Vĩnh Bảo."]
    city = import_ratings(data, vinh_bao(), 2024, user=User.objects.get(username="canbo.haiphong"))
    assert city.succeeded  # the city rates its districts


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_commands_export_and_import_phu_luc_3(tmp_path: Path) -> None:
    output = tmp_path / "pl3.xlsx"
    run("export_appendix", "--layout", "ratings", "--committee", "Đảng bộ huyện Vĩnh Bảo", "--congress", "26",
        "--year", "2024", "--output", str(output))
    assert load_workbook(output).active["A1"].value == "PHỤ LỤC 3"
    text = run("import_appendix", str(output), "--user", "canbo.vinhbao", "--layout", "ratings", "--committee",
               "Đảng bộ huyện Vĩnh Bảo", "--congress", "26", "--year", "2024", "--dry-run")
    assert "không đổi 3" in text
    with pytest.raises(CommandError, match="--year"):
        run("export_appendix", "--layout", "ratings", "--committee", "Đảng bộ huyện Vĩnh Bảo", "--congress", "26",
            "--output", str(output))
