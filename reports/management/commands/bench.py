"""Dashboard timings on a generated dataset (printed, not asserted).

``python manage.py bench`` builds a province (about 150 committees: districts and communes), each
committee with two congress resolutions (2015 - 2020 and 2020 - 2025) of 40 targets and a figure per
year (see ``reports.benchdata``), inside a transaction that is rolled back at the end, so the
database is left as it was. ``--scale national`` builds the whole country instead (about 5,000
committees under 34 provinces, 2 million results; meant for PostgreSQL, a few minutes to build);
``--keep`` commits it, and later runs with ``--keep`` reuse it instead of building it again.

Each page is requested ``--repeat`` times as its reader; one line per page:
``<name>: trung vị N ms (nhỏ nhất N ms, N lần, N KB) — giới hạn 300 ms: đạt``.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from reports.benchdata import Dataset, build_dataset, build_national
from reports.benchtools import vn
from resolutions.models import Committee, Resolution, Result, Target

LIMIT_MS = 300  # issue 11: a leader's home, a scoreboard and an overview, at province and national scale
NATIONAL_KEY = "qg-trung-uong"


class _Rollback(Exception):
    """Raised to roll the generated dataset back."""


def database_label() -> str:
    """Which database the timings come from, e.g. "PostgreSQL 15.8 (tracker_perf)" or "SQLite 3.40 (db.sqlite3)"."""
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        return f"PostgreSQL {version} ({name})"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({getattr(name, 'name', name)})"
    return f"{connection.vendor} ({name})"


def analyze(vacuum: bool) -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would gather them (PostgreSQL).

    With ``vacuum`` (a committed dataset), VACUUM too, which marks the pages all-visible so that the
    tallies' covering index is read without the table (index-only scans).
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def existing_national() -> Dataset | None:
    """The national dataset a previous ``--keep`` run left, if any."""
    root = Committee.objects.filter(key=NATIONAL_KEY).first()
    if root is None:
        return None
    province = Committee.objects.filter(parent=root).order_by("key").first()
    return Dataset(
        root, [], list(Resolution.objects.filter(congress__committee=root)),
        User.objects.get(username="lanhdao.qg"), User.objects.get(username="lanhdao.qg01"),
    ) if province else None


class Command(BaseCommand):
    help = "Đo thời gian các trang tổng hợp trên bộ dữ liệu sinh ngẫu nhiên cấp tỉnh hoặc cả nước."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["province", "national"], default="province",
                            help="province: một tỉnh ~150 đảng bộ; national: cả nước ~5.000 đảng bộ")
        parser.add_argument("--committees", type=int, default=None, help="số đảng bộ (mặc định 150 / 5.000)")
        parser.add_argument("--targets", type=int, default=40)
        parser.add_argument("--repeat", type=int, default=5, help="số lần gọi mỗi trang (lấy trung vị)")
        parser.add_argument("--keep", action="store_true",
                            help="cả nước: giữ lại bộ dữ liệu (lần sau dùng lại, không tạo lại)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Cơ sở dữ liệu: {database_label()}")
        load = os.getloadavg()[0]
        self.stdout.write(f"Tải máy lúc bắt đầu: {vn(load, 1)} ({os.cpu_count()} nhân) — máy bận thì thời gian chờ tăng, "
                          "thời gian CPU của tiến trình web ít đổi")
        if options["keep"] and options["scale"] != "national":
            raise CommandError("--keep chỉ dùng với --scale national.")
        if options["keep"]:
            data = existing_national()
            if data is None:
                with transaction.atomic():
                    data = self._build(options)
                analyze(vacuum=True)
            else:
                self.stdout.write("Dùng lại bộ dữ liệu cả nước đã giữ từ lần trước.")
            self._measure(data, options["scale"], options["repeat"])
            return
        try:
            with transaction.atomic():
                data = self._build(options)
                analyze(vacuum=False)
                self._measure(data, options["scale"], options["repeat"])
                raise _Rollback
        except _Rollback:
            self.stdout.write("Đã hoàn tác toàn bộ dữ liệu thử.")

    def _build(self, options: dict[str, Any]) -> Dataset:
        started = time.perf_counter()
        if options["scale"] == "national":
            data = build_national(
                committees=options["committees"] or 5000, targets=options["targets"],
                progress=lambda message: self.stdout.write(f"  … {message}"),
            )
        else:
            data = build_dataset(options["committees"] or 150, options["targets"])
        n_resolutions = len(data.resolutions)
        n_results = Result.objects.filter(target__resolution__in=data.resolutions).count()
        self.stdout.write(
            f"Dữ liệu thử: {vn(len(data.committees), 0)} đảng bộ, {vn(n_resolutions, 0)} nghị quyết, "
            f"{vn(n_resolutions * options['targets'], 0)} chỉ tiêu, {vn(n_results, 0)} kết quả "
            f"— tạo trong {vn(time.perf_counter() - started, 1)} giây"
        )
        return data

    def _pages(self, data: Dataset, scale: str) -> list[tuple[str, User, str, bool]]:
        """(name, reader, address, held to the 300 ms limit) of the pages to time."""
        root = data.root
        latest = Resolution.objects.filter(congress__committee=root).order_by("-congress__term_start").first()
        scoreboard = reverse("reports:scoreboard", args=[latest.pk])
        target = Target.objects.filter(resolution=latest, number="1").first()
        below = Committee.objects.filter(parent=root).order_by("key").first()
        overview = reverse("reports:committee_overview", args=[root.pk])
        home = reverse("reports:home")
        if scale == "province":
            return [
                ("Bảng chỉ tiêu (nghị quyết cấp tỉnh, cả nhiệm kỳ)", data.leader, scoreboard, True),
                ("Bảng chỉ tiêu (một năm)", data.leader, scoreboard + "?period=2023", True),
                ("Tổng quan đảng bộ cấp dưới (các huyện, cộng cả cấp dưới)", data.leader, overview, True),
                ("Tổng quan đảng bộ cấp dưới (một huyện: các xã)", data.leader,
                 reverse("reports:committee_overview", args=[below.pk]), True),
                ("Trang chỉ tiêu (so sánh cấp dưới)", data.leader,
                 reverse("reports:indicator", args=[latest.pk, target.pk]), False),
                ("Trang chủ (lãnh đạo tỉnh)", data.leader, home, True),
                ("Trang chủ (một huyện)", data.leader, f"{home}?dang_bo={below.pk}", True),
            ]
        province = Committee.objects.get(pk=below.pk)
        province_resolution = Resolution.objects.filter(congress__committee=province).order_by(
            "-congress__term_start").first()
        assert data.province_leader is not None
        return [
            ("Trang chủ (lãnh đạo trung ương: 34 tỉnh)", data.leader, home, True),
            ("Tổng quan (trung ương: 34 tỉnh, cộng cả cấp dưới)", data.leader, overview, True),
            ("Bảng chỉ tiêu (trung ương, cả nhiệm kỳ)", data.leader, scoreboard, True),
            ("Trang chủ (lãnh đạo tỉnh)", data.province_leader, home, True),
            ("Tổng quan (tỉnh: các huyện, cộng cả cấp dưới)", data.province_leader,
             reverse("reports:committee_overview", args=[province.pk]), True),
            ("Bảng chỉ tiêu (tỉnh, cả nhiệm kỳ)", data.province_leader,
             reverse("reports:scoreboard", args=[province_resolution.pk]), True),
            ("Trang chỉ tiêu (trung ương, so sánh 34 tỉnh)", data.leader,
             reverse("reports:indicator", args=[latest.pk, target.pk]), False),
        ]

    def _measure(self, data: Dataset, scale: str, repeat: int) -> None:
        clients: dict[int, Client] = {}
        for label, reader, url, limited in self._pages(data, scale):
            if reader.pk not in clients:
                clients[reader.pk] = Client()
                clients[reader.pk].force_login(reader)
            client = clients[reader.pk]
            timings, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                if response.status_code != 200:
                    raise CommandError(f"{url}: HTTP {response.status_code}")
            median_ms = statistics.median(timings) * 1000
            verdict = ""
            if limited:
                verdict = f" — giới hạn {LIMIT_MS} ms: {'đạt' if median_ms <= LIMIT_MS else 'CHƯA ĐẠT'}"
            self.stdout.write(
                f"{label}: trung vị {vn(median_ms, 0)} ms "
                f"(nhỏ nhất {vn(min(timings) * 1000, 0)} ms, CPU trung vị {vn(statistics.median(cpu) * 1000, 0)} ms, "
                f"{repeat} lần, {len(response.content) // 1024} KB){verdict}"
            )
