"""The files frozen with an issued report: one builder per format, each giving the bytes of an appendix.

``FILE_BUILDERS`` maps a format to a function (resolution, layout, appendix number) → ``FilePayload``;
issuing attaches one file per registered format. A new format (PDF, ...) is one more entry here; the
issued record (``IssuedFile``, one row per format) needs no change.
"""

from __future__ import annotations

from collections.abc import Callable

from reports.excel.export import export_bytes, export_file_name, layouts_for
from reports.excel.layouts import Layout
from reports.excel_views import XLSX
from reports.word.export import DOCX, docx_file_name, export_docx_bytes
from resolutions.issuing import FilePayload
from resolutions.models import Resolution, Result

Builder = Callable[[Resolution, Layout, str], FilePayload]


def xlsx(resolution: Resolution, layout: Layout, appendix: str) -> FilePayload:
    return FilePayload("xlsx", export_file_name(resolution, layout), XLSX, export_bytes(resolution, layout, appendix))


def docx(resolution: Resolution, layout: Layout, appendix: str) -> FilePayload:
    return FilePayload("docx", docx_file_name(resolution, layout), DOCX, export_docx_bytes(resolution, layout, appendix))


FILE_BUILDERS: dict[str, Builder] = {"xlsx": xlsx, "docx": docx}
FORMAT_LABELS = {"xlsx": "Excel", "docx": "Word"}


def layout_for_period(resolution: Resolution, period: str) -> Layout:
    """The appendix that shows a scoreboard's period: the year's plan and result for an annual resolution,
    the term's results for the term, the year-by-year (mid-term) table for a year of the term."""
    if resolution.kind == Resolution.Kind.ANNUAL:
        return Layout.ANNUAL
    return Layout.TERM if period == Result.Period.TERM else Layout.MIDTERM


def build_files(resolution: Resolution, layout: Layout, appendix: str = "") -> list[FilePayload]:
    """Every registered format of the appendix ``layout`` (which must fit the resolution: ``layouts_for``)."""
    if layout not in layouts_for(resolution):
        raise ValueError(f"Mẫu '{layout}' không dùng cho nghị quyết này.")
    return [build(resolution, layout, appendix) for build in FILE_BUILDERS.values()]
