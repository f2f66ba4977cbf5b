"""File checks for uploaded Word documents, before python-docx parses anything.

``reports.excel.safety.check_upload`` applies the limits every upload shares (size, and the zip
limits added there); this module adds what only a Word file needs, each refusal a Vietnamese
``WorkbookError`` that names the file:

- an old .doc (OLE2) or anything that is not a zip gets its own message, not "not an Excel file";
- a macro-enabled document (.docm content type, a ``vbaProject.bin`` part) is refused outright;
- the package must declare a Word main document (``[Content_Types].xml``);
- a zip bomb: the declared unpacked size and the compression ratio are bounded (zipfile never
  inflates a member beyond its declared size, so the declared sizes are what parsing can cost);
- a DTD or entity declaration in any XML part (Word never writes one) is refused, so no
  entity expansion can happen whatever the XML parser's settings.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from docx import Document
from docx.document import Document as DocxDocument

from reports.excel.safety import ZIP_SIGNATURE, WorkbookError, check_upload

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls of Word/Excel 97-2003
WORD_EXTENSIONS = (".docx", ".docm", ".doc", ".dotx", ".dotm")
MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata")
MAX_RATIO = 200  # Word parts compress ~5-20 times; a bomb compresses thousands of times


def max_unpacked_size() -> int:
    return int(getattr(settings, "MAX_IMPORT_UNPACKED_SIZE", 100 * 1024 * 1024))


def looks_like_word(data: bytes, file_name: str = "") -> bool:
    """A Word file by its name (.docx, .docm, .doc) or, for a zip, by its main document part."""
    if file_name.lower().endswith(WORD_EXTENSIONS):
        return True
    if data.startswith(OLE2_SIGNATURE):
        return False  # an old binary file; its name decides (an .xls stays with the Excel reader)
    if not data.startswith(ZIP_SIGNATURE):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return False


def _named(file_name: str) -> str:
    return f"'{file_name}' " if file_name else ""


def check_word_file(data: bytes, file_name: str = "") -> None:
    """Refuse what must not reach the parser (raises ``WorkbookError``); see the module docstring."""
    name = _named(file_name)
    if data.startswith(OLE2_SIGNATURE):
        raise WorkbookError([
            f"Tệp {name}là tệp Word 97-2003 (.doc) cũ, không đọc được. Hãy mở bằng Word và lưu lại dạng "
            "'Word Document (*.docx)'."
        ])
    if data and not data.startswith(ZIP_SIGNATURE):
        raise WorkbookError([
            f"Tệp {name}không phải tệp Word .docx (có thể là .pdf, .rtf, .txt hay tệp đổi đuôi). Hãy mở bằng Word "
            "và lưu lại dạng 'Word Document (*.docx)'."
        ])
    check_upload(data, file_name)  # size, and the limits every upload shares
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members, name)
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
            _check_types(types, [m.filename for m in members], name)
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels")):
                    head = archive.read(member)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise WorkbookError([f"Tệp {name}chứa khai báo XML không an toàn (DTD/ENTITY); không đọc."])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookError([f"Tệp {name}không phải tệp Word .docx hợp lệ hoặc đã bị hỏng ({exc})."]) from exc


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    total = sum(m.file_size for m in members)
    limit = max_unpacked_size()
    if total > limit:
        raise WorkbookError([
            f"Tệp {name}khi giải nén lên tới {total / 1024 / 1024:.0f} MB (giới hạn {limit / 1024 / 1024:.0f} MB); "
            "có thể là tệp nén độc hại (zip bomb). Không đọc."
        ])
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise WorkbookError([
                f"Tệp {name}có phần '{m.filename}' nén bất thường (tỷ lệ {m.file_size // max(m.compress_size, 1)}:1); "
                "có thể là tệp nén độc hại (zip bomb). Không đọc."
            ])


def _check_types(types: bytes, names: list[str], name: str) -> None:
    lowered = types.lower()
    if any(t.encode() in lowered for t in MACRO_TYPES) or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise WorkbookError([
            f"Tệp {name}là tệp Word có macro (.docm); vì an toàn không nhận. Hãy mở bằng Word và lưu lại dạng "
            "'Word Document (*.docx)' (không macro)."
        ])
    if MAIN_DOCUMENT.encode() not in types:
        raise WorkbookError([
            f"Tệp {name}không phải văn bản Word .docx (tệp nén không có phần văn bản Word; có thể là tệp Excel, "
            "PowerPoint hay tệp nén khác)."
        ])


def open_document(data: bytes, file_name: str = "") -> DocxDocument:
    """Check ``data`` (``check_word_file``) and open it with python-docx; any parse failure becomes a
    Vietnamese ``WorkbookError``."""
    check_word_file(data, file_name)
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any parser error (missing part, bad XML) is a bad file
        raise WorkbookError([
            f"Không đọc được tệp Word {_named(file_name)}: tệp bị hỏng hoặc không đầy đủ ({type(exc).__name__})."
        ]) from exc

