"""A small load generator: signed-in users clicking through pages of a running server, with timings.

Threads and ``http.client`` rather than locust: 50 users reading pages is well within one process
(the time goes to the server, not to the client), nothing needs installing, and the result is the
project's own bench lines. Each user signs in through the login page (CSRF token, password, the
throttled login), then repeats: pick a page by weight, GET it, check it, think 1–3 s. Requests go to
127.0.0.1 only, as a TLS proxy would send them (``X-Forwarded-Proto: https``), and the run stops by
itself after ``duration`` seconds.
"""

from __future__ import annotations

import http.client
import random
import re
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    """A page a user may open: its label, address, how often it is picked, and what a good answer is."""

    label: str
    path: str
    weight: int = 1
    content_type: str = "text/html"


@dataclass(frozen=True)
class Sample:
    label: str
    status: int  # 0: no answer (connection error, timeout)
    seconds: float
    error: str = ""


@dataclass
class Summary:
    """What a run measured: every answer's time, errors, requests per second."""

    samples: list[Sample]
    duration: float
    sign_in_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.error]

    @property
    def rate(self) -> float:
        return len(self.samples) / self.duration if self.duration else 0.0

    def times(self, label: str | None = None) -> list[float]:
        return [s.seconds for s in self.samples if label is None or s.label == label]


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100) by linear interpolation between closest ranks; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


class Browser:
    """One user's cookies and requests to one server (a new connection per request, as gunicorn's sync
    workers close each one)."""

    def __init__(self, host: str, port: int, *, behind_proxy: bool, timeout: float = 30.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.behind_proxy = behind_proxy
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"{'https' if self.behind_proxy else 'http'}://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "chitieu-loadtest", "Accept-Encoding": "identity"}
        if self.behind_proxy:
            headers["X-Forwarded-Proto"] = "https"  # what the nginx in deploy/ sends
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for raw in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(raw)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            connection.close()

    def sign_in(self, username: str, password: str) -> None:
        """Through the login page; raises RuntimeError when the server does not sign the user in."""
        status, _headers, page = self.request("GET", "/admin/login/?next=/")
        found = _CSRF_INPUT.search(page.decode("utf-8", "replace"))
        if status != 200 or found is None:
            raise RuntimeError(f"trang đăng nhập trả về {status}")
        form = urlencode({"csrfmiddlewaretoken": found.group(1), "username": username, "password": password,
                          "next": "/"})
        status, headers, _page = self.request("POST", "/admin/login/?next=/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"đăng nhập '{username}' không được (HTTP {status})")

    def open(self, page: Page) -> Sample:
        started = time.perf_counter()
        try:
            status, headers, content = self.request("GET", page.path)
        except (OSError, http.client.HTTPException) as exc:
            return Sample(page.label, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
        seconds = time.perf_counter() - started
        error = ""
        if status != 200:
            error = f"HTTP {status}"
        elif not headers.get("content-type", "").startswith(page.content_type) or not content:
            error = f"nội dung {headers.get('content-type')!r}, {len(content)} byte"
        return Sample(page.label, status, seconds, error)


def run(
    host: str, port: int, users: Sequence[tuple[str, str]], pages: Sequence[Page], *, duration: float,
    think: tuple[float, float] = (1.0, 3.0), behind_proxy: bool = True, seed: int = 2025,
) -> Summary:
    """Sign every user in, then let them all click for ``duration`` seconds; returns every sample.

    Sign-ins happen before the clock starts (they are not part of the measured traffic).
    """
    browsers: list[tuple[Browser, random.Random]] = []
    sign_in_errors: list[str] = []
    lock = threading.Lock()

    def sign_in(n: int, username: str, password: str) -> None:
        browser = Browser(host, port, behind_proxy=behind_proxy)
        try:
            browser.sign_in(username, password)
        except (RuntimeError, OSError, http.client.HTTPException) as exc:
            with lock:
                sign_in_errors.append(f"{username}: {exc}")
            return
        with lock:
            browsers.append((browser, random.Random(seed + n)))

    threads = [threading.Thread(target=sign_in, args=(n, u, p)) for n, (u, p) in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    samples: list[Sample] = []
    weights = [p.weight for p in pages]
    started = time.perf_counter()
    deadline = started + duration

    def click(browser: Browser, rng: random.Random) -> None:
        time.sleep(rng.uniform(0, think[1]))  # users do not all start on the same second
        while time.perf_counter() < deadline:
            sample = browser.open(rng.choices(pages, weights)[0])
            with lock:
                samples.append(sample)
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=click, args=pair) for pair in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Summary(samples, time.perf_counter() - started, sign_in_errors)
