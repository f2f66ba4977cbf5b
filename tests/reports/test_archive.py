"""Uploads that cannot hurt the server: the archive checks (reports/archive.py, through check_upload),
on their own, on the upload page and in import_appendix.

The zip bomb is the issue's file: about 1,3 MB whose one cell inflates to 1,26 GB. What is asserted is
what gets read: the refusal happens from the archive's table of contents, before anything is
inflated or parsed (a generous memory bound is checked in-process; times are in the benchmark).
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports.archive import ArchiveLimits, UploadError, check_archive
from reports.benchtools import zip_bomb_xlsx
from reports.excel.safety import WorkbookError, check_upload
from reports.excel_views import XLSX
from reports.models import ImportLog
from resolutions.models import Committee
from tests.conftest import login
from tests.reports.test_excel_import import counts, term_file

BOMB_MB = 1260


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb_xlsx(BOMB_MB)


@pytest.fixture
def opened_parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every archive part that anything inflates (zipfile.ZipFile.open), in order."""
    names: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    yield names


def with_parts(data: bytes, extra: dict[str, bytes | str]) -> bytes:
    """``data`` (a zip) with more parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()


def rels(*relationships: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'{kind}" Target="{target}" TargetMode="External"/>'
        for n, (kind, target) in enumerate(relationships, start=1)
    )
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def docx(extra: dict[str, bytes | str] | None = None) -> bytes:
    """A minimal Word document (what the Word import receives)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body/></w:document>")
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the zip bomb


def test_the_bomb_is_a_small_file_that_would_inflate_past_a_gigabyte(bomb: bytes) -> None:
    assert len(bomb) < 2 * 1024 * 1024
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size > BOMB_MB * 1024 * 1024 and sheet.compress_size < 2 * 1024 * 1024


def test_the_bomb_is_refused_from_the_table_of_contents_without_inflating_anything(
    bomb: bytes, opened_parts: list[str]
) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookError) as refused:
            check_upload(bomb, "bom.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = refused.value.messages[0]
    assert message.startswith("Tệp Excel 'bom.xlsx' khi giải nén lên tới 1.260,")
    assert "vượt giới hạn 50,0 MB" in message and "từ chối trước khi đọc" in message
    assert opened_parts == []  # nothing inflated, not even the small parts
    assert peak < 20 * 1024 * 1024  # the file itself is 1,3 MB; inflating it would take 1,26 GB


def test_the_upload_page_refuses_the_bomb_in_vietnamese_and_writes_nothing(
    bomb: bytes, opened_parts: list[str], db: None
) -> None:
    committee = Committee.objects.get(key="khoai-chau")
    before = counts()
    form = {"file": SimpleUploadedFile("bom.xlsx", bomb, content_type=XLSX), "layout": "term",
            "committee": committee.pk, "congress": 40, "term": "2020-2025", "preview": "1"}
    with mock.patch("reports.excel.safety.load_workbook") as parser:
        response = login("canbo.khoaichau").post(reverse("admin:reports_importlog_import"), form)
    assert response.status_code == 200
    assert "khi giải nén lên tới 1.260," in response.content.decode()
    assert "confirm_form" not in response.context  # nothing staged for confirmation
    parser.assert_not_called()
    assert opened_parts == []
    assert counts() == before
    log = ImportLog.objects.latest("pk")
    assert not log.succeeded and log.user.username == "canbo.khoaichau"


def test_import_appendix_refuses_the_bomb_and_writes_nothing(
    bomb: bytes, opened_parts: list[str], db: None, tmp_path: Path
) -> None:
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bomb)
    before = counts()
    with pytest.raises(CommandError, match="khi giải nén lên tới 1.260,"):
        call_command("import_appendix", str(path), "--user", "canbo.thaibinh", "--layout", "term",
                     "--committee", "Đảng bộ tỉnh Thái Bình", "--congress", "20", "--term", "2020-2025")
    assert opened_parts == []
    assert counts() == before


# --------------------------------------------------------------------------- the other archive checks


def test_a_normal_workbook_passes_and_says_it_is_excel() -> None:
    info = check_upload(term_file(), "1B.xlsx")
    assert (info.kind, info.linked_workbooks) == ("xlsx", {})
    assert 0 < info.uncompressed < 100_000


def test_a_word_document_passes_the_same_checks() -> None:
    assert check_upload(docx(), "bao-cao.docx").kind == "docx"


def test_an_absurd_compression_ratio_is_refused_even_under_the_size_limit() -> None:
    data = with_parts(term_file(), {"xl/media/image1.bin": b"\0" * (3 * 1024 * 1024)})  # 3 MB of zeros ≈ 3 KB
    with pytest.raises(UploadError) as refused:
        check_archive(data, "anh.xlsx")
    assert "'xl/media/image1.bin' nén với tỷ lệ bất thường" in refused.value.messages[0]


def test_a_small_part_may_compress_well() -> None:
    data = with_parts(term_file(), {"xl/media/blank.bin": b"\0" * 500_000})
    assert check_archive(data).kind == "xlsx"


def test_too_many_parts_are_refused() -> None:
    data = with_parts(term_file(), {f"xl/x{n}.xml": "<x/>" for n in range(30)})
    with pytest.raises(UploadError, match="gồm 39 phần, vượt giới hạn 20 phần"):
        check_archive(data, "nhieu.xlsx", ArchiveLimits(max_members=20, max_uncompressed=10**8, max_ratio=100))


@pytest.mark.parametrize("part", ["xl/vbaProject.bin", "xl/activeX/activeX1.bin", "xl/macrosheets/sheet1.xml",
                                  "word/vbaProject.bin"])
def test_macros_and_activex_are_refused(part: str) -> None:
    with pytest.raises(UploadError, match="có macro hoặc điều khiển ActiveX"):
        check_archive(with_parts(term_file(), {part: b"macro"}), "m.xlsx")


def test_an_encrypted_part_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"scrambled")
    data = bytearray(buffer.getvalue())
    entry = data.rindex(b"PK\x01\x02")  # the sheet's central directory entry
    data[entry + 8] |= 0x1  # "encrypted" in its flags
    with pytest.raises(UploadError, match="có phần được mã hóa"):
        check_archive(bytes(data))


def test_a_word_document_pulling_a_remote_template_is_refused() -> None:
    data = docx({"word/_rels/settings.xml.rels": rels(("attachedTemplate", "http://10.0.0.9/mau.dotm"))})
    with pytest.raises(WorkbookError, match=r"lấy nội dung từ bên ngoài khi mở \('http://10.0.0.9/mau.dotm'\)"):
        check_upload(data, "bao-cao.docx")


def test_hyperlinks_are_not_external_content() -> None:
    data = docx({"word/_rels/document.xml.rels": rels(("hyperlink", "https://hungyen.dcs.vn"))})
    assert check_upload(data, "bao-cao.docx").kind == "docx"


def test_links_to_other_workbooks_are_listed_for_the_reader() -> None:
    data = with_parts(term_file(), {
        "xl/externalLinks/externalLink1.xml": "<externalLink/>",
        "xl/externalLinks/_rels/externalLink1.xml.rels": rels(("externalLinkPath", "file:///C:/So%20lieu/Book2.xlsx")),
    })
    assert check_upload(data, "1B.xlsx").linked_workbooks == {1: "Book2.xlsx"}


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 encrypted or old", "x.xlsx", "không phải tệp Excel .xlsx"),
    (b"%PDF-1.4", "bao-cao.docx", "không phải tệp Word .docx"),
    (b"PK\x03\x04 truncated", "x.xlsx", "Tệp Excel 'x.xlsx' không phải tệp Excel .xlsx hợp lệ hoặc đã bị hỏng"),
])
def test_files_that_are_not_office_archives_get_a_message_naming_the_format(data: bytes, name: str, expected: str) -> None:
    with pytest.raises(WorkbookError) as refused:
        check_upload(data, name)
    assert expected in refused.value.messages[0]
