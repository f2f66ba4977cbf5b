"""A real browser signs in as each demo role and opens every page linked from home and the admin home.

Each page must load without a console error (a missing favicon, a script blocked or failing), show no
year grouped like a number ("Năm 2.025"), leave no English word of the admin on screen, and at a
phone's width (390 px) never be wider than the screen. The one-form entry picker is also driven with
JavaScript: its period list follows the chosen resolution.

One Chromium for the whole module, one context per role, the viewport switched between desktop and
phone on the same page (media queries apply on resize, so each page loads once). Data: see the note on
``live_server`` and the seed reload in ``test_dashboard_browser.py``; the same two guards are used here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from resolutions.demo import ensure_demo_users
from resolutions.models import Resolution
from resolutions.seeds import load_seeds

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The demo logins (README "Demo logins").
ROLES = {"quantri": "QuanTri@2025", "lanhdao.hungyen": "LanhDao@2025", "canbo.khoaichau": "NhapLieu@2025"}

# English the admin, simple-history or import-export may leave on screen; whole words.
ENGLISH = ["Show counts", "Hide counts", "Skip to main content", "Toggle theme", "PERIOD LABEL", "Add", "Change",
           "Delete", "Save", "Search", "History", "Filter", "Log out", "Home", "Import", "Export", "By"]
# Not inside an identifier such as an indicator key ("import-export-tax-revenue").
ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])", re.IGNORECASE)
GROUPED_YEAR = "Năm 2.0"

# Links that are not pages to read: downloads, signing out, the history of one object's change form.
SKIP = re.compile(r"/excel/|/word/|/logout/|^#|^mailto:|^javascript:")

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Chromium không có tại /usr/bin/chromium; bật bằng: apt-get install chromium",
    ),
]


@pytest.fixture(scope="module", autouse=True)
def seeds_reloaded_after_the_flush(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        load_seeds()
        ensure_demo_users()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def signed_in(browser: Any, base: str, username: str) -> tuple[Any, Any, list[str]]:
    """A page of a fresh context signed in as ``username``, and the list its console errors go to."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/admin/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", ROLES[username])
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")
    return context, page, errors


def linked_pages(page: Any, base: str) -> list[str]:
    """Same-site pages linked from home and from the admin home, each once."""
    found: set[str] = set()
    for start in ("/", "/admin/"):
        page.goto(f"{base}{start}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            if href and href.startswith("/") and not SKIP.search(href):
                found.add(href.split("#")[0])
    return sorted(found | {"/", "/admin/"})


def problems_on(page: Any, url: str, errors: list[str]) -> list[str]:
    """What is wrong with the page at ``url`` (already loaded): errors, grouped years, English, and a page
    wider than the screen at desktop or phone width."""
    found = [f"{url}: lỗi trong console: {e}" for e in errors]
    text = page.inner_text("body")
    if GROUPED_YEAR in text:
        found.append(f"{url}: năm bị tách nhóm: …{text[max(text.index(GROUPED_YEAR) - 40, 0):][:80]}…")
    english = sorted({m.group(0) for m in ENGLISH_RE.finditer(text)})
    if english:
        found.append(f"{url}: còn tiếng Anh: {english}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > DESKTOP["width"]:
        found.append(f"{url}: rộng {width}px trên màn hình {DESKTOP['width']}px")
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{url}: rộng {width}px ở màn hình điện thoại {PHONE['width']}px")
    page.set_viewport_size(DESKTOP)
    return found


def test_every_page_linked_from_home_reads_in_vietnamese_without_errors_at_desktop_and_phone_width(
    live_server: Any, browser: Any
) -> None:
    # One test for the three roles: the seeds are loaded once (live_server flushes after each test).
    load_seeds()
    ensure_demo_users()
    problems: list[str] = []
    for username in ROLES:
        context, page, errors = signed_in(browser, live_server.url, username)
        try:
            urls = linked_pages(page, live_server.url)
            assert len(urls) >= 5, (username, urls)
            for url in urls:
                errors.clear()
                response = page.goto(f"{live_server.url}{url}")
                assert response is not None and response.status == 200, f"{username} {url}: {response and response.status}"
                problems += [f"{username} {p}" for p in problems_on(page, url, errors)]
        finally:
            context.close()
    assert problems == []


def test_the_entry_pickers_period_list_follows_the_chosen_resolution_and_opens_the_page_in_one_step(
    live_server: Any, browser: Any
) -> None:
    load_seeds()
    ensure_demo_users()
    annual = Resolution.objects.with_context().get(congress__committee__key="vinh-bao", kind="annual")
    congress = Resolution.objects.with_context().get(congress__committee__key="hung-yen-2020", kind="congress")
    context, page, errors = signed_in(browser, live_server.url, "quantri")
    try:
        page.goto(f"{live_server.url}/admin/resolutions/submission/nhap-so-lieu/")
        enabled = "sel => [...sel.options].filter(o => !o.disabled && !o.hidden).map(o => o.value)"
        page.select_option("#id_resolution", str(annual.pk))
        assert page.eval_on_selector("#id_period", enabled) == ["2025", "2025-H1"]
        assert page.input_value("#id_period") == "2025"
        page.select_option("#id_resolution", str(congress.pk))
        periods = page.eval_on_selector("#id_period", enabled)
        assert periods[0] == "2021" and periods[-1] == "term" and "2026" not in periods
        page.select_option("#id_period", "2024")
        page.click("input[type=submit][value='Mở trang nhập']")
        page.wait_for_url(f"{live_server.url}/admin/resolutions/submission/nhap-so-lieu/{congress.pk}/2024/")
        assert "Nhập số liệu: Năm 2024" in page.inner_text("h1")
        assert problems_on(page, page.url, errors) == []
    finally:
        context.close()
