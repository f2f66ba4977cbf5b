"""Leaders' dashboards: home, scoreboard, indicator page and committee overview.

Pages render for the demo leader with the seed data, their headline equals the evaluation engine's
counts, permissions come from resolutions.access, and each page runs a fixed number of queries:
the same with the seeds and with a generated dataset ten times larger.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.statuses import STATUS_ORDER, Status
from reports.benchdata import Dataset, build_dataset
from reports.headline import headline_for
from resolutions.adjustments import adjust_target
from resolutions.cascade import link_same_indicator, link_to_upper
from resolutions.models import Committee, Membership, Resolution, Result, Target
from resolutions.services import result_fields, set_override
from resolutions.verdicts import rows_for, tally
from tests.conftest import resolution_by
from tests.factories import make_resolution, make_result, make_target

pytestmark = pytest.mark.django_db

# Pinned query counts per page (session, user, the scoping queries of resolutions.access, then the
# page's own reads). A change here means a page started to read more: check for an N+1 first.
# Each includes 2 for the menu's permission checks (links to the appendix import/export pages), the reads of
# issue 13 (adjustments; the previous term's figures; the targets serving this one; issued versions),
# and 3 for the session's idle expiry moved forward on every request (SESSION_SAVE_EVERY_REQUEST:
# one UPDATE, inside a savepoint under the test's transaction).
SESSION_REFRESH = 3
QUERIES = {page: n + SESSION_REFRESH for page, n in {"home": 11, "scoreboard": 15, "indicator": 28, "overview": 15}.items()}


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</', html, re.S)
    assert match, f"no element #{element_id}"
    return match.group(1).strip()


def count_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def leader_of(key: str) -> Client:
    """A client signed in as a new leader of committee ``key``."""
    user = User.objects.create(username=f"lanhdao.{key}")
    Membership.objects.create(user=user, committee=Committee.objects.get(key=key), role=Membership.Role.LEADER)
    client = Client()
    client.force_login(user)
    return client


def url_of(name: str, *args: int) -> str:
    return reverse(f"reports:{name}", args=args)


def shared_target(resolution: Resolution) -> Target:
    """The Hưng Yên XIX target on production value growth, which Khoái Châu also has."""
    return Target.objects.get(resolution=resolution, indicator__key="production-value-growth")


# --------------------------------------------------------------------------- home


def test_home_lists_the_leaders_committee_and_those_below_with_their_tallies(leader_client: Client) -> None:
    html = leader_client.get(url_of("home")).content.decode()
    for name in ("Đảng bộ tỉnh Hưng Yên", "Đảng bộ tỉnh Thái Bình", "Đảng bộ huyện Khoái Châu"):
        assert name in html
    assert "Vĩnh Bảo" not in html and "Phụng Hiệp" not in html
    xix = resolution_by("hung-yen-2020", 19)
    assert headline_for(rows_for(xix, "term", None)).sentence in html
    assert url_of("committee_overview", Committee.objects.get(key="hung-yen-2025").pk) in html


def test_home_keeps_the_term_that_just_ended_current_while_the_new_one_has_no_figures(leader_client: Client) -> None:
    html = leader_client.get(url_of("home")).content.decode()
    ended = resolution_by("khoai-chau", 25)
    assert headline_for(rows_for(ended, "term", None)).sentence in html


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(url_of("scoreboard", resolution_by("hung-yen-2020", 19).pk))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --------------------------------------------------------------------------- scoreboard


@pytest.mark.parametrize(("key", "ordinal"), [("hung-yen-2020", 19), ("thai-binh-2020", 20), ("khoai-chau", 25)])
def test_the_scoreboard_headline_equals_the_engines_counts(leader_client: Client, key: str, ordinal: int) -> None:
    resolution = resolution_by(key, ordinal)
    html = leader_client.get(url_of("scoreboard", resolution.pk)).content.decode()
    rows = rows_for(resolution, "term", None)
    counts = tally(rows)
    headline = text_of(html, "headline")
    met, total = map(int, re.match(r"Có (\d+)/(\d+) chỉ tiêu", headline).groups())
    assert (met, total) == (counts[Status.EXCEEDED] + counts[Status.ACHIEVED], sum(counts.values()))
    assert headline == headline_for(rows).sentence


def test_the_khoai_chau_scoreboard_names_the_targets_behind_as_the_document_does(leader_client: Client) -> None:
    html = leader_client.get(url_of("scoreboard", resolution_by("khoai-chau", 25).pk)).content.decode()
    assert "còn 02 chỉ tiêu chưa đạt (chỉ tiêu số 7, 12)" in text_of(html, "headline")


def test_the_scoreboard_shows_targets_by_section_with_badges_rates_and_the_download_link(leader_client: Client) -> None:
    resolution = resolution_by("hung-yen-2020", 19)
    html = leader_client.get(url_of("scoreboard", resolution.pk)).content.decode()
    assert "I. KINH TẾ" in html and "IV. XÂY DỰNG ĐẢNG" in html
    assert html.index("I. KINH TẾ") < html.index("II. XÃ HỘI") < html.index("III. MÔI TRƯỜNG")
    assert 'class="badge status-vuot"' in html and "Vượt</span>" in html
    assert f'{url_of("export", resolution.pk)}?layout=term' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="status-chart"' in html
    assert 'role="img" aria-label="Số chỉ tiêu theo mức độ hoàn thành' in html
    assert "132%" in html  # GRDP 9,9 against 7,5-8: the rate, written the Vietnamese way
    assert "<details" in html and "Cách đánh giá" in html


def test_the_scoreboard_filters_by_status_and_section_but_the_headline_stays_whole(leader_client: Client) -> None:
    resolution = resolution_by("hung-yen-2020", 19)
    whole = headline_for(rows_for(resolution, "term", None)).sentence
    html = leader_client.get(url_of("scoreboard", resolution.pk), {"status": "chua_dat"}).content.decode()
    assert text_of(html, "headline") == whole
    table = html[html.index('class="scoreboard"'):]
    assert "status-chua_dat" in table and "status-vuot" not in table and "status-dat\"" not in table
    section = resolution.sections.get(code="III")
    html = leader_client.get(url_of("scoreboard", resolution.pk), {"section": section.pk}).content.decode()
    table = html[html.index('class="scoreboard"'):]
    assert "III. MÔI TRƯỜNG" in table and "I. KINH TẾ" not in table


def test_the_scoreboard_shows_one_year_when_asked_and_falls_back_on_a_bad_filter(leader_client: Client) -> None:
    resolution = resolution_by("hung-yen-2020", 19)
    html = leader_client.get(url_of("scoreboard", resolution.pk), {"period": "2023"}).content.decode()
    assert "Kết quả chung — Năm 2023" in html
    assert text_of(html, "headline") == headline_for(rows_for(resolution, "year", 2023)).sentence
    response = leader_client.get(url_of("scoreboard", resolution.pk), {"period": "1999", "status": "xyz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kết quả chung — Cả nhiệm kỳ 2020 - 2025" in html and 'role="alert"' in html


def test_an_override_shows_its_reason_and_the_rules_own_verdict(leader_client: Client) -> None:
    resolution = resolution_by("hung-yen-2020", 19)
    result = Result.objects.filter(target__resolution=resolution, period="term").exclude(raw_text="").first()
    set_override(result, Status.UNLIKELY, "Số liệu ước, chờ Cục Thống kê xác nhận", User.objects.get(username="quantri"))
    html = leader_client.get(url_of("scoreboard", resolution.pk)).content.decode()
    assert "Lý do: Số liệu ước, chờ Cục Thống kê xác nhận" in html
    assert "Đã điều chỉnh" in html and "theo quy tắc:" in html


# --------------------------------------------------------------------------- indicator page


def test_the_indicator_page_charts_the_years_against_the_target_and_compares_committees_below(
    leader_client: Client,
) -> None:
    resolution = resolution_by("hung-yen-2020", 19)
    target = shared_target(resolution)
    html = leader_client.get(url_of("indicator", resolution.pk, target.pk)).content.decode()
    assert 'id="trend-chart"' in html and 'aria-label="Kết quả từng năm so với mục tiêu' in html
    assert "Số cả kỳ được tính thế nào" in html
    for year in range(2021, 2026):
        assert f"Năm {year}" in html
    assert 'id="peer-chart"' in html and "Đảng bộ huyện Khoái Châu" in html
    assert "9,69" in html  # Khoái Châu's term figure, Vietnamese format


def test_the_indicator_page_of_a_per_year_target_stored_as_cumulative_speaks_of_its_mean(
    leader_client: Client,
) -> None:
    # Phụ lục 1A target 19, "1.600 đảng viên /năm", as an import stores it when the row states no basis:
    # the catalogue's usual basis for new party members, lũy kế. Its years are judged one by one and
    # its term figure is their mean, as on the scoreboard; never "cột Cả kỳ là tổng các năm".
    xix = resolution_by("hung-yen-2020", 19)
    target = Target.objects.get(resolution=xix, number="19")
    Target.objects.filter(pk=target.pk).update(term_basis="sum")
    target.results.all().delete()
    for year in range(2021, 2026):
        Result.objects.create(target=target, period="year", year=year, raw_text="1.500", value_kind="point",
                              value=1500, value_high=1500)
    page = leader_client.get(url_of("indicator", xix.pk, target.pk)).content.decode()
    assert "Trung bình cộng 5 năm: 1.500" in page and "Lũy kế" not in page
    assert "Không đánh giá riêng từng năm" not in page and "Chưa đạt" in page


def test_the_indicator_page_counts_a_figure_for_the_period_so_far_in_the_term_figure(leader_client: Client) -> None:
    # Phụ lục 1A target 4 (250.000 tỷ đồng, lũy kế) reported as a mid-term review does: 2021-2023 together,
    # then 2024 and 2025. The page explains the term figure the scoreboard judges: 246.000, not 102.000.
    xix = resolution_by("hung-yen-2020", 19)
    target = Target.objects.get(resolution=xix, number="4")
    target.results.all().delete()
    Result.objects.create(target=target, period="todate", year=2023, span=3, **result_fields("144.000"))
    for year, text in ((2024, "50.000"), (2025, "52.000")):
        Result.objects.create(target=target, period="year", year=year, **result_fields(text))
    page = leader_client.get(url_of("indicator", xix.pk, target.pk)).content.decode()
    assert "Lũy kế 2021 - 2025: 246.000" in page and "Lũy kế 2 năm" not in page


def test_an_indicator_of_another_resolution_is_not_found(leader_client: Client) -> None:
    xix, xx = resolution_by("hung-yen-2020", 19), resolution_by("thai-binh-2020", 20)
    other = Target.objects.filter(resolution=xx).first()
    assert leader_client.get(url_of("indicator", xix.pk, other.pk)).status_code == 404


# --------------------------------------------------------------------------- committee overview


def test_the_overview_grids_the_committees_below_against_shared_indicators(leader_client: Client) -> None:
    root = Committee.objects.get(key="hung-yen-2025")
    html = leader_client.get(url_of("committee_overview", root.pk)).content.decode()
    grid = html[html.index('class="grid"'):]
    for name in ("Đảng bộ tỉnh Hưng Yên", "Đảng bộ tỉnh Thái Bình", "Đảng bộ huyện Khoái Châu"):
        assert name in grid
    assert "Tỷ lệ bao phủ bảo hiểm y tế" in grid  # an indicator all three share
    assert 'id="overview-chart"' in html and "2020 - 2025" in html
    xx = resolution_by("thai-binh-2020", 20)
    counts = tally(rows_for(xx, "term", None))
    assert f"{counts[Status.EXCEEDED] + counts[Status.ACHIEVED]}/{sum(counts.values())}" in grid


# --------------------------------------------------------------------------- permissions


def test_a_leader_of_another_committee_gets_404_for_hung_yens_pages() -> None:
    client = leader_of("vinh-bao")
    xix = resolution_by("hung-yen-2020", 19)
    for url in (
        url_of("scoreboard", xix.pk),
        url_of("indicator", xix.pk, shared_target(xix).pk),
        url_of("committee_overview", Committee.objects.get(key="hung-yen-2025").pk),
        url_of("export", xix.pk),
    ):
        assert client.get(url).status_code == 404, url
    home = client.get(url_of("home")).content.decode()
    assert "Vĩnh Bảo" in home and "Hưng Yên" not in home


def test_a_district_leader_cannot_look_up_at_the_province_overview() -> None:
    client = leader_of("khoai-chau")
    assert client.get(url_of("committee_overview", Committee.objects.get(key="hung-yen-2020").pk)).status_code == 404
    assert client.get(url_of("scoreboard", resolution_by("hung-yen-2020", 19).pk)).status_code == 404
    assert client.get(url_of("scoreboard", resolution_by("khoai-chau", 25).pk)).status_code == 200


# --------------------------------------------------------------------------- query counts


def test_each_page_runs_its_pinned_number_of_queries_with_the_seed_data(
    leader_client: Client, django_assert_num_queries: Callable
) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    root = Committee.objects.get(key="hung-yen-2025")
    pages = {
        "home": url_of("home"),
        "scoreboard": url_of("scoreboard", xix.pk),
        "indicator": url_of("indicator", xix.pk, shared_target(xix).pk),
        "overview": url_of("committee_overview", root.pk),
    }
    for page, url in pages.items():
        with django_assert_num_queries(QUERIES[page]):
            assert leader_client.get(url).status_code == 200


def test_query_counts_stay_the_same_on_a_dataset_ten_times_larger(
    leader_client: Client, committee: Callable[[str], Committee]
) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    root = committee("hung-yen-2025")
    small = {
        "home": count_queries(leader_client, url_of("home"))[0],
        "scoreboard": count_queries(leader_client, url_of("scoreboard", xix.pk))[0],
        "indicator": count_queries(leader_client, url_of("indicator", xix.pk, shared_target(xix).pk))[0],
        "overview": count_queries(leader_client, url_of("committee_overview", root.pk))[0],
    }
    # Ten times the seeds: 30 committees below (seeds: 3), a resolution of 600 targets (seeds: ~60).
    below = build_dataset(30, 40, terms=((2020, 2025),), prefix="gen", parent=root)
    big = build_dataset(1, 600, terms=((2020, 2025),), prefix="big", parent=root)
    big_resolution = next(r for r in big.resolutions if r.congress.committee_id == big.root.pk)
    top = next(r for r in below.resolutions if r.congress.committee_id == below.root.pk)
    top_target = Target.objects.get(resolution=top, number="1")
    # Like the seeds (Khoái Châu serves Hưng Yên), the generated districts' targets serve the province's.
    assert link_same_indicator(top)
    large = {
        "home": count_queries(leader_client, url_of("home") + f"?dang_bo={below.committees[1].pk}"),
        "scoreboard": count_queries(leader_client, url_of("scoreboard", big_resolution.pk)),
        "indicator": count_queries(leader_client, url_of("indicator", top.pk, top_target.pk)),
        "overview": count_queries(leader_client, url_of("committee_overview", root.pk)),
    }
    assert {page: n for page, (n, _html) in large.items()} == small == QUERIES
    # The large pages really showed the large data.
    assert large["scoreboard"][1].count('class="stt"') == 600
    assert large["home"][1].count('<article class="card"') == 13  # the district's communes
    overview = large["overview"][1]
    assert "Đảng bộ tỉnh GEN" in overview and "Đảng bộ tỉnh BIG" in overview
    assert "Đảng bộ huyện GEN 01" not in overview  # one level at a time: its row stands for it
    peers = large["indicator"][1].split('id="peers-title"')[1]  # (the serving districts are listed above it)
    assert peers.count("Chỉ tiêu thử số 1</a>") == 3  # the province and its 2 districts
    assert 'id="cascade-title"' in large["indicator"][1]  # the districts serving the province's target


# --------------------------------------------------------------------------- level by level


def generated_province(root: Committee) -> Dataset:
    """A province of 31 committees under ``root``: 2 districts, 28 communes; one term, 4 targets."""
    return build_dataset(31, 4, terms=((2020, 2025),), prefix="lvl", parent=root)


def cards(html: str) -> list[str]:
    """The committee names of the home page's cards, main card first."""
    return re.findall(r'<article class="card[^"]*"[^>]*>\s*<h[23] class="card-title" id="card-\d+">([^<]+)', html)


def test_a_province_leaders_home_has_one_card_per_committee_directly_below_not_every_commune(
    leader_client: Client, committee: Callable[[str], Committee]
) -> None:
    data = generated_province(committee("hung-yen-2025"))
    html = leader_client.get(url_of("home")).content.decode()
    names = cards(html)
    assert names[0].startswith("Đảng bộ tỉnh Hưng Yên")  # the leader's own committee first
    assert "Đảng bộ tỉnh LVL" in names and str(committee("khoai-chau")) in names
    assert not [n for n in names if "huyện LVL" in n or "xã LVL" in n]
    assert f"?dang_bo={data.root.pk}" in html  # its districts are one click further
    district = data.committees[1]
    down = leader_client.get(url_of("home"), {"dang_bo": data.root.pk}).content.decode()
    assert cards(down) == ["Đảng bộ tỉnh LVL", "Đảng bộ huyện LVL 01", "Đảng bộ huyện LVL 02"]
    communes = cards(leader_client.get(url_of("home"), {"dang_bo": district.pk}).content.decode())
    assert communes[0] == "Đảng bộ huyện LVL 01" and len(communes) == 1 + 14
    assert 'aria-label="Vị trí"' in down and f'?dang_bo={committee("hung-yen-2025").pk}' in down


def test_each_card_shows_the_headline_and_a_status_bar_of_the_stored_tallies(leader_client: Client) -> None:
    html = leader_client.get(url_of("home")).content.decode()
    for key, ordinal in (("hung-yen-2020", 19), ("thai-binh-2020", 20), ("khoai-chau", 25)):
        rows = rows_for(resolution_by(key, ordinal), "term", None)
        assert headline_for(rows).sentence in html
        counts = tally(rows)
        label = ", ".join(f"{s.label} {counts[s]}" for s in reversed(STATUS_ORDER) if counts.get(s))
        assert f'class="status-bar" role="img" aria-label="{label} (tổng {sum(counts.values())} chỉ tiêu)"' in html
    share = max(1, round(100 * counts[Status.EXCEEDED] / sum(counts.values())))
    assert f'class="seg grow-{share} status-bg-vuot"' in html  # classes: the CSP forbids inline styles
    assert 'class="legend"' in html and "▲</span> Vượt" in html


def test_the_home_page_of_a_committee_the_user_may_not_see_is_not_found() -> None:
    client = leader_of("vinh-bao")
    hung_yen = Committee.objects.get(key="hung-yen-2025")
    assert client.get(url_of("home"), {"dang_bo": hung_yen.pk}).status_code == 404
    assert client.get(url_of("home"), {"dang_bo": "abc"}).status_code == 200  # malformed: the user's own level


def test_the_overview_has_a_row_per_committee_directly_below_with_its_whole_subtree_summed(
    leader_client: Client, committee: Callable[[str], Committee]
) -> None:
    data = generated_province(committee("hung-yen-2025"))
    html = leader_client.get(url_of("committee_overview", data.root.pk)).content.decode()
    rows = re.findall(r'<tr class="depth-0">\s*<th scope="row" class="name".*?</tr>', html, re.S)
    assert len(rows) == 2  # its two districts; the communes are counted in their district's row
    for district, row in zip(data.committees[1:3], rows, strict=True):
        members = [district, *Committee.objects.filter(parent=district)]
        summed: Counter[Status] = Counter()
        for c in members:
            summed.update(tally(rows_for(Resolution.objects.get(congress__committee=c), "term", None)))
        met = summed[Status.EXCEEDED] + summed[Status.ACHIEVED]
        cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
        assert cells[2:] == [str(len(members)), f"{met}/{sum(summed.values())}",
                             str(summed[Status.NOT_ACHIEVED] + summed[Status.FAILED] + summed[Status.UNLIKELY])]
        assert url_of("committee_overview", district.pk) in row  # drill down
    assert 'class="legend-item"' in html  # the stacked bar's legend
    assert '<div class="grid-scroll" tabindex="0" role="region"' in html  # the matrix scrolls in its own box


def test_the_overview_of_a_merged_province_shows_its_predecessors_and_their_districts(leader_client: Client) -> None:
    html = leader_client.get(url_of("committee_overview", Committee.objects.get(key="hung-yen-2025").pk)).content.decode()
    rows = re.findall(r'<th scope="row" class="name"[^>]*>\s*(?:<a [^>]*>)?([^<]+)', html)
    assert [r.strip() for r in rows] == [
        str(Committee.objects.get(key=key)) for key in ("hung-yen-2020", "khoai-chau", "thai-binh-2020")
    ]


def test_the_hung_yen_xix_headline_counts_target_4_as_a_figure_to_check_not_as_not_met(leader_client: Client) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    content = leader_client.get(url_of("scoreboard", xix.pk)).content.decode()
    headline = re.search(r'<p class="headline" id="headline">([^<]*)</p>', content).group(1)
    assert "01 chỉ tiêu cần kiểm tra số liệu (chỉ tiêu số 4)" in headline
    assert "chỉ tiêu số 4" not in headline.split("cần kiểm tra")[0]  # not among those behind
    assert "Số liệu “328,096” (cả nhiệm kỳ) cần được xác nhận hoặc sửa" in content


def test_a_running_term_is_shown_as_a_forecast_labelled_tam_tinh(leader_client: Client) -> None:
    xxv = resolution_by("khoai-chau", 25)
    content = leader_client.get(url_of("scoreboard", xxv.pk)).content.decode()
    assert "tạm tính đến năm 2024: 01 chỉ tiêu đã đạt hoặc có khả năng đạt (chỉ tiêu số 13)" in content
    assert "Tạm tính đến năm 2024</div>" in content


# --------------------------------------------------------------------------- adjusted targets


def test_pages_show_the_adjusted_target_with_the_original_in_a_note(leader_client: Client) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    budget = Target.objects.get(resolution=xix, name="Thu ngân sách trên địa bàn")
    adjust_target(budget, text="50.000", decision_code="Nghị quyết số 15-NQ/TU", decided_on=dt.date(2023, 6, 20),
                  effective_from=dt.date(2023, 7, 1))
    board = leader_client.get(url_of("scoreboard", xix.pk)).content.decode()
    assert "Mục tiêu (đã điều chỉnh)" in board
    assert ("Mục tiêu ban đầu: 21.500 Tỷ đồng; điều chỉnh thành 50.000 theo Nghị quyết số 15-NQ/TU ngày 20/06/2023, "
            "áp dụng từ 01/07/2023.") in board
    page = leader_client.get(url_of("indicator", xix.pk, budget.pk)).content.decode()
    assert "Mục tiêu (đã điều chỉnh)" in page and "Các lần điều chỉnh" in page
    assert "Mục tiêu áp dụng" in page
    # 2021 and 2022 are judged against the original, 2023 onwards and the term against the adjustment.
    cells = re.findall(r'<th scope="row">(Năm \d{4}|Cả nhiệm kỳ)</th>\s*<td>([^<]*)', page)
    assert {k: v.strip() for k, v in cells} == {"Năm 2021": "21.500", "Năm 2022": "21.500", "Năm 2023": "50.000", "Năm 2024": "50.000",
                           "Năm 2025": "50.000", "Cả nhiệm kỳ": "50.000"}
    assert "Mục tiêu: 50.000" in page  # the chart's line is the target in force for the term


# --------------------------------------------------------------------------- targets that cascade


def test_the_comparison_chart_marks_each_committees_own_target_not_the_provinces(leader_client: Client) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    investment = Target.objects.get(resolution=xix, indicator__key="total-investment")
    html = leader_client.get(url_of("indicator", xix.pk, investment.pk)).content.decode()
    desc = re.search(r'<desc id="peer-chart-desc">(.*?)</desc>', html, re.S)
    assert desc is not None
    assert "Đảng bộ huyện Khoái Châu: 76.850 (Vượt), mục tiêu: 76.845 tỷ đồng" in desc.group(1)
    assert "Đảng bộ tỉnh Hưng Yên: 328,096" in desc.group(1) and "mục tiêu: 250.000 tỷ đồng" in desc.group(1)
    peer_chart = html[html.index('id="peer-chart"'):]
    peer_chart = peer_chart[:peer_chart.index("</svg>")]
    # One dashed target mark per committee row, none spanning the whole chart.
    assert peer_chart.count('stroke-dasharray="4 2"') == 2
    assert 'y1="18"' not in peer_chart


def test_the_provinces_page_shows_its_districts_sum_beside_its_own_figure_and_the_gap(leader_client: Client) -> None:
    root = Committee.objects.get(key="hung-yen-2025")
    province = Committee.objects.create(key="tinh-thu", name="Đảng bộ tỉnh Thử", level="province", parent=root)
    upper = make_target(make_resolution(province), "100", unit="xã", name="Số xã đạt chuẩn nông thôn mới")
    make_result(upper, "98")
    for i, (goal, figure) in enumerate((("40", "42"), ("50", "53"))):
        district = Committee.objects.create(key=f"huyen-thu-{i}", name=f"Đảng bộ huyện Thử {i + 1}", level="district",
                                            parent=province)
        lower = make_target(make_resolution(district), goal, unit="xã", name="Số xã đạt chuẩn nông thôn mới")
        make_result(lower, figure)
        link_to_upper(lower, upper)
    html = leader_client.get(url_of("indicator", upper.resolution_id, upper.pk)).content.decode()
    assert "Các đảng bộ cấp dưới thực hiện chỉ tiêu này" in html
    assert text_of(html, "cascade-target-sum") == "90" and text_of(html, "cascade-figure-sum") == "95"
    assert "Tổng chỉ tiêu các đảng bộ cấp dưới (90) thấp hơn chỉ tiêu của tỉnh (100): chênh 10." in html
    assert "Tổng số liệu các đảng bộ cấp dưới (95) thấp hơn số liệu của tỉnh (98): chênh 3." in html
    district_page = leader_client.get(url_of("indicator", lower.resolution_id, lower.pk)).content.decode()
    assert "Phục vụ chỉ tiêu cấp trên" in district_page and "Đảng bộ tỉnh Thử" in district_page


# --------------------------------------------------------------------------- the next term


def test_the_new_terms_pages_show_the_previous_terms_last_year_figures(leader_client: Client) -> None:
    new = resolution_by("hung-yen-2025", 1)
    board = leader_client.get(url_of("scoreboard", new.pk)).content.decode()
    assert '<th scope="col">Năm gốc 2025</th>' in board
    assert "Kết quả cả nhiệm kỳ (mức năm 2025) (ước)" in board and "44.923" in board
    budget = Target.objects.get(resolution=new, name="Thu ngân sách trên địa bàn")
    page = leader_client.get(url_of("indicator", new.pk, budget.pk)).content.decode()
    assert "Năm gốc 2025 (nhiệm kỳ trước)" in page and "Kế thừa chỉ tiêu nhiệm kỳ trước" in page
    assert "Đảng bộ tỉnh Hưng Yên XIX: 5. Thu ngân sách trên địa bàn" in page
    # A resolution that continues nothing has no baseline column.
    assert "Năm gốc" not in leader_client.get(url_of("scoreboard", resolution_by("hung-yen-2020", 19).pk)).content.decode()

# --------------------------------------------------------------------------- conventions (issue 14)


def test_the_home_pages_period_column_writes_the_year_as_written_never_grouped(admin_client_demo: Client) -> None:
    # One level at a time: Vĩnh Bảo's 2025 and district 003's 2024 resolutions are on their provinces' pages.
    for key, year in (("hai-phong", "Năm 2025"), ("hau-giang", "Năm 2024")):
        html = admin_client_demo.get(url_of("home"), {"dang_bo": Committee.objects.get(key=key).pk}).content.decode()
        assert year in html and "Năm 2.0" not in html


def test_the_indicator_page_prints_a_unit_the_target_already_carries_once(leader_client: Client) -> None:
    xix = resolution_by("hung-yen-2020", 19)
    target = Target.objects.get(resolution=xix, number="4")  # total investment: 250.000, unit "Tỷ đồng"
    page = leader_client.get(url_of("indicator", xix.pk, target.pk)).content.decode()
    # The comparison with the committees below holds Khoái Châu's "76.845 tỷ đồng" of the same indicator.
    peers = page[page.index('class="peers"'):]
    assert "76.845 tỷ đồng</td>" in peers and "250.000 Tỷ đồng" in page
    assert "tỷ đồng tỷ đồng" not in page and "(tỷ đồng)" not in page


def test_dashboards_link_a_favicon_so_browsers_do_not_ask_for_a_missing_one(leader_client: Client) -> None:
    html = leader_client.get(url_of("home")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert (settings.BASE_DIR / "static" / "img" / "favicon.svg").read_text().startswith("<svg")


def test_a_client_asking_for_favicon_ico_is_sent_to_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
