"""The command line: import_appendix, export_appendix and a small bench_appendix smoke run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.models import ImportLog
from resolutions.models import Committee, Resolution, Target
from tests.reports.test_excel_import import NEW, counts, term_file, xlsx


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_appendix_writes_the_thai_binh_table(db: None, tmp_path: Path) -> None:
    output = tmp_path / "1B.xlsx"
    run("export_appendix", "--layout", "term", "--committee", "Đảng bộ tỉnh Thái Bình", "--congress", "20",
        "--output", str(output), "--appendix", "1B")
    ws = load_workbook(output).active
    assert ws["A1"].value == "PHỤ LỤC 1B"
    assert "THÁI BÌNH LẦN THỨ XX" in ws["A3"].value


@pytest.mark.parametrize(("congress", "expected"), [("19", "XIX, NHIỆM KỲ 2020 - 2025"), ("1", "LẦN THỨ I, NHIỆM KỲ 2025 - 2030")])
def test_the_committee_name_and_congress_pick_the_right_hung_yen(
    db: None, tmp_path: Path, congress: str, expected: str
) -> None:
    output = tmp_path / "out.xlsx"
    layout = "term" if congress == "19" else "targets"
    run("export_appendix", "--layout", layout, "--committee", "Đảng bộ tỉnh Hưng Yên", "--congress", congress,
        "--output", str(output))
    assert load_workbook(output).active["A3"].value.endswith(expected)


def test_export_appendix_annual_needs_the_year(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--year"):
        run("export_appendix", "--layout", "annual", "--committee", "Đảng bộ huyện Vĩnh Bảo", "--congress", "26",
            "--output", str(tmp_path / "x.xlsx"))
    run("export_appendix", "--layout", "annual", "--committee", "Đảng bộ huyện Vĩnh Bảo", "--congress", "26",
        "--year", "2025", "--output", str(tmp_path / "x.xlsx"))
    assert (tmp_path / "x.xlsx").stat().st_size > 0


def test_export_appendix_of_an_unknown_committee_fails(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không có đảng bộ"):
        run("export_appendix", "--layout", "term", "--committee", "Đảng bộ tỉnh Không Có", "--congress", "1",
            "--output", str(tmp_path / "x.xlsx"))


def test_import_appendix_creates_committee_congress_and_resolution(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    out = run("import_appendix", "--user", "quantri", str(path), "--layout", "term", "--committee", NEW, "--congress", "1",
              "--term", "2020-2025")
    assert "tạo mới" in out
    resolution = Resolution.objects.get(congress__committee__name=NEW)
    assert resolution.targets.count() == 6
    log = ImportLog.objects.latest("pk")
    assert (log.user.username, log.file_name, log.succeeded) == ("quantri", "1B.xlsx", True)


def test_a_district_name_creates_a_district_committee(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    run("import_appendix", "--user", "quantri", str(path), "--layout", "term", "--committee", "Đảng bộ huyện Thử", "--congress", "25",
        "--term", "2020-2025")
    assert Committee.objects.get(name="Đảng bộ huyện Thử").level == Committee.Level.DISTRICT


def test_import_appendix_into_an_existing_committee_uses_it(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    committees = Committee.objects.count()
    run("import_appendix", "--user", "quantri", str(path), "--layout", "term", "--committee", "Đảng bộ tỉnh Hưng Yên", "--congress", "2",
        "--term", "2030-2035")
    assert Committee.objects.count() == committees
    # Two committees share the name; the active one (after the merger) gets the new congress.
    assert Resolution.objects.get(congress__ordinal=2).congress.committee.key == "hung-yen-2025"


def test_a_dry_run_writes_nothing(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    before = counts()
    out = run("import_appendix", "--user", "quantri", str(path), "--layout", "term", "--committee", NEW, "--congress", "1",
              "--term", "2020-2025", "--dry-run")
    assert "Chạy thử" in out
    assert counts() == before
    assert ImportLog.objects.latest("pk").dry_run


def test_a_bad_file_exits_non_zero_and_changes_nothing(db: None, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    rows = [["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu", "Kết quả thực hiện", "Đánh giá"], [1, "Thu", "%", "10", "mười", "Đạt"]]
    path.write_bytes(xlsx(rows))
    before = counts()
    with pytest.raises(CommandError, match="dòng 2, cột E"):
        run("import_appendix", "--user", "quantri", str(path), "--layout", "term", "--committee", NEW, "--congress", "1",
            "--term", "2020-2025")
    assert counts() == before
    log = ImportLog.objects.latest("pk")
    assert not log.succeeded and "mười" in log.errors


def test_a_missing_file_or_a_bad_term_exits_non_zero(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy"):
        run("import_appendix", "--user", "quantri", str(tmp_path / "none.xlsx"), "--layout", "term", "--committee", NEW,
            "--congress", "1", "--term", "2020-2025")
    (tmp_path / "a.xlsx").write_bytes(term_file())
    with pytest.raises(CommandError, match="Nhiệm kỳ"):
        run("import_appendix", "--user", "quantri", str(tmp_path / "a.xlsx"), "--layout", "term", "--committee", NEW,
            "--congress", "1", "--term", "2020")


def test_export_then_import_by_command_round_trips(db: None, tmp_path: Path) -> None:
    output = tmp_path / "1A.xlsx"
    run("export_appendix", "--layout", "term", "--committee", "Đảng bộ tỉnh Hưng Yên", "--congress", "19",
        "--output", str(output))
    before = counts()
    out = run("import_appendix", "--user", "quantri", str(output), "--layout", "term", "--committee", "Đảng bộ tỉnh Hưng Yên",
              "--congress", "19", "--term", "2020-2025")
    assert "tạo mới 0, cập nhật 0" in out
    assert counts() == before


def test_bench_appendix_smoke_run_prints_times_and_leaves_the_database_as_it_was(db: None) -> None:
    before = counts()
    logs = ImportLog.objects.count()
    out = run("bench_appendix", "--rows", "12", "--repeat", "1", "--export-repeat", "1")
    assert "Xuất Excel" in out and "Nhập Excel" in out and "Nhập bảng gõ tay" in out
    # Which database, the floor, the export and their ratio (issue 11).
    assert out.startswith("Cơ sở dữ liệu: ")
    assert "Sàn: openpyxl write-only" in out and "Xuất Excel so với sàn: " in out and "yêu cầu ≤ 3 lần" in out
    assert counts() == before and ImportLog.objects.count() == logs
    assert not Target.objects.filter(name__startswith="Chỉ tiêu sinh tự động").exists()


# --------------------------------------------------------------------------- who imports (--user)


def import_args(path: Path, committee: str = "Đảng bộ tỉnh Thái Bình", congress: str = "20") -> list[str]:
    return [str(path), "--layout", "term", "--committee", committee, "--congress", congress, "--term", "2020-2025"]


def test_import_appendix_requires_the_user_option(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    with pytest.raises(CommandError, match="--user"):
        run("import_appendix", *import_args(path))


def test_an_unknown_or_inactive_user_is_refused_and_nothing_is_written(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    before, logs = counts(), ImportLog.objects.count()
    with pytest.raises(CommandError, match="Không có tài khoản đang hoạt động tên 'khong.co'"):
        run("import_appendix", "--user", "khong.co", *import_args(path))
    with pytest.raises(CommandError, match="Không có tài khoản đang hoạt động tên 'he-thong'"):
        run("import_appendix", "--user", "he-thong", *import_args(path))  # the system account cannot import
    assert counts() == before and ImportLog.objects.count() == logs


def test_an_official_cannot_import_for_another_committee(db: None, tmp_path: Path) -> None:
    path = tmp_path / "1B.xlsx"
    path.write_bytes(term_file())
    before = counts()
    with pytest.raises(CommandError, match="'canbo.vinhbao' không có quyền nhập số liệu cho Đảng bộ tỉnh Thái Bình"):
        run("import_appendix", "--user", "canbo.vinhbao", *import_args(path))
    with pytest.raises(CommandError, match="chỉ quản trị mới tạo được đảng bộ mới"):
        run("import_appendix", "--user", "canbo.vinhbao", *import_args(path, committee=NEW, congress="1"))
    with pytest.raises(CommandError, match="không có quyền nhập phụ lục"):
        run("import_appendix", "--user", "lanhdao.hungyen", *import_args(path))  # leaders read, they do not import
    assert counts() == before


def test_the_committees_official_imports_and_is_recorded_in_the_log_and_the_history(db: None, tmp_path: Path) -> None:
    output = tmp_path / "1B.xlsx"
    run("export_appendix", "--layout", "term", "--committee", "Đảng bộ tỉnh Thái Bình", "--congress", "20",
        "--output", str(output), "--appendix", "1B")
    workbook = load_workbook(output)
    row = next(r for r in workbook.active.iter_rows() if str(r[1].value or "").startswith("Tốc độ tăng kim ngạch"))
    assert row[4].value == 14.8  # Kết quả thực hiện
    row[4].value = 15.2  # a corrected term figure
    workbook.save(output)
    out = run("import_appendix", "--user", "canbo.thaibinh", *import_args(output))
    assert "Tốc độ tăng kim ngạch xuất khẩu" in out and "từ chối 0" in out
    log = ImportLog.objects.latest("pk")
    assert log.user.username == "canbo.thaibinh" and log.succeeded
    result = Target.objects.get(resolution__congress__committee__key="thai-binh-2020",
                                name__startswith="Tốc độ tăng kim ngạch").results.get(period="term")
    assert result.raw_text.startswith("15,2")
    assert result.history.latest().history_user.username == "canbo.thaibinh"
# --------------------------------------------------------------------------- Word files


def test_export_appendix_writes_word_when_the_output_ends_in_docx(db: None, tmp_path: Path) -> None:
    from docx import Document

    output = tmp_path / "1B.docx"
    run("export_appendix", "--layout", "midterm", "--committee", "Đảng bộ tỉnh Thái Bình", "--congress", "20",
        "--output", str(output), "--appendix", "1B")
    document = Document(str(output))
    assert [p.text for p in document.paragraphs][:1] == ["PHỤ LỤC 1B"]
    assert document.tables[0].rows[0].cells[0].text == "STT"
    with pytest.raises(CommandError, match=r"\.xlsx \(Excel\) hoặc \.docx \(Word\)"):
        run("export_appendix", "--layout", "term", "--committee", "Đảng bộ tỉnh Thái Bình", "--congress", "20",
            "--output", str(tmp_path / "1B.pdf"))


def test_import_appendix_reads_a_word_report_and_takes_the_rest_from_the_tables_title(
    db: None, tmp_path: Path
) -> None:
    from tests.conftest import resolution_by
    from tests.reports.test_word_import import seed_like_report

    resolution_by("thai-binh-2020", 20).delete()
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(seed_like_report())
    out = run("import_appendix", "--user", "canbo.thaibinh", str(path), "--layout", "term", "--sheet", "Phụ lục 1B")
    assert "Lấy theo tiêu đề bảng (đảng bộ, đại hội, nhiệm kỳ): Đảng bộ tỉnh Thái Bình, Đại hội lần thứ XX" in out
    assert "bảng 'Phụ lục 1B': tạo mới" in out
    resolution = Resolution.objects.get(congress__committee__key="thai-binh-2020", congress__ordinal=20)
    assert resolution.targets.count() == 4


def test_import_appendix_without_a_stated_title_asks_for_the_missing_options(db: None, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(xlsx([["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả"], [1, "GRDP", "7", "8"]]))
    before = counts()
    with pytest.raises(CommandError, match="hãy cho --committee, --congress, --term"):
        run("import_appendix", "--user", "quantri", str(path), "--layout", "term")
    assert counts() == before
