"""The results section ("Kết quả thực hiện các chỉ tiêu chủ yếu") as .docx, with its appendix.

The text comes from ``reports.narrative`` (portrait, 13 pt, justified, first-line indent, as a
report's body is printed); the appendix follows in its own section, landscape when wide.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.excel.layouts import Layout
from reports.narrative import DETAILS_LINE, Narrative
from reports.word.document import add_paragraph, new_document
from reports.word.export import docx_bytes, write_appendix
from resolutions.models import Resolution, Result

FIRST_LINE = Cm(1.27)


def appendix_layout(resolution: Resolution, period: str) -> Layout:
    """The appendix that backs the section: the year's table for an annual resolution, the term
    results for the whole term, the year-by-year table for one year of a term."""
    if resolution.kind == Resolution.Kind.ANNUAL:
        return Layout.ANNUAL
    return Layout.TERM if period == Result.Period.TERM else Layout.MIDTERM


def narrative_document_bytes(
    resolution: Resolution, narrative: Narrative, period: str, appendix: str = "",
) -> bytes:
    """The section's text, then the appendix table on a new page (three queries for the table)."""
    document = new_document()
    add_paragraph(document, narrative.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, f"({narrative.period_label})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                  space_after=Pt(6))
    for sentence in narrative.headline:
        add_paragraph(document, sentence, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=FIRST_LINE,
                      space_after=Pt(3))
    for line in narrative.lines:
        add_paragraph(document, line.text, bold=line.heading, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                      first_line=FIRST_LINE, space_after=Pt(3))
    add_paragraph(document, DETAILS_LINE, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=FIRST_LINE)
    write_appendix(document, resolution, appendix_layout(resolution, period), appendix, new_section=True)
    return docx_bytes(document)


def narrative_file_name(resolution: Resolution, period_label: str) -> str:
    """"Kết quả thực hiện chỉ tiêu - Đảng bộ tỉnh Thái Bình - Cả nhiệm kỳ 2020 - 2025.docx"."""
    name = f"Kết quả thực hiện chỉ tiêu - {resolution.congress.committee.name} - {period_label}.docx"
    return re.sub(r'[\\/:*?"<>|\r\n]+', " ", name)
