"""Dashboard timings on a generated province-scale dataset (printed, not asserted).

``python manage.py bench`` builds about 150 committees (a province, its districts and communes),
each with two congress resolutions (2015 - 2020 and 2020 - 2025) of 40 targets and ten years of
results, inside a transaction that is rolled back at the end, so the database is left as it was.
It is test data, not audited writes: bulk_create, no history rows, no services. ``build_dataset``
is also what the query-count tests use for their "ten times larger" dataset.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test import Client
from django.urls import reverse

from indicators.models import Indicator
from indicators.numbers import format_number
from indicators.text import fold_text
from reports.benchtools import vn
from resolutions.models import Committee, Congress, Membership, Resolution, Result, Section, Target
from resolutions.services import result_fields, target_fields

# Target texts of every shape the documents use, with a plausible yearly figure around each.
_SHAPES: list[tuple[str, Decimal]] = [
    ("trên 9,5", Decimal("9.5")),
    ("7,5-8", Decimal("7.8")),
    ("dưới 1", Decimal("0.9")),
    ("100", Decimal("100")),
    ("> 70", Decimal("72")),
    ("1.600", Decimal("1600")),
    ("2 - 2,5", Decimal("2.2")),
    ("95", Decimal("94")),
]
_BASES = ["latest", "growth_mean", "mean", "sum", "latest"]
_SECTIONS = [("I", "KINH TẾ"), ("II", "VĂN HOÁ - XÃ HỘI"), ("III", "MÔI TRƯỜNG"), ("IV", "XÂY DỰNG ĐẢNG")]
_BATCH = 2000




@dataclass
class Dataset:
    """What ``build_dataset`` made: the top committee, every committee, every resolution, a leader."""

    root: Committee
    committees: list[Committee]
    resolutions: list[Resolution]
    leader: User


def _committees(count: int, prefix: str, parent: Committee | None) -> list[Committee]:
    """A province, ~count/15 districts under it and communes under the districts (parents by level)."""
    root = Committee.objects.create(
        key=f"{prefix}-tinh", name=f"Đảng bộ tỉnh {prefix.upper()}", level="province", parent=parent
    )
    n_districts = max(1, min(count - 1, round(count / 15)))
    districts = Committee.objects.bulk_create(
        Committee(key=f"{prefix}-huyen-{i}", name=f"Đảng bộ huyện {prefix.upper()} {i:02d}",
                  name_folded=fold_text(f"Đảng bộ huyện {prefix.upper()} {i:02d}"), level="district", parent=root)
        for i in range(1, n_districts + 1)
    )
    communes = Committee.objects.bulk_create(
        Committee(key=f"{prefix}-xa-{i}", name=f"Đảng bộ xã {prefix.upper()} {i:03d}",
                  name_folded=fold_text(f"Đảng bộ xã {prefix.upper()} {i:03d}"), level="commune",
                  parent=districts[i % n_districts])
        for i in range(1, count - n_districts)
    )
    return [root, *districts, *communes]


def build_dataset(
    committees: int = 150,
    targets: int = 40,
    terms: Sequence[tuple[int, int]] = ((2015, 2020), (2020, 2025)),
    prefix: str = "bench",
    parent: Committee | None = None,
    seed: int = 2025,
) -> Dataset:
    """Generate committees × terms congress resolutions × targets, each target with a figure per year.

    Every tenth target is a sub-target ("trong đó") of the one before; one in eight targets also has
    an entered term figure. Indicators are shared across committees (one per target position), so
    overviews and comparisons have something to compare.
    """
    rng = random.Random(seed)
    made = _committees(committees, prefix, parent)
    indicators = Indicator.objects.bulk_create(
        Indicator(key=f"{prefix}-chi-so-{i}", name=f"Chỉ số thử {prefix} {i:02d}",
                  search_folded=fold_text(f"Chỉ số thử {prefix} {i:02d}"), unit="%",
                  direction="lower" if _SHAPES[i % len(_SHAPES)][0].startswith("dưới") else "higher")
        for i in range(targets)
    )
    congresses = Congress.objects.bulk_create(
        Congress(committee=c, ordinal=n + 1, term_start=start, term_end=end)
        for c in made for n, (start, end) in enumerate(terms)
    )
    resolutions = Resolution.objects.bulk_create(
        Resolution(congress=g, kind="congress", title=f"Nghị quyết Đại hội {g.committee.name}, nhiệm kỳ {g.term}")
        for g in congresses
    )
    sections = Section.objects.bulk_create(
        Section(resolution=r, code=code, title=title, order=i + 1)
        for r in resolutions for i, (code, title) in enumerate(_SECTIONS)
    )
    section_of = {(s.resolution_id, s.order): s for s in sections}
    per_section = max(1, -(-targets // len(_SECTIONS)))
    parents, children = [], []
    for r in resolutions:
        for i in range(targets):
            text, _centre = _SHAPES[i % len(_SHAPES)]
            fields = target_fields(text)
            t = Target(
                resolution=r, section=section_of[(r.pk, i // per_section + 1)], order=i + 1,
                number="" if i % 10 == 9 else str(i + 1), name=f"Chỉ tiêu thử số {i + 1}",
                name_folded=fold_text(f"Chỉ tiêu thử số {i + 1}"), indicator=indicators[i], unit="%",
                term_basis=_BASES[i % len(_BASES)], direction=indicators[i].direction,
                direction_source=Target.DirectionSource.CATALOGUE, **fields,
            )
            (children if i % 10 == 9 else parents).append(t)
    Target.objects.bulk_create(parents, batch_size=_BATCH)
    by_order = {(t.resolution_id, t.order): t for t in parents}
    for t in children:
        t.parent = by_order[(t.resolution_id, t.order - 1)]
    Target.objects.bulk_create(children, batch_size=_BATCH)
    results = []
    for t in [*parents, *children]:
        congress = t.resolution.congress
        centre = _SHAPES[(t.order - 1) % len(_SHAPES)][1]
        for year in range(congress.term_start + 1, congress.term_end + 1):
            value = (centre * Decimal(rng.uniform(0.85, 1.15))).quantize(Decimal("0.1"))
            results.append(Result(target=t, period="year", year=year, **result_fields(format_number(value))))
        if t.order % 8 == 0:
            value = (centre * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal("0.1"))
            results.append(Result(target=t, period="term", year=None, figure="estimate",
                                  **result_fields(format_number(value))))
    Result.objects.bulk_create(results, batch_size=_BATCH)
    leader = User.objects.create(username=f"lanhdao.{prefix}", first_name=f"Lãnh đạo {prefix}")
    Membership.objects.create(user=leader, committee=made[0], role=Membership.Role.LEADER)
    return Dataset(made[0], made, resolutions, leader)


class _Rollback(Exception):
    """Raised to roll the generated dataset back."""


class Command(BaseCommand):
    help = "Đo thời gian các trang tổng hợp trên bộ dữ liệu cấp tỉnh sinh ngẫu nhiên (không lưu lại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committees", type=int, default=150)
        parser.add_argument("--targets", type=int, default=40)
        parser.add_argument("--repeat", type=int, default=5, help="số lần gọi mỗi trang (lấy trung vị)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                self._run(options["committees"], options["targets"], options["repeat"])
                raise _Rollback
        except _Rollback:
            self.stdout.write("Đã hoàn tác toàn bộ dữ liệu thử.")

    def _run(self, n_committees: int, n_targets: int, repeat: int) -> None:
        started = time.perf_counter()
        data = build_dataset(n_committees, n_targets)
        n_results = Result.objects.filter(target__resolution__in=data.resolutions).count()
        self.stdout.write(
            f"Dữ liệu thử: {len(data.committees)} đảng bộ, {len(data.resolutions)} nghị quyết, "
            f"{len(data.resolutions) * n_targets} chỉ tiêu, {n_results} kết quả "
            f"— tạo trong {vn(time.perf_counter() - started, 1)} giây"
        )
        client = Client()
        client.force_login(data.leader)
        latest = max(
            (r for r in data.resolutions if r.congress.committee_id == data.root.pk),
            key=lambda r: r.congress.term_start,
        )
        some_target = Target.objects.filter(resolution=latest, number="1").first()
        pages = [
            ("Bảng chỉ tiêu (nghị quyết cấp tỉnh, cả nhiệm kỳ)", reverse("reports:scoreboard", args=[latest.pk])),
            ("Bảng chỉ tiêu (một năm)", reverse("reports:scoreboard", args=[latest.pk]) + "?period=2023"),
            ("Tổng quan đảng bộ cấp dưới (trực thuộc)", reverse("reports:committee_overview", args=[data.root.pk])),
            ("Tổng quan đảng bộ cấp dưới (tất cả các cấp)",
             reverse("reports:committee_overview", args=[data.root.pk]) + "?depth=all"),
            ("Trang chỉ tiêu (so sánh cấp dưới)", reverse("reports:indicator", args=[latest.pk, some_target.pk])),
            ("Trang chủ", reverse("reports:home")),
        ]
        for label, url in pages:
            timings = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
            self.stdout.write(
                f"{label}: trung vị {vn(statistics.median(timings) * 1000, 0)} ms "
                f"(nhỏ nhất {vn(min(timings) * 1000, 0)} ms, {repeat} lần, {len(response.content) // 1024} KB)"
            )
