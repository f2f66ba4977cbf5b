"""Reading appendix tables out of Word reports (.docx) with the same table reader as workbooks.

A report holds many tables; the appendix tables are found by their header rows
(``reports.excel.header.find_header``), every other table is ignored. Each Word table becomes the
same cell grid a worksheet gives (a merged cell's text in its top-left cell, the cells it covers
empty, as openpyxl reads merged cells), so ``reports.excel.table_reader.read_table`` reads it exactly
like a sheet: the same row-level messages, the same document, then the same all-or-nothing import
and audit (``reports.appendix_import.run_import``). Only what Word adds is handled here:

- header rows repeated inside a table (a table pasted page by page) and a table Word split in two
  (the second part starting with the header again, or headerless, right after the first) are
  joined into one table, and messages name a continued row where a person sees it ("Bảng 4 (phần
  tiếp của bảng 'Phụ lục 1B'), dòng 7");
- footnote marks are taken out of the cells: Word footnotes (``w:footnoteReference``), superscript
  numbers, and typed marks "(*)", "*", "¹"; the footnote's text (from the footnotes part, or from
  the paragraph under the table that starts with the same mark) becomes the row's note;
- the paragraphs above a table are its title ("PHỤ LỤC 1A", committee, congress, term).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from indicators.text import fold_text
from reports.excel.cells import MAX_COLUMNS, Cell, plain
from reports.excel.header import Header, find_header, is_column_number_row
from reports.excel.safety import WorkbookError, max_rows
from reports.excel.shapes import ImportRequest, ReadResult
from reports.excel.table_reader import read_table
from reports.titles import StatedTitle, parse_title
from reports.word.document import INDENT_STEP
from reports.word.safety import open_document
from resolutions.documents import walk
from resolutions.lookup import normalise_name

TITLE_LINES = 8  # paragraphs above a table read as its title
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_STAR_MARK_RE = re.compile(r"\s*\((\*{1,3})\)|(?<=\S)(\*{1,3})(?=\s*(?:[,;:.]|$))")
_SUP_MARK_RE = re.compile(r"(?<![mM²³])([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_NOTE_PREFIX_RE = re.compile(r"^\s*(?:ghi chú|chú thích)\s*:?\s*", re.IGNORECASE)
_UNIT_BEFORE_EXPONENT = re.compile(r"(?:^|[\s(/])(?:k|c|d)?m$")
# Tag names computed once: reading a 5.000-row table looks them up a million times.
W_P, W_R, W_T, W_TAB, W_BR, W_CR, W_NBH = (qn(t) for t in ("w:p", "w:r", "w:t", "w:tab", "w:br", "w:cr",
                                                           "w:noBreakHyphen"))
W_TR, W_TC, W_TBL, W_SDT, W_SDT_CONTENT = (qn(t) for t in ("w:tr", "w:tc", "w:tbl", "w:sdt", "w:sdtContent"))
W_DELETED = (qn("w:del"), qn("w:moveFrom"))
W_FOOTNOTE_REFS = (qn("w:footnoteReference"), qn("w:endnoteReference"))
W_VAL, W_ID = qn("w:val"), qn("w:id")
_SUPERSCRIPT_PATH = f"{qn('w:rPr')}/{qn('w:vertAlign')}"
_VMERGE_PATH = f"{qn('w:tcPr')}/{qn('w:vMerge')}"
_SPAN_PATH = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
_IND_PATH = f"{qn('w:pPr')}/{qn('w:ind')}"


@dataclass
class _Text:
    """A cell's text with the footnote marks taken out of it."""

    text: str
    marks: list[str] = field(default_factory=list)  # "(*)", "*", "1"
    footnotes: list[str] = field(default_factory=list)  # Word footnote ids


@dataclass
class WordTable:
    """One table of the document as a cell grid, with what surrounds it."""

    index: int  # 1-based position among the document's top-level tables
    rows: list[list[Cell]]
    title: list[str]
    after: list[tuple[str, str]]  # paragraphs below it: (text, leading superscript text)
    marks: dict[int, _Text] = field(default_factory=dict)  # grid row (1-based) -> its marks
    header: Header | None = None
    # Rows joined from the tables that continue this one: grid row (1-based) -> (that table, its row).
    moved_rows: dict[int, tuple[str, int]] = field(default_factory=dict)

    @property
    def stated(self) -> StatedTitle:
        return parse_title(self.title)

    @property
    def label(self) -> str:
        """"Phụ lục 1A" when the title names it, else "Bảng 3"."""
        appendix = self.stated.appendix
        return f"Phụ lục {appendix}" if appendix else f"Bảng {self.index}"


# --------------------------------------------------------------------------- text of paragraphs and cells


def _in_deleted(run: etree._Element, stop: etree._Element) -> bool:
    """Inside tracked-changes deleted text (up to the paragraph ``stop``)."""
    parent = run.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in W_DELETED:
            return True
        parent = parent.getparent()
    return False


def _is_superscript(run: etree._Element) -> bool:
    align = run.find(_SUPERSCRIPT_PATH)
    return align is not None and align.get(W_VAL) == "superscript"


def _run_text(run: etree._Element) -> str:
    out = []
    for child in run:
        tag = child.tag
        if tag == W_T:
            out.append(child.text or "")
        elif tag == W_TAB:
            out.append(" ")
        elif tag == W_BR or tag == W_CR:
            out.append("\n")
        elif tag == W_NBH:
            out.append("-")
    return "".join(out)


def paragraph_text(p: etree._Element, found: _Text | None = None) -> str:
    """A paragraph's visible text; footnote references and superscript marks go to ``found``.

    A superscript number right after "m" ("m²", "km2") is an exponent and stays in the text.
    """
    out: list[str] = []
    runs = list(p.iter(W_R))
    nested = any(r.getparent() is not p for r in runs)  # runs inside hyperlinks, insertions, deletions
    for run in runs:
        if nested and _in_deleted(run, p):
            continue
        ref = next((child for child in run if child.tag in W_FOOTNOTE_REFS), None)
        if ref is not None:
            if found is not None:
                found.footnotes.append(ref.get(W_ID, ""))
            continue
        text = _run_text(run)
        if _is_superscript(run) and found is not None:
            mark = text.strip()
            before = "".join(out).rstrip()
            if mark.isdigit() and _UNIT_BEFORE_EXPONENT.search(before):
                out.append(mark.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")))
                continue
            if mark and (mark.isdigit() or set(mark) <= set("*()")):
                found.marks.append(mark.strip("()") if "*" in mark else mark)
                continue
        out.append(text)
    return "".join(out)


def strip_marks(text: str, found: _Text) -> str:
    """Take typed footnote marks out of ``text``: "(*)", a trailing "*", superscript digits "¹"."""

    def star(match: re.Match[str]) -> str:
        found.marks.append(match.group(1) or match.group(2))
        return ""

    def sup(match: re.Match[str]) -> str:
        found.marks.append(match.group(1).translate(_SUPERSCRIPT_DIGITS))
        return ""

    text = _STAR_MARK_RE.sub(star, text)
    return _SUP_MARK_RE.sub(sup, text)


def cell_text(tc: etree._Element) -> _Text:
    """The text of one ``w:tc`` (its paragraphs joined by line breaks), marks taken out."""
    found = _Text("")
    lines = [paragraph_text(p, found) for p in tc.iterchildren(W_P)]
    text = "\n".join(lines).strip()
    found.text = strip_marks(text, found).strip() if text != "*" else text
    return found


def _indent_level(tc: etree._Element) -> int:
    """The first paragraph's left indent in steps of ``INDENT_STEP`` (the export's sub-row indent)."""
    p = tc.find(W_P)
    ind = p.find(_IND_PATH) if p is not None else None
    if ind is None:
        return 0
    raw = ind.get(qn("w:left")) or ind.get(qn("w:start")) or "0"
    try:
        twips = int(raw)
    except ValueError:
        return 0
    return max(0, round(twips * 635 / INDENT_STEP))  # 1 twip = 635 EMU


def table_grid(tbl: etree._Element) -> tuple[list[list[Cell]], dict[int, _Text]]:
    """The table as a grid of cells: a merged cell's text in its top-left position only, the
    positions it spans empty; with each row's footnote marks (1-based row number -> marks)."""
    rows: list[list[Cell]] = []
    marks: dict[int, _Text] = {}
    for tr in tbl.iterchildren(W_TR):
        cells: list[Cell] = [Cell(None) for _ in range(tr.grid_before)]
        row_marks = _Text("")
        for tc in tr.iterchildren(W_TC):
            span_element = tc.find(_SPAN_PATH)
            span = max(1, int(span_element.get(W_VAL, "1"))) if span_element is not None else 1
            vmerge = tc.find(_VMERGE_PATH)
            if vmerge is not None and vmerge.get(W_VAL, "continue") == "continue":
                cells.extend(Cell(None) for _ in range(span))
                continue
            found = cell_text(tc)
            row_marks.marks += found.marks
            row_marks.footnotes += found.footnotes
            cells.append(Cell(found.text or None, indent=_indent_level(tc) if found.text else 0))
            cells.extend(Cell(None) for _ in range(span - 1))
        rows.append(cells[:MAX_COLUMNS])
        if row_marks.marks or row_marks.footnotes:
            marks[len(rows)] = row_marks
    return rows, marks


# --------------------------------------------------------------------------- the document's tables


def _body_items(document: DocxDocument) -> Iterator[etree._Element]:
    """Top-level paragraphs and tables in document order (content controls opened)."""
    for child in document.element.body.iterchildren():
        if child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren()
        else:
            yield child


def _leading_superscript(p: etree._Element) -> str:
    for run in p.iter(W_R):
        text = _run_text(run).strip()
        if not text:
            continue
        return text if _is_superscript(run) else ""
    return ""


def _title(paragraphs: list[tuple[str, str]]) -> list[str]:
    """The lines above a table that make its title: from its "PHỤ LỤC ..." line when there is one,
    else the last few paragraphs."""
    lines = [text for text, _sup in paragraphs[-TITLE_LINES:]]
    starts = [i for i, line in enumerate(lines) if fold_text(line).startswith("phu luc")]
    return lines[starts[-1]:] if starts else lines


def document_tables(document: DocxDocument) -> list[WordTable]:
    """Every top-level table with the paragraphs above it (title) and below it (footnote texts)."""
    tables: list[WordTable] = []
    paragraphs: list[tuple[str, str]] = []
    for item in _body_items(document):
        if item.tag == W_P:
            text = normalise_name(paragraph_text(item))
            if text:
                paragraphs.append((text, _leading_superscript(item)))
        elif item.tag == W_TBL:
            if tables:
                tables[-1].after = paragraphs
            rows, marks = table_grid(item)
            tables.append(WordTable(len(tables) + 1, rows, _title(paragraphs), [], marks))
            paragraphs = []
    if tables:
        tables[-1].after = paragraphs
    return tables


def footnote_texts(document: DocxDocument) -> dict[str, str]:
    """Word footnotes and endnotes by id: their text, without the reference mark."""
    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES):
            continue
        root = parse_xml(rel.target_part.blob)  # python-docx's parser: entities are not resolved
        for note in root:
            if note.tag not in (qn("w:footnote"), qn("w:endnote")):
                continue
            text = " ".join(normalise_name(paragraph_text(p)) for p in note.iter(qn("w:p")))
            out[note.get(qn("w:id"), "")] = normalise_name(text)
    return out


def _signature(row: list[Cell]) -> tuple[str, ...]:
    return tuple(plain(c.value) for c in row)


def _blank_repeated_headers(table: WordTable, start: int) -> None:
    """Rows from ``start`` (0-based) that repeat the header or the column numbers become empty,
    so the table reader skips them while row numbers stay those of the table."""
    header = table.header
    assert header is not None
    signatures = {_signature(r) for r in table.rows[header.first_row:header.first_data_row - 1] if any(
        c.value not in (None, "") for c in r)}
    for i in range(start, len(table.rows)):
        row = table.rows[i]
        if _signature(row) in signatures or is_column_number_row(row):
            table.rows[i] = [Cell(None) for _ in row]


def _join_continuations(tables: list[WordTable], layout: object) -> list[WordTable]:
    """Appendix tables, each joined with the tables that continue it: a table right after it (no
    text in between) that repeats its header, or has no header and as many columns."""
    out: list[WordTable] = []
    previous: WordTable | None = None
    for table in tables:
        table.header = find_header(layout, table.rows)  # type: ignore[arg-type]
        width = max((len(r) for r in table.rows), default=0)
        follows = previous is not None and not previous.after
        if follows and previous is not None and previous.header is not None and not previous.header.problems:
            own = table.header
            same = own is not None and not own.problems and {
                c: col.kind for c, col in own.columns.items()} == {c: col.kind for c, col in previous.header.columns.items()}
            headerless = own is None and width == max(len(r) for r in previous.rows)
            if same or headerless:
                offset = len(previous.rows)
                skip = own.first_data_row - 1 if own is not None else 0
                previous.rows.extend([Cell(None) for _ in r] for r in table.rows[:skip])
                previous.rows.extend(table.rows[skip:])
                previous.marks.update({offset + n: m for n, m in table.marks.items()})
                seen_as = f"Bảng {table.index} (phần tiếp của bảng '{previous.label}')"
                previous.moved_rows.update({offset + n: (seen_as, n) for n in range(1, len(table.rows) + 1)})
                previous.after = table.after
                continue
        out.append(table)
        previous = table
    for table in out:
        if table.header is not None and not table.header.problems:
            _blank_repeated_headers(table, table.header.first_data_row - 1)
    return out


def _choose(tables: list[WordTable], request: ImportRequest) -> WordTable:
    """The appendix table to import: the one named, the only one, or the only one whose title
    names the committee and congress of the request."""
    layout = request.layout
    if not tables:
        raise WorkbookError(["Tệp Word không có bảng nào; không thấy bảng phụ lục để nhập."])
    matches = [t for t in tables if t.header is not None and not t.header.problems]
    reasons = []
    for t in tables:
        if t.header is None:
            reasons.append(f"Bảng {t.index} ({t.label}): không thấy dòng tiêu đề cột (STT, Chỉ tiêu, ...).")
        elif t.header.problems:
            reasons.append(f"Bảng {t.index} ({t.label}): {'; '.join(t.header.problems)}.")
    if request.sheet:
        wanted = fold_text(request.sheet)
        named = [t for t in tables if wanted in (fold_text(t.label), fold_text(f"Bảng {t.index}"), str(t.index))]
        if not named:
            listed = ", ".join(f"'{t.label}'" for t in matches) or "không có"
            raise WorkbookError([f"Tệp không có bảng '{request.sheet}'. Các bảng phụ lục đúng mẫu: {listed}."])
        matches = [t for t in named if t in matches]
        if not matches:
            raise WorkbookError([f"Bảng '{request.sheet}' không có tiêu đề cột đúng mẫu '{layout}'."] + reasons)
    if not matches:
        raise WorkbookError([f"Tệp Word không có bảng nào có tiêu đề cột đúng mẫu '{layout}'."] + reasons)
    if len(matches) > 1:
        mine = [t for t in matches if _names_request(t.stated, request)]
        if len(mine) == 1:
            return mine[0]
        listed = ", ".join(f"'{t.label}'" + (f" ({t.stated.describe()})" if t.stated.committee_name else "")
                           for t in matches)
        raise WorkbookError([
            f"Có {len(matches)} bảng cùng đúng mẫu '{layout}': {listed}. Không rõ nhập bảng nào; hãy ghi tên bảng "
            "(ô 'Tên trang/bảng', ví dụ 'Phụ lục 1B') hoặc chọn đúng đảng bộ và đại hội ghi ở tiêu đề bảng."
        ])
    return matches[0]


def _names_request(stated: StatedTitle, request: ImportRequest) -> bool:
    return bool(stated.committee_name) and fold_text(stated.committee_name) == fold_text(request.committee_name) and (
        stated.ordinal in (None, request.ordinal))


def _note_for(mark: str, after: list[tuple[str, str]]) -> str:
    """The text of footnote ``mark`` from the paragraphs under the table ("(*) Số liệu ước tính")."""
    for text, superscript in after:
        body = _NOTE_PREFIX_RE.sub("", text)
        if mark.isdigit():
            if superscript.strip("()") == mark:
                return body[len(superscript):].strip(" :.-–")
            head = re.match(rf"^\(?{mark}\)[\s:.-]*|^{mark}[.:]\s+|^{re.escape(mark.translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹')))}\s*", body)
        else:
            head = re.match(rf"^\(?{re.escape(mark)}\)?[\s:.-]*", body)
        if head and body[head.end():].strip():
            return body[head.end():].strip()
    return ""


def _notes(table: WordTable, footnotes: dict[str, str]) -> tuple[dict[int, str], list[str]]:
    """Per grid row, the text of its footnotes; warnings for marks whose text was not found."""
    notes: dict[int, str] = {}
    warnings = []
    for row, found in table.marks.items():
        texts = [footnotes.get(i, "") for i in found.footnotes]
        for mark in dict.fromkeys(found.marks):
            text = _note_for(mark, table.after)
            texts.append(text)
            if not text:
                warnings.append(f"Bảng '{table.label}', dòng {row}: đã bỏ dấu chú thích '{mark}' khỏi ô; "
                                "không thấy lời chú thích tương ứng dưới bảng.")
        kept = [t for t in dict.fromkeys(texts) if t]
        if kept:
            notes[row] = "; ".join(kept)
    return notes, warnings


def read_word_appendix(data: bytes, request: ImportRequest) -> ReadResult:
    """Read the appendix table of a Word report into a document (same contract as
    ``reports.excel.reader.read_excel_appendix``: file problems raise ``WorkbookError``, cell
    problems are listed in ``errors``)."""
    document = open_document(data, request.file_name)
    tables = _join_continuations(document_tables(document), request.layout)
    table = _choose(tables, request)
    limit = max_rows()
    if len(table.rows) > limit:
        raise WorkbookError([f"Bảng '{table.label}' có hơn {limit} dòng; giới hạn mỗi lần nhập là {limit} dòng."])
    assert table.header is not None
    read = read_table(table.label, table.rows, table.header, request, place="Bảng", medium="Word",
                      moved_rows=table.moved_rows)
    read.title = table.title
    notes, warnings = _notes(table, footnote_texts(document) if table.marks else {})
    read.warnings.extend(warnings)
    by_row = {n: row for section in read.doc.sections for row, _p in walk(section.targets)
              for n in [read.row_numbers.get(id(row))] if n is not None}
    for n, note in notes.items():
        row = by_row.get(n)
        if row is not None:
            row.note = f"{row.note}; {note}" if row.note else note
    return read


def word_tables_for(data: bytes, file_name: str, layout: object) -> list[WordTable]:
    """The appendix tables of ``layout`` in a Word file (for reading their titles before an import)."""
    document = open_document(data, file_name)
    return [t for t in _join_continuations(document_tables(document), layout)
            if t.header is not None and not t.header.problems]
