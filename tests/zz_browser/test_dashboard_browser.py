"""A real browser: a leader signs in, reads a scoreboard's headline and opens an indicator's chart.

Playwright drives Debian's Chromium (``apt-get install chromium``); without it the test is skipped.

Data: ``live_server`` needs ``transactional_db``, whose teardown FLUSHES the database, including the
seed data that tests/conftest.py loads once per session. Two guards keep that harmless, whatever
order the tests run in: the test loads the seeds itself (idempotent, committed, so the server thread
sees them), and a module-scoped fixture loads them again after the flush (module fixtures are torn
down after the function-scoped ``transactional_db``), so tests running later still find them. The
module also sits in ``zz_browser`` so that, in the default order, it runs last anyway.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reports.headline import headline_for
from resolutions.demo import ensure_demo_users
from resolutions.models import Resolution, Target
from resolutions.seeds import load_seeds
from resolutions.verdicts import rows_for

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there otherwise.
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


def test_a_leader_signs_in_reads_the_headline_and_opens_an_indicator_chart(live_server: Any, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    load_seeds()
    ensure_demo_users()
    resolution = Resolution.objects.with_context().get(congress__committee__key="hung-yen-2020", kind="congress")
    expected = headline_for(rows_for(resolution, "term", None)).sentence
    target = Target.objects.get(resolution=resolution, indicator__key="production-value-growth")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{live_server.url}/admin/login/?next=/")
            page.fill("#id_username", "lanhdao.hungyen")
            page.fill("#id_password", "LanhDao@2025")
            page.click("input[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            assert page.locator("h1").inner_text() == "Các đảng bộ và nghị quyết được theo dõi"

            page.click(f"a[href='/nghi-quyet/{resolution.pk}/']")
            assert page.locator("#headline").inner_text() == expected
            assert re.match(r"Có \d+/\d+ chỉ tiêu chủ yếu đạt và vượt", expected)
            status_chart = page.locator("svg#status-chart")
            assert status_chart.get_attribute("role") == "img"
            assert status_chart.get_attribute("aria-label").startswith("Số chỉ tiêu theo mức độ hoàn thành")
            page.screenshot(path=str(tmp_path / "scoreboard.png"), full_page=True)

            # Keyboard: the explanation opens from the keyboard (a <details> element).
            why = page.locator("details.why").first
            why.locator("summary").focus()
            page.keyboard.press("Enter")
            assert why.get_attribute("open") is not None

            page.click(f"a[href^='/nghi-quyet/{resolution.pk}/chi-tieu/{target.pk}/']")
            chart = page.locator("svg#trend-chart")
            assert chart.is_visible()
            assert chart.get_attribute("aria-label").startswith("Kết quả từng năm so với mục tiêu")
            assert chart.locator("#trend-chart-title").text_content() == chart.get_attribute("aria-label")
            assert page.locator("svg#peer-chart").get_attribute("aria-label")
            assert "Đảng bộ huyện Khoái Châu" in page.locator("table.peers").inner_text()
        finally:
            browser.close()


def test_on_a_phone_the_home_cards_and_the_overview_matrix_stay_within_the_screen(live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    load_seeds()
    ensure_demo_users()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{live_server.url}/admin/login/?next=/")
            page.fill("#id_username", "lanhdao.hungyen")
            page.fill("#id_password", "LanhDao@2025")
            page.click("input[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            assert page.locator("article.card").count() == 4  # Hưng Yên, and the three committees below
            assert page.locator(".card .status-bar").first.get_attribute("role") == "img"
            assert page.evaluate("document.documentElement.scrollWidth") <= 390

            page.click("article.card-main a:has-text('So sánh các đảng bộ cấp dưới')")
            assert page.locator("h1").inner_text() == "Tổng quan các đảng bộ cấp dưới"
            assert page.locator("svg#overview-chart g.legend-item").count() >= 2
            assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not widen
            box = page.locator(".grid-scroll")
            assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the matrix scrolls in its own box
        finally:
            browser.close()
