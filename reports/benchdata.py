"""Generated datasets for the benchmarks and the query-count tests: a province, or the whole country.

Test data, not audited writes: bulk inserts (PostgreSQL's COPY for the results of a national
dataset), no history rows, no services; the verdict tallies are counted at the end with
``resolutions.tallies.refresh_tallies``, exactly as a write would count them.

- ``build_dataset``: a province (about 150 committees: its districts and communes), each committee
  with a congress resolution per term of 40 targets and a figure per year.
- ``build_national``: a central committee above 34 provinces, ~700 districts and communes up to
  ~5,000 committees, the same resolutions: about 2 million results.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from indicators.models import Indicator
from indicators.numbers import format_number
from indicators.text import fold_text
from resolutions.models import Committee, Congress, Membership, Resolution, Result, Section, Target
from resolutions.services import result_fields, target_fields
from resolutions.tallies import refresh_tallies

# Target texts of every shape the documents use, with a plausible yearly figure around each.
SHAPES: list[tuple[str, Decimal]] = [
    ("trên 9,5", Decimal("9.5")),
    ("7,5-8", Decimal("7.8")),
    ("dưới 1", Decimal("0.9")),
    ("100", Decimal("100")),
    ("> 70", Decimal("72")),
    ("1.600", Decimal("1600")),
    ("2 - 2,5", Decimal("2.2")),
    ("95", Decimal("94")),
]
BASES = ["latest", "growth_mean", "mean", "sum", "latest"]
SECTIONS = [("I", "KINH TẾ"), ("II", "VĂN HOÁ - XÃ HỘI"), ("III", "MÔI TRƯỜNG"), ("IV", "XÂY DỰNG ĐẢNG")]
BATCH = 2000
TERMS: tuple[tuple[int, int], ...] = ((2015, 2020), (2020, 2025))

Progress = Callable[[str], None]


@dataclass
class Dataset:
    """What a builder made: the top committee, every committee, every resolution, the top's leader.

    ``province_leader`` is the leader of the first province (the national dataset's second reader).
    """

    root: Committee
    committees: list[Committee]
    resolutions: list[Resolution]
    leader: User
    province_leader: User | None = None


def _committee(key: str, name: str, level: str, parent: Committee | None) -> Committee:
    return Committee(key=key, name=name, name_folded=fold_text(name), level=level, parent=parent)


def make_committees(
    count: int, prefix: str, parent: Committee | None, districts: int | None = None
) -> list[Committee]:
    """A province, its districts (default: ~count/15) and communes under the districts: ``count`` in all."""
    root = Committee.objects.create(
        key=f"{prefix}-tinh", name=f"Đảng bộ tỉnh {prefix.upper()}", level="province", parent=parent
    )
    n_districts = max(1, min(count - 1, districts if districts is not None else round(count / 15)))
    made_districts = Committee.objects.bulk_create(
        _committee(f"{prefix}-huyen-{i}", f"Đảng bộ huyện {prefix.upper()} {i:02d}", "district", root)
        for i in range(1, n_districts + 1)
    )
    communes = Committee.objects.bulk_create(
        _committee(f"{prefix}-xa-{i}", f"Đảng bộ xã {prefix.upper()} {i:03d}", "commune",
                   made_districts[i % n_districts])
        for i in range(1, count - n_districts)
    )
    return [root, *made_districts, *communes]


def make_indicators(prefix: str, targets: int) -> list[Indicator]:
    """One catalogue indicator per target position, shared by every committee of the dataset."""
    return Indicator.objects.bulk_create(
        Indicator(key=f"{prefix}-chi-so-{i}", name=f"Chỉ số thử {prefix} {i:02d}",
                  search_folded=fold_text(f"Chỉ số thử {prefix} {i:02d}"), unit="%",
                  direction="lower" if SHAPES[i % len(SHAPES)][0].startswith("dưới") else "higher")
        for i in range(targets)
    )


class _ResultWriter:
    """Inserts results: PostgreSQL's COPY when available (minutes instead of an hour for 2 million),
    else ``bulk_create``. Result columns are parsed once per distinct text.

    Both paths start from the same ``Result`` instances; COPY writes every concrete column of the
    model (its defaults included), so a column added later needs no change here.
    """

    NULL = "\\N"  # COPY's NULL marker: an empty field stays an empty text

    def __init__(self, use_copy: bool) -> None:
        self.use_copy = use_copy and connection.vendor == "postgresql"
        self.parsed: dict[str, dict[str, Any]] = {}
        self.now = timezone.now()
        self.fields = [f for f in Result._meta.concrete_fields if not f.primary_key]

    def parsed_fields(self, text: str) -> dict[str, Any]:
        if text not in self.parsed:
            self.parsed[text] = result_fields(text)
        return self.parsed[text]

    def _copy_value(self, field: Any, result: Result) -> str:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now.isoformat()
        value = getattr(result, field.attname)
        if value is None:
            return self.NULL
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value)

    def write(self, rows: Sequence[tuple[int, str, int | None, str, str]]) -> None:
        """Rows of (target id, period, year, figure, text)."""
        results = (Result(target_id=t, period=p, year=y, figure=f, **self.parsed_fields(text))
                   for t, p, y, f, text in rows)
        if not self.use_copy:
            Result.objects.bulk_create(results, batch_size=BATCH)
            return
        buffer = io.StringIO()
        out = csv.writer(buffer)
        for result in results:
            out.writerow([self._copy_value(field, result) for field in self.fields])
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {Result._meta.db_table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '{self.NULL}')", buffer,
            )


def populate(
    committees: Sequence[Committee], indicators: Sequence[Indicator], terms: Sequence[tuple[int, int]],
    rng: random.Random, writer: _ResultWriter,
) -> list[Resolution]:
    """Each committee gets a congress resolution per term: sections, targets (every tenth a sub-target
    of the one before), a figure per year and, for one target in eight, an entered term estimate."""
    n_targets = len(indicators)
    congresses = Congress.objects.bulk_create(
        Congress(committee=c, ordinal=n + 1, term_start=start, term_end=end)
        for c in committees for n, (start, end) in enumerate(terms)
    )
    resolutions = Resolution.objects.bulk_create(
        Resolution(congress=g, kind="congress", title=f"Nghị quyết Đại hội {g.committee.name}, nhiệm kỳ {g.term}")
        for g in congresses
    )
    sections = Section.objects.bulk_create(
        (Section(resolution=r, code=code, title=title, order=i + 1)
         for r in resolutions for i, (code, title) in enumerate(SECTIONS)),
        batch_size=BATCH,
    )
    section_of = {(s.resolution_id, s.order): s for s in sections}
    per_section = max(1, -(-n_targets // len(SECTIONS)))
    fields = [target_fields(SHAPES[i % len(SHAPES)][0]) for i in range(n_targets)]
    names = [(f"Chỉ tiêu thử số {i + 1}", fold_text(f"Chỉ tiêu thử số {i + 1}")) for i in range(n_targets)]
    parents, children = [], []
    for r in resolutions:
        for i in range(n_targets):
            t = Target(
                resolution=r, section=section_of[(r.pk, i // per_section + 1)], order=i + 1,
                number="" if i % 10 == 9 else str(i + 1), name=names[i][0], name_folded=names[i][1],
                indicator=indicators[i], unit="%", term_basis=BASES[i % len(BASES)],
                direction=indicators[i].direction, direction_source=Target.DirectionSource.CATALOGUE, **fields[i],
            )
            (children if i % 10 == 9 else parents).append(t)
    Target.objects.bulk_create(parents, batch_size=BATCH)
    by_order = {(t.resolution_id, t.order): t for t in parents}
    for t in children:
        t.parent = by_order[(t.resolution_id, t.order - 1)]
    Target.objects.bulk_create(children, batch_size=BATCH)
    rows: list[tuple[int, str, int | None, str, str]] = []
    for t in [*parents, *children]:
        congress = t.resolution.congress
        centre = SHAPES[(t.order - 1) % len(SHAPES)][1]
        for year in range(congress.term_start + 1, congress.term_end + 1):
            value = (centre * Decimal(rng.uniform(0.85, 1.15))).quantize(Decimal("0.1"))
            rows.append((t.pk, "year", year, "official", format_number(value)))
        if t.order % 8 == 0:
            value = (centre * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal("0.1"))
            rows.append((t.pk, "term", None, "estimate", format_number(value)))
    writer.write(rows)
    return resolutions


def make_leader(username: str, committee: Committee) -> User:
    leader = User.objects.create(username=username, first_name=f"Lãnh đạo {committee.name}")
    Membership.objects.create(user=leader, committee=committee, role=Membership.Role.LEADER)
    return leader


def build_dataset(
    committees: int = 150,
    targets: int = 40,
    terms: Sequence[tuple[int, int]] = TERMS,
    prefix: str = "bench",
    parent: Committee | None = None,
    seed: int = 2025,
) -> Dataset:
    """A province of ``committees`` committees × terms congress resolutions × targets, a figure per year.

    Indicators are shared across the committees (one per target position), so overviews and
    comparisons have something to compare.
    """
    rng = random.Random(seed)
    made = make_committees(committees, prefix, parent)
    indicators = make_indicators(prefix, targets)
    resolutions = populate(made, indicators, terms, rng, _ResultWriter(use_copy=False))
    refresh_tallies(r.pk for r in resolutions)
    return Dataset(made[0], made, resolutions, make_leader(f"lanhdao.{prefix}", made[0]))


def _shares(total: int, parts: int) -> Iterator[int]:
    """``total`` split into ``parts`` near-equal whole shares."""
    for i in range(parts):
        yield total * (i + 1) // parts - total * i // parts


def build_national(
    committees: int = 5000,
    provinces: int = 34,
    districts: int = 700,
    targets: int = 40,
    terms: Sequence[tuple[int, int]] = TERMS,
    prefix: str = "qg",
    seed: int = 2025,
    progress: Progress | None = None,
) -> Dataset:
    """The whole country: a central committee, ``provinces`` provinces, ``districts`` districts and
    communes up to ``committees`` committees, built province by province (bounded memory)."""
    say = progress or (lambda _message: None)
    rng = random.Random(seed)
    central = Committee.objects.create(
        key=f"{prefix}-trung-uong", name="Ban Chấp hành Trung ương (dữ liệu thử)", level="central",
    )
    indicators = make_indicators(prefix, targets)
    writer = _ResultWriter(use_copy=True)
    made: list[Committee] = [central]
    resolutions: list[Resolution] = []
    province_sizes = _shares(committees - 1, provinces)
    district_counts = _shares(districts, provinces)
    for i, (size, n_districts) in enumerate(zip(province_sizes, district_counts, strict=True), start=1):
        province = make_committees(size, f"{prefix}{i:02d}", central, districts=n_districts)
        made.extend(province)
        resolutions.extend(populate(province, indicators, terms, rng, writer))
        say(f"tỉnh {i}/{provinces}: {len(made)} đảng bộ")
    resolutions.extend(populate([central], indicators, terms, rng, writer))
    ids = [r.pk for r in resolutions]
    for start in range(0, len(ids), 1000):
        refresh_tallies(ids[start:start + 1000])
        say(f"đã đếm đánh giá {min(start + 1000, len(ids))}/{len(ids)} nghị quyết")
    leader = make_leader(f"lanhdao.{prefix}", central)
    province_leader = make_leader(f"lanhdao.{prefix}01", made[1])
    return Dataset(central, made, resolutions, leader, province_leader)


__all__ = ["Dataset", "build_dataset", "build_national"]
