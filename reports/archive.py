"""Refusing uploaded Office files that could hurt the server, before anything parses them.

An .xlsx or .docx is a zip archive of XML parts. ``check_archive`` reads only the archive's table of
contents (and the small relationship parts) and refuses, with Vietnamese messages:
- more parts than ``MAX_IMPORT_MEMBERS``;
- parts that unpack to more than ``MAX_IMPORT_UNCOMPRESSED_SIZE`` in all (a zip bomb: a 1 MB file
  whose one cell inflates to a gigabyte); the sizes are the archive's own, and Python's zipfile never
  inflates a part past its declared size (it fails on the CRC instead), so the check bounds what any
  parser can later read;
- a part compressed more than ``MAX_IMPORT_COMPRESSION_RATIO`` : 1 (real XML compresses about 10 : 1);
- encrypted parts, macros (vbaProject.bin, Excel 4 macro sheets) and ActiveX controls;
- relationships that pull outside content into the document when it is opened (an attached
  template, a linked sub-document, OLE object or frame).
Links to other workbooks (Excel's external links) are listed in ``ArchiveInfo.linked_workbooks`` and
refused cell by cell by the reader that finds a formula using one (reports.excel.reader).

Format-neutral on purpose: the Excel and the Word imports call it (through
``reports.excel.safety.check_upload``), so the same limits apply to both.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import defusedxml.ElementTree as SafeET
from django.conf import settings

from indicators.numbers import format_number

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls/.doc, and password-protected Office files
RATIO_FLOOR = 1024 * 1024  # parts smaller than this may compress as well as they like
MAX_RELS_SIZE = 2 * 1024 * 1024  # a relationship part is a short list; a larger one is not read
_MACRO_PART = re.compile(
    r"(^|/)(vbaProject\.bin|vbaProjectSignature\.bin|vbaData\.xml)$|(^|/)activeX/|^xl/macrosheets/|^xl/dialogsheets/",
    re.IGNORECASE,
)
# Relationship types (the last word of their URI) that load outside content when the file is opened.
_PULLING_TYPES = {"attachedTemplate", "subDocument", "oleObject", "frame"}
_EXTERNAL_LINK_RELS = re.compile(r"^xl/externalLinks/_rels/externalLink(\d+)\.xml\.rels$")
_KINDS = {"xl/workbook.xml": "xlsx", "word/document.xml": "docx"}


class UploadError(Exception):
    """An uploaded file is refused; ``messages`` are Vietnamese, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class ArchiveLimits:
    """What an upload may unpack to (from settings, see config/settings.py)."""

    max_members: int
    max_uncompressed: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> ArchiveLimits:
        return cls(
            max_members=int(getattr(settings, "MAX_IMPORT_MEMBERS", 1000)),
            max_uncompressed=int(getattr(settings, "MAX_IMPORT_UNCOMPRESSED_SIZE", 50 * 1024 * 1024)),
            max_ratio=int(getattr(settings, "MAX_IMPORT_COMPRESSION_RATIO", 100)),
        )


@dataclass
class ArchiveInfo:
    """What the table of contents says: the kind of document, its parts, its links to other files."""

    kind: str  # "xlsx", "docx", or "" for another zip
    members: int
    uncompressed: int
    linked_workbooks: dict[int, str] = field(default_factory=dict)  # Excel's [n] in formulas → the file


def file_label(file_name: str) -> str:
    """How messages name the file: "Tệp Excel 'a.xlsx'", "Tệp Word 'b.docx'", "Tệp 'c'"."""
    kind = {".xlsx": "Excel ", ".xlsm": "Excel ", ".docx": "Word ", ".docm": "Word "}.get(
        posixpath.splitext(file_name.lower())[1], ""
    )
    return f"Tệp {kind}'{file_name}'" if file_name else f"Tệp {kind}".rstrip()


def _expected(file_name: str) -> str:
    """What the file should have been, by its name: "Excel .xlsx", "Word .docx", else "Office (.xlsx, .docx)"."""
    extension = posixpath.splitext(file_name.lower())[1]
    return {".xlsx": "Excel .xlsx", ".docx": "Word .docx"}.get(extension, "Office (.xlsx, .docx)")


def megabytes(size: int) -> str:
    """A size in MB the Vietnamese way ("1.260,4")."""
    return format_number((Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1")), 1)


def _relationships(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[tuple[str, str, str]]:
    """(type, target, mode) of a small .rels part; an unreadable one is a broken file."""
    if info.file_size > MAX_RELS_SIZE:
        raise UploadError([f"Phần '{info.filename}' của tệp lớn bất thường ({megabytes(info.file_size)} MB); "
                           "tệp bị từ chối."])
    root = SafeET.fromstring(archive.read(info))
    return [
        (rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Target", ""), rel.get("TargetMode", ""))
        for rel in root
    ]


def check_archive(data: bytes, file_name: str = "", limits: ArchiveLimits | None = None) -> ArchiveInfo:
    """Refuse an upload that could exhaust memory or time, or that carries macros (raises ``UploadError``).

    Reads the archive's table of contents and its relationship parts only: nothing is inflated
    before the sizes are known to be within ``limits``.
    """
    limits = limits or ArchiveLimits.from_settings()
    label = file_label(file_name)
    if data.startswith(OLE_SIGNATURE):
        raise UploadError([f"{label} là tệp Office cũ (.xls, .doc) hoặc tệp đã đặt mật khẩu; hãy bỏ mật khẩu "
                           "và lưu lại dạng .xlsx / .docx."])
    if not data.startswith(ZIP_SIGNATURE):
        raise UploadError([f"{label} không phải tệp Office (.xlsx, .docx)."])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UploadError([f"{label} không phải tệp {_expected(file_name)} hợp lệ hoặc đã bị hỏng, không đầy đủ "
                           f"(không đọc được mục lục của tệp nén: {exc})."]) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise UploadError([f"{label} gồm {len(infos)} phần, vượt giới hạn {limits.max_members} phần."])
        total = sum(i.file_size for i in infos)
        if total > limits.max_uncompressed:
            raise UploadError([
                f"{label} khi giải nén lên tới {megabytes(total)} MB, vượt giới hạn "
                f"{megabytes(limits.max_uncompressed)} MB; tệp bị từ chối trước khi đọc (có thể là tệp nén độc hại). "
                "Một bảng phụ lục thường chỉ vài trăm KB."
            ])
        problems: list[str] = []
        for i in infos:
            if i.flag_bits & 0x1:
                problems.append(f"{label} có phần được mã hóa ('{i.filename}'); hãy bỏ mật khẩu rồi lưu lại.")
            elif i.file_size > RATIO_FLOOR and i.file_size > limits.max_ratio * max(i.compress_size, 1):
                ratio = i.file_size // max(i.compress_size, 1)
                problems.append(f"{label} có phần '{i.filename}' nén với tỷ lệ bất thường ({ratio}:1, giới hạn "
                                f"{limits.max_ratio}:1); tệp bị từ chối vì có thể là tệp nén độc hại.")
            if _MACRO_PART.search(i.filename):
                problems.append(f"{label} có macro hoặc điều khiển ActiveX ('{i.filename}'); không nhận tệp có "
                                "macro. Hãy lưu lại dạng tệp thường (Excel Workbook .xlsx, Word Document .docx).")
        if problems:
            raise UploadError(problems)
        names = {i.filename for i in infos}
        kind = next((k for part, k in _KINDS.items() if part in names), "")
        linked: dict[int, str] = {}
        try:
            for i in infos:
                if not i.filename.endswith(".rels"):
                    continue
                for rel_type, target, mode in _relationships(archive, i):
                    if mode != "External":
                        continue
                    found = _EXTERNAL_LINK_RELS.match(i.filename)
                    if found and rel_type == "externalLinkPath":
                        linked[int(found.group(1))] = posixpath.basename(target.replace("\\", "/")) or target
                    elif rel_type in _PULLING_TYPES:
                        problems.append(f"{label} lấy nội dung từ bên ngoài khi mở ('{target[:120]}'); hãy gỡ liên "
                                        "kết (chép nội dung vào tệp) rồi lưu lại.")
        except UploadError:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken zip part or bad XML: a broken file
            raise UploadError([f"{label} bị hỏng: không đọc được các phần của tệp ({type(exc).__name__})."]) from exc
        if problems:
            raise UploadError(problems)
        return ArchiveInfo(kind=kind, members=len(infos), uncompressed=total, linked_workbooks=linked)
