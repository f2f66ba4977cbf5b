"""A Word document set up the way Vietnamese party documents are printed, and table helpers.

python-docx covers paragraphs, runs, tables and sections; what it leaves to Word's defaults is set
here explicitly, because a report pasted into an official document must not change its look:

- Fonts: the template's ``w:rFonts`` point at the theme (``asciiTheme="minorHAnsi"``), and a theme
  attribute wins over a named font. Every ``w:rFonts`` in the styles gets Times New Roman for all
  four script slots (ascii, hAnsi, cs, eastAsia) and loses its theme attributes, so Vietnamese
  text renders in Times New Roman whichever slot Word picks for a character.
- Page: A4 (the template is US Letter), margins of the administrative-document standard.
- Landscape: python-docx's ``orientation`` does not swap the page size; ``set_landscape`` does.
- Repeating header rows (``w:tblHeader``) have no python-docx API; ``repeat_as_header`` writes it.
  Word repeats only an unbroken run of such rows from the table's first row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

FONT_NAME = "Times New Roman"
TEXT_SIZE = Pt(13)
TABLE_SIZE = Pt(12)
A4 = (Cm(21), Cm(29.7))
INDENT_STEP = Cm(0.4)  # one level of a sub-row's indent in a table (read back as its depth)
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")


def set_fonts(rfonts: OxmlElement, name: str = FONT_NAME) -> None:
    """Point one ``w:rFonts`` at ``name`` for every script slot, dropping theme references."""
    for slot in _THEME_SLOTS:
        rfonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        rfonts.set(qn(slot), name)


def _rpr_fonts(rpr: OxmlElement) -> OxmlElement:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    return rfonts


def new_document() -> DocxDocument:
    """An empty A4 portrait document in Times New Roman 13 pt, Vietnamese, single-spaced paragraphs."""
    document = Document()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(_rpr_fonts(rpr))
    for lang in rpr.findall(qn("w:lang")):
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")
    # Every other style that names fonts (headings, captions...) gets the same explicit fonts.
    for rfonts in styles.iter(qn("w:rFonts")):
        set_fonts(rfonts)
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = TEXT_SIZE
    set_fonts(_rpr_fonts(normal.element.get_or_add_rPr()))
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    set_page(section, landscape=False)
    return document


def set_page(section: Section, *, landscape: bool) -> None:
    """A4 in the given orientation, with the width and height swapped to match; standard margins."""
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(2)


def text_width(section: Section) -> int:
    """The width between the margins, in EMU."""
    return int(section.page_width - section.left_margin - section.right_margin)


def add_text(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: Pt | None = None,
) -> None:
    """Append a run; the font is named on the run too, so text pasted elsewhere keeps it."""
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = size
    set_fonts(_rpr_fonts(run._r.get_or_add_rPr()))


def add_paragraph(
    document: DocxDocument, text: str = "", *, bold: bool = False, italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None, size: Pt | None = None, first_line: Cm | None = None,
    space_after: Pt | None = None,
) -> Paragraph:
    """A paragraph with one run of ``text``."""
    paragraph = document.add_paragraph()
    if text:
        add_text(paragraph, text, bold=bold, italic=italic, size=size)
    if align is not None:
        paragraph.alignment = align
    if first_line is not None:
        paragraph.paragraph_format.first_line_indent = first_line
    if space_after is not None:
        paragraph.paragraph_format.space_after = space_after
    return paragraph


def repeat_as_header(row: _Row) -> None:
    """Mark ``row`` to repeat at the top of every page the table runs onto (``w:tblHeader``)."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        trpr.append(header)


def keep_row_on_one_page(row: _Row) -> None:
    """A row is not split across two pages (``w:cantSplit``), like the documents' tables."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.insert(0, OxmlElement("w:cantSplit"))


def is_header_row(row: _Row) -> bool:
    trpr = row._tr.trPr
    if trpr is None:
        return False
    header = trpr.find(qn("w:tblHeader"))
    return header is not None and header.get(qn("w:val"), "true") not in ("false", "0", "off")


def fill_cell(
    cell: _Cell, text: str, *, bold: bool = False, italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, indent_level: int = 0, size: Pt = TABLE_SIZE,
) -> None:
    """Write ``text`` into an empty cell (one paragraph, one run per line), vertically centred."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    if indent_level:
        paragraph.paragraph_format.left_indent = INDENT_STEP * indent_level
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph.add_run().add_break()
        if line:
            add_text(paragraph, line, bold=bold, italic=italic, size=size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def set_column_widths(table: Table, widths: list[int]) -> None:
    """Fixed column widths (EMU): the grid for LibreOffice, each cell's ``w:tcW`` for Word."""
    table.autofit = False  # w:tblLayout type="fixed"
    margins = OxmlElement("w:tblCellMar")  # narrow cell padding (0,1 cm): more text per line
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tblpr = table._tbl.tblPr
    later = [tblpr.find(qn(tag)) for tag in ("w:tblLook", "w:tblCaption", "w:tblDescription")]
    anchor = next((e for e in later if e is not None), None)  # the schema's order of w:tblPr children
    if anchor is not None:
        anchor.addprevious(margins)
    else:
        tblpr.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


# --------------------------------------------------------------------------- body rows, written as XML

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_JC = {WD_ALIGN_PARAGRAPH.LEFT: "left", WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right"}


@dataclass(frozen=True)
class CellText:
    """One body cell: its text and how it is set (the same look ``fill_cell`` gives)."""

    text: str
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    indent_level: int = 0
    mark: str = ""  # appended in italics (the estimate mark "(ước)")


def _run_xml(text: str, *, bold: bool = False, italic: bool = False, size: Pt = TABLE_SIZE) -> str:
    fonts = " ".join(f'{slot}="{FONT_NAME}"' for slot in _FONT_SLOTS)
    half_points = int(size.pt * 2)
    flags = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return (f"<w:r><w:rPr><w:rFonts {fonts}/>{flags}<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>"
            f"</w:rPr><w:t xml:space=\"preserve\">{escape(_NOT_XML.sub('', text))}</w:t></w:r>")


def _cell_xml(cell: CellText, width: int) -> str:
    indent = f'<w:ind w:left="{int(INDENT_STEP * cell.indent_level / 635)}"/>' if cell.indent_level else ""
    runs = []
    for i, line in enumerate(cell.text.split("\n")):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            runs.append(_run_xml(line, bold=cell.bold))
    if cell.mark:
        runs.append(_run_xml(f" {cell.mark}", italic=True))
    return (f'<w:tc><w:tcPr><w:tcW w:w="{int(width / 635)}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr>{indent}<w:jc w:val="{_JC[cell.align]}"/></w:pPr>{"".join(runs)}</w:p></w:tc>')


def append_rows(table: Table, rows: list[list[CellText]], widths: list[int]) -> None:
    """Append body rows to ``table`` in one parse: python-docx's object API costs ~7 ms a row, which
    makes a 5.000-row appendix take most of a minute; the XML it would write is written here
    directly (rows kept on one page, fonts named on every run, the same as ``fill_cell``)."""
    if not rows:
        return
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(_cell_xml(c, w) for c, w in zip(row, widths, strict=True))
        + "</w:tr>" for row in rows)
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
    tbl = table._tbl
    for tr in list(parsed):
        tbl.append(tr)
