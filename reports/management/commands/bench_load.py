"""Load test (a benchmark: printed, not asserted): the production server under 50 signed-in leaders.

``python manage.py bench_load`` (``make bench``), with ``DATABASE_URL`` pointing at PostgreSQL:
1. creates a throwaway database beside it (``<name>_load``), migrates it and fills it with the
   province-scale dataset of ``bench`` (150 committees, two terms, 40 targets, ten years of
   results), plus 50 leaders of the province;
2. collects static files and starts gunicorn with the production settings (``DEBUG=0``, workers
   as ``make serve`` chooses them) on 127.0.0.1;
3. signs the 50 leaders in and lets them click for 60 s through the home page, scoreboards (whole
   term and one year), indicator pages, the overview of the committees below and an Excel export,
   reading 1–3 s between clicks (``reports.loadtest``);
4. stops the server, drops the database and prints requests per second, p50/p95/p99 and errors.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from reports.benchtools import vn
from reports.loadtest import Page, Summary, median, percentile, run
from reports.management.commands.bench import build_dataset
from resolutions.access import LEADER_GROUP
from resolutions.demo import ensure_roles
from resolutions.models import Membership, Result, Target

PASSWORD = "TaiThu@2025-load"  # noqa: S105 - the throwaway database's test users
GOAL_P95_MS = 500


class Command(BaseCommand):
    help = ("Đo tải: chạy máy chủ thật (gunicorn, PostgreSQL, dữ liệu cấp tỉnh), 50 lãnh đạo cùng xem trang "
            "trong 60 giây; in số yêu cầu/giây, trung vị, p95, p99 và số lỗi.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=float, default=60.0, help="giây")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT") or 8099))
        parser.add_argument("--workers", type=int, default=None, help="mặc định: 2 × số lõi + 1 (như make serve)")
        parser.add_argument("--committees", type=int, default=150)
        parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                            help="giây đọc trang giữa hai lần bấm")
        parser.add_argument("--keep", action="store_true", help="giữ lại cơ sở dữ liệu thử sau khi đo")
        parser.add_argument("--skip", nargs="*", default=[], metavar="TÊN_TRANG",
                            help='bỏ các trang có tên bắt đầu bằng chừng ấy chữ, ví dụ --skip "Trang chủ"')
        parser.add_argument("--prepare", action="store_true", help=  # internal: run inside the load database
                            "(nội bộ) tạo dữ liệu thử trong cơ sở dữ liệu hiện tại và in danh sách trang")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["prepare"]:
            self.stdout.write(json.dumps(prepare(options["committees"], options["users"])))
            return
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            self.stdout.write("Đo tải: bỏ qua (cần PostgreSQL: DATABASE_URL=postgres://...).")
            return
        if not _port_is_free(options["port"]):
            raise CommandError(f"Cổng {options['port']} đang có chương trình khác dùng; chọn cổng khác bằng --port "
                               "hoặc biến môi trường BENCH_PORT.")
        load_url = _load_database_url(url)
        env = {**os.environ, "DATABASE_URL": load_url}
        started = time.perf_counter()
        _recreate_database(load_url)
        try:
            _manage(env, "migrate", "--noinput", "--verbosity", "0")
            prepared = json.loads(_manage(env, "bench_load", "--prepare", "--committees", str(options["committees"]),
                                          "--users", str(options["users"])))
            self.stdout.write(
                f"Dữ liệu thử: {prepared['committees']} đảng bộ, {prepared['resolutions']} nghị quyết, "
                f"{vn(prepared['results'], 0)} kết quả — chuẩn bị trong {vn(time.perf_counter() - started, 0)} giây"
            )
            summary, workers = self._serve_and_load(env, prepared, options)
        finally:
            if not options["keep"]:
                _drop_database(load_url)
        self._report(summary, workers, options)

    def _serve_and_load(self, env: dict[str, str], prepared: dict[str, Any], options: dict[str, Any]
                        ) -> tuple[Summary, int]:
        static_root = tempfile.mkdtemp(prefix="chitieu-static-")
        server_env = {**env, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
                      "PORT": str(options["port"]), "STATIC_ROOT": static_root, "LOG_LEVEL": "ERROR"}
        if options["workers"]:
            server_env["WEB_CONCURRENCY"] = str(options["workers"])
        _manage(server_env, "collectstatic", "--noinput", "--verbosity", "0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        log = open(Path(static_root) / "gunicorn.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [str(gunicorn), "--config", str(settings.BASE_DIR / "config" / "gunicorn.conf.py"),
             "--access-logfile", "/dev/null", "config.wsgi"],
            cwd=settings.BASE_DIR, env=server_env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(options["port"], server)
            workers = int(server_env.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
            skipped = tuple(options["skip"])
            pages = [Page(p["label"], p["path"], p["weight"], p.get("content_type", "text/html"))
                     for p in prepared["pages"] if not (skipped and p["label"].startswith(skipped))]
            users = [(name, PASSWORD) for name in prepared["users"]]
            summary = run("127.0.0.1", options["port"], users, pages, duration=options["duration"],
                          think=tuple(options["think"]))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
        return summary, workers

    def _report(self, summary: Summary, workers: int, options: dict[str, Any]) -> None:
        def line(label: str, times: list[float]) -> str:
            ms = [t * 1000 for t in times]
            return (f"{label}: trung vị {vn(median(ms), 0)} ms, p95 {vn(percentile(ms, 95), 0)} ms, "
                    f"p99 {vn(percentile(ms, 99), 0)} ms ({vn(len(ms), 0)} yêu cầu)")

        signed_in = options["users"] - len(summary.sign_in_errors)
        if options["skip"]:
            self.stdout.write(f"(Không đo các trang: {', '.join(options['skip'])})")
        self.stdout.write(
            f"Tải {signed_in} lãnh đạo đăng nhập, {vn(options['duration'], 0)} giây, gunicorn {workers} tiến trình "
            f"trên {len(os.sched_getaffinity(0))} lõi: {vn(summary.rate, 1)} yêu cầu/giây, "
            f"{len(summary.errors)} lỗi, {len(summary.sign_in_errors)} lỗi đăng nhập"
        )
        self.stdout.write(line("Mọi trang", summary.times()))
        for label in dict.fromkeys(s.label for s in summary.samples):
            self.stdout.write(line(f"  {label}", summary.times(label)))
        for problem in (summary.sign_in_errors + [f"{s.label}: {s.error}" for s in summary.errors])[:10]:
            self.stdout.write(f"  lỗi — {problem}")
        p95 = percentile([t * 1000 for t in summary.times()], 95)
        met = not summary.errors and not summary.sign_in_errors and p95 < GOAL_P95_MS
        self.stdout.write(f"Mục tiêu (0 lỗi, p95 dưới {GOAL_P95_MS} ms): {'đạt' if met else 'chưa đạt'}")


def prepare(committees: int, users: int) -> dict[str, Any]:
    """Inside the load database: the dataset, the leaders, and the pages they will open."""
    data = build_dataset(committees, 40)
    group = ensure_roles()[LEADER_GROUP]
    password = make_password(PASSWORD)  # hashed once: 50 hashes would take longer than the data
    leaders = User.objects.bulk_create(
        User(username=f"lanhdao.tai{n:02d}", first_name=f"Lãnh đạo thử {n}", is_staff=True, password=password)
        for n in range(1, users + 1)
    )
    Membership.objects.bulk_create(Membership(user=u, committee=data.root, role="leader") for u in leaders)
    group.user_set.add(*leaders)
    root_resolutions = sorted((r for r in data.resolutions if r.congress.committee_id == data.root.pk),
                              key=lambda r: r.congress.term_start)
    latest, earlier = root_resolutions[-1], root_resolutions[0]
    district = next(r for r in data.resolutions if r.congress.committee.level == "district"
                    and r.congress.term_start == latest.congress.term_start)
    targets = list(Target.objects.filter(resolution=latest, number__in=["1", "5", "12"]).order_by("order"))
    pages = [
        {"label": "Trang chủ", "path": reverse("reports:home"), "weight": 4},
        {"label": "Bảng chỉ tiêu cấp tỉnh (cả nhiệm kỳ)", "path": reverse("reports:scoreboard", args=[latest.pk]),
         "weight": 4},
        {"label": "Bảng chỉ tiêu cấp tỉnh (một năm)",
         "path": reverse("reports:scoreboard", args=[latest.pk]) + "?period=2023", "weight": 2},
        {"label": "Bảng chỉ tiêu cấp huyện", "path": reverse("reports:scoreboard", args=[district.pk]), "weight": 2},
        {"label": "Bảng chỉ tiêu nhiệm kỳ trước", "path": reverse("reports:scoreboard", args=[earlier.pk]),
         "weight": 1},
        *({"label": "Trang chỉ tiêu", "path": reverse("reports:indicator", args=[latest.pk, t.pk]), "weight": 2}
          for t in targets),
        {"label": "Tổng quan đảng bộ cấp dưới", "path": reverse("reports:committee_overview", args=[data.root.pk]),
         "weight": 2},
        {"label": "Tải phụ lục Excel", "path": reverse("reports:export", args=[latest.pk]) + "?layout=term",
         "weight": 1, "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ]
    return {
        "committees": len(data.committees), "resolutions": len(data.resolutions),
        "results": Result.objects.count(), "users": [u.username for u in leaders], "pages": pages,
    }


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CommandError(f"manage.py {' '.join(args)} thất bại:\n{done.stderr[-3000:]}")
    return done.stdout


def _load_database_url(url: str) -> str:
    """The throwaway database beside the one in ``url`` (postgres://…/tracker → postgres://…/tracker_load)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'postgres'}_load"))


def _admin_connection(url: str) -> Any:
    import psycopg2

    parsed = dj_database_url.parse(url)
    connection = psycopg2.connect(dbname="postgres", user=parsed["USER"], password=parsed["PASSWORD"] or None,
                                  host=parsed["HOST"] or None, port=parsed["PORT"] or None)
    connection.autocommit = True
    return connection


def _recreate_database(url: str) -> None:
    name = dj_database_url.parse(url)["NAME"]
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def _drop_database(url: str) -> None:
    name = dj_database_url.parse(url)["NAME"]
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        connection.close()


def _port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:``port`` yet (else the load would time another server)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(port: int, server: subprocess.Popen[Any], timeout: float = 60.0) -> None:
    """Until the server answers its login page (or gives up)."""
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn dừng ngay khi khởi động (xem nhật ký).")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/admin/login/", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise CommandError(f"gunicorn không trả lời trên cổng {port} sau {timeout:.0f} giây.")
