"""File checks for uploaded workbooks and safe text for exported ones.

An upload is refused before it is parsed when it is empty, too large, not an Office file, or when
its archive could hurt the server (``reports.archive``: unpacked size, compression ratio, number of
parts, macros, content pulled from outside). ``check_upload`` is format-neutral: the Word import
calls it too. openpyxl parses XML with defusedxml (checked at start-up in reports.apps), so entity
bombs are refused. Exported text that Excel could take for a formula is stored as a plain string.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from reports.archive import ZIP_SIGNATURE, ArchiveInfo, UploadError, check_archive, megabytes

# Characters that make a spreadsheet program treat a typed cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class WorkbookError(UploadError):
    """A workbook (or any uploaded Office file) cannot be read; ``messages`` are Vietnamese, one per problem."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def max_file_size() -> int:
    return int(getattr(settings, "MAX_IMPORT_FILE_SIZE", 5 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "MAX_IMPORT_ROWS", 20000))


def max_cell_text() -> int:
    """The longest text a cell may hold (an appendix cell is a name, a figure or a short note)."""
    return int(getattr(settings, "MAX_IMPORT_CELL_TEXT", 5000))


def check_upload(data: bytes, file_name: str = "") -> ArchiveInfo:
    """Refuse empty, oversized, non-Office and unsafe files before any parsing (raises ``WorkbookError``).

    Format-neutral (.xlsx and .docx alike): returns what the archive holds, and the caller checks
    ``kind`` ("xlsx", "docx"). See ``reports.archive.check_archive`` for the archive checks.
    """
    name = f"'{file_name}' " if file_name else ""
    if not data:
        raise WorkbookError([f"Tệp {name}rỗng."])
    limit = max_file_size()
    if len(data) > limit:
        raise WorkbookError([
            f"Tệp {name}quá lớn ({megabytes(len(data))} MB); giới hạn {megabytes(limit)} MB."
        ])
    if not data.startswith(ZIP_SIGNATURE):
        if file_name.lower().endswith(".docx"):
            raise WorkbookError([
                f"Tệp {name}không phải tệp Word .docx (tệp .doc cũ, .pdf, .txt, tệp đã đặt mật khẩu... không nhận). "
                "Hãy mở bằng Word, bỏ mật khẩu nếu có, và lưu lại dạng 'Word Document (*.docx)'."
            ])
        raise WorkbookError([
            f"Tệp {name}không phải tệp Excel .xlsx (tệp .xls cũ, .csv, .pdf, Word, tệp đã đặt mật khẩu... không nhận). "
            "Hãy mở bằng Excel, bỏ mật khẩu nếu có, và lưu lại dạng 'Excel Workbook (*.xlsx)'."
        ])
    try:
        return check_archive(data, file_name)
    except UploadError as exc:
        raise WorkbookError(exc.messages) from exc


def open_workbook(data: bytes, *, data_only: bool) -> Workbook:
    """Open ``data`` read-only; any parse failure becomes a Vietnamese ``WorkbookError``.

    ``data_only=True`` gives the values Excel last calculated; ``False`` shows which cells are
    formulas, so a formula without a stored value is refused rather than read as empty.
    """
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise WorkbookError([f"Tệp không phải tệp Excel .xlsx hợp lệ hoặc đã bị hỏng ({exc})."]) from exc
    except Exception as exc:  # noqa: BLE001 - any parser error (truncated zip, XML bomb, bad XML) is a bad file
        raise WorkbookError([
            f"Không đọc được tệp Excel: tệp bị hỏng, không đầy đủ hoặc chứa nội dung không an toàn "
            f"({type(exc).__name__})."
        ]) from exc


def write_text(cell: Cell, value: str) -> None:
    """Put ``value`` in ``cell`` so Excel shows it as text, never as a formula.

    openpyxl stores any str starting with "=" as a formula; forcing the string type keeps the
    characters, and the quote-prefix style keeps them text when a person edits the cell.
    """
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def is_formula_start(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)
