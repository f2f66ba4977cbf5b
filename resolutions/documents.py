"""Plain data shapes of a resolution's table, shared by the YAML seed loader and the Excel importer.

Readers (fixtures YAML, appendix workbooks) build a ``ResolutionDoc``; ``services.apply_document``
writes it. Keeping one shape means one write path, one set of checks and one summary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

DITTO_MARKS = {'"', "“", "”", "''", "〃", "nt", "như trên"}


@dataclass
class ResultRow:
    """A figure as written for one period ("term", "year", "half", or "todate": the term's first
    years up to ``year``, ``span`` years in all, as the mid-term "Trung bình (hoặc lũy kế) giai đoạn")."""

    period: str
    year: int | None
    text: str
    estimate: bool = False
    span: Decimal | None = None
    reported: str = ""
    note: str = ""
    where: str = ""  # where it came from, for messages: "Phụ lục 1A, dòng 12, cột E"
    # A person's verdict carried by an exported file (Status value) and its reason; applied only to
    # a figure that has none yet (an import never replaces or clears a person's verdict).
    override: str = ""
    override_reason: str = ""


@dataclass
class TargetRow:
    """One row of the table: a numbered target, a '-' row or an unnumbered sub-row."""

    number: str
    name: str
    unit: str = ""
    target: str = ""
    basis: str = ""  # "" when the table does not say: the catalogue indicator's usual basis, else "latest"
    indicator: str = ""  # catalogue key; "" links by name (indicators.matching)
    direction: str = ""  # "higher" / "lower" when the table states it; "" derives it
    direction_source: str = ""  # with ``direction``: "confirmed" (default) or "guessed" (round trips)
    # The source states the catalogue key, also when it is "none" (an exported file): no linking by name.
    indicator_stated: bool = False
    note: str = ""
    results: list[ResultRow] = field(default_factory=list)
    children: list[TargetRow] = field(default_factory=list)
    where: str = ""


@dataclass
class SectionRow:
    code: str
    title: str
    targets: list[TargetRow] = field(default_factory=list)


@dataclass
class IndicatorEntry:
    """A local indicator a file adds to the catalogue (national ones ship in indicators/catalogue.yaml)."""

    key: str
    name: str
    unit: str = ""
    direction: str = "higher"
    aliases: list[str] = field(default_factory=list)
    basis: str = "latest"
    group: str = ""


@dataclass
class ResolutionDoc:
    """A whole resolution table: which committee/congress/resolution, and its rows in order."""

    committee_key: str
    committee_name: str
    ordinal: int
    term_start: int
    term_end: int
    kind: str  # "congress" | "annual"
    year: int | None
    title: str
    code: str = ""
    issued_on: dt.date | None = None
    source: str = ""
    sections: list[SectionRow] = field(default_factory=list)
    indicators: list[IndicatorEntry] = field(default_factory=list)
    summary: str = ""
    # Evaluation settings, when the source states them (an exported file); used for a new resolution.
    exceed_margin: Decimal | None = None
    basic_band: Decimal | None = None


def walk(rows: list[TargetRow], parent: TargetRow | None = None) -> list[tuple[TargetRow, TargetRow | None]]:
    """Rows depth-first in document order, each with its parent row."""
    out: list[tuple[TargetRow, TargetRow | None]] = []
    for row in rows:
        out.append((row, parent))
        out.extend(walk(row.children, row))
    return out


def resolve_ditto_units(doc: ResolutionDoc) -> None:
    """Replace '"' ("same as above") units by the unit of the row above, in document order."""
    previous = ""
    for section in doc.sections:
        for row, _parent in walk(section.targets):
            if row.unit.strip().lower() in DITTO_MARKS:
                row.unit = previous
            if row.unit:
                previous = row.unit


def parse_period(value: Any) -> tuple[str, int | None]:
    """'term' → ('term', None); '2024' or 2024 → ('year', 2024); '2023-H1' → ('half', 2023)."""
    text = str(value).strip()
    if text == "term":
        return "term", None
    if text.upper().endswith("-H1") and text[:4].isdigit():
        return "half", int(text[:4])
    if text.isdigit() and len(text) == 4:
        return "year", int(text)
    raise ValueError(f"Kỳ không hợp lệ: {text!r} (dùng 'term', '2024' hoặc '2023-H1').")


def doc_from_yaml(data: dict[str, Any], committees: dict[str, dict[str, Any]], source_name: str) -> ResolutionDoc:
    """Build a ``ResolutionDoc`` from one fixtures/resolutions/*.yaml mapping (see fixtures/FORMAT.md)."""
    committee = committees[data["committee"]]
    congress = data["congress"]
    resolution = data["resolution"]

    def target(raw: dict[str, Any], path: str) -> TargetRow:
        results = []
        for i, r in enumerate(raw.get("results") or [], start=1):
            period, year = parse_period(r.get("period", "term"))
            results.append(
                ResultRow(
                    period=period, year=year, text=str(r.get("text", "") or ""),
                    estimate=bool(r.get("estimate", False)), reported=str(r.get("reported", "") or ""),
                    note=str(r.get("note", "") or ""), where=f"{path}, kết quả {i}",
                )
            )
        row = TargetRow(
            number=str(raw.get("number", "") or ""), name=str(raw["name"]).strip(),
            unit=str(raw.get("unit", "") or "").strip(), target=str(raw.get("target", "") or "").strip(),
            basis=str(raw.get("basis") or ""), indicator=str(raw.get("indicator", "") or ""),
            direction=str(raw.get("direction") or ""), note=str(raw.get("note", "") or ""),
            results=results, where=path,
        )
        row.children = [
            target(child, f"{path} › {child.get('number') or f'dòng con thứ {i}'}")
            for i, child in enumerate(raw.get("children") or [], start=1)
        ]
        return row

    sections = []
    for s in data.get("sections") or []:
        code = str(s.get("code", "") or "")
        sections.append(
            SectionRow(
                code=code, title=str(s.get("title", "") or ""),
                targets=[
                    target(t, f"{source_name}: mục {code or '—'}, chỉ tiêu {t.get('number') or f'thứ {i}'}")
                    for i, t in enumerate(s.get("targets") or [], start=1)
                ],
            )
        )
    issued = resolution.get("issued_on")
    if isinstance(issued, str) and issued:
        issued = dt.date.fromisoformat(issued)
    doc = ResolutionDoc(
        committee_key=data["committee"], committee_name=committee["name"],
        ordinal=int(congress["ordinal"]), term_start=int(congress["term_start"]),
        term_end=int(congress["term_end"]), kind=resolution["kind"],
        year=resolution.get("year"), title=resolution["title"], code=str(resolution.get("code") or ""),
        issued_on=issued or None, source=str(data.get("source", "")), sections=sections,
        indicators=[
            IndicatorEntry(
                key=i["key"], name=i["name"], unit=str(i.get("unit", "") or ""),
                direction=i.get("direction", "higher"), aliases=list(i.get("aliases") or []),
                basis=str(i.get("basis") or "latest"), group=str(i.get("group") or ""),
            )
            for i in data.get("indicators") or []
        ],
        summary=str(data.get("summary", "") or ""),
    )
    resolve_ditto_units(doc)
    return doc
