"""File checks for uploaded workbooks and safe text for exported ones.

An upload is refused before it is parsed when it is too large or not a zip (xlsx) file; openpyxl
parses XML with defusedxml (checked at start-up in reports.apps), so entity bombs are refused.
Exported text that Excel could take for a formula is stored as a plain string.
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

ZIP_SIGNATURE = b"PK\x03\x04"
# Characters that make a spreadsheet program treat a typed cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class WorkbookError(Exception):
    """A workbook cannot be read; ``messages`` are Vietnamese, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def max_file_size() -> int:
    return int(getattr(settings, "MAX_IMPORT_FILE_SIZE", 5 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "MAX_IMPORT_ROWS", 20000))


def check_upload(data: bytes, file_name: str = "") -> None:
    """Refuse empty, oversized and non-xlsx files before any parsing (raises ``WorkbookError``)."""
    name = f"'{file_name}' " if file_name else ""
    if not data:
        raise WorkbookError([f"Tệp {name}rỗng."])
    limit = max_file_size()
    if len(data) > limit:
        raise WorkbookError([
            f"Tệp {name}quá lớn ({len(data) / 1024 / 1024:.1f} MB); giới hạn {limit / 1024 / 1024:.0f} MB."
        ])
    if not data.startswith(ZIP_SIGNATURE):
        raise WorkbookError([
            f"Tệp {name}không phải tệp Excel .xlsx (tệp .xls cũ, .csv, .pdf, Word... không nhận). "
            "Hãy mở bằng Excel và lưu lại dạng 'Excel Workbook (*.xlsx)'."
        ])


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
