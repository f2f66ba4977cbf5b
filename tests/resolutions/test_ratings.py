"""Quality ratings: seed 001's counts, totals up the hierarchy, targets judged from them, locks, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from indicators.ratings import Counts, Measure, Subject
from indicators.statuses import Status
from resolutions.models import Committee, RatingCount, Resolution, Result, Submission, Target
from resolutions.ratings import (
    RatingEntry,
    link_rating_target,
    ratings_table,
    save_many,
    save_ratings,
)
from resolutions.services import DocumentError, LockedError
from resolutions.verdicts import rows_for
from tests.conftest import login, resolution_by
from tests.factories import make_committee, make_target

pytestmark = pytest.mark.django_db

GOOD_OR_BETTER = "Tổ chức cơ sở đảng được đánh giá, xếp loại từ hoàn thành tốt nhiệm vụ trở lên"


def vinh_bao() -> Committee:
    return Committee.objects.get(key="vinh-bao")


def orgs(rated: int, excellent: int, good: int, completed: int = 0, failed: int = 0) -> RatingEntry:
    return RatingEntry(Subject.PARTY_ORGS, Counts(rated, rated, excellent, good, completed, failed))


def rated_target() -> Target:
    return Target.objects.get(resolution=resolution_by("vinh-bao", 26, 2025), name=GOOD_OR_BETTER)


def test_the_seed_data_carries_vinh_baos_2024_ratings_as_the_document_writes_them() -> None:
    stored = {r.subject: r.counts for r in RatingCount.objects.filter(committee=vinh_bao(), year=2024)}
    assert stored == {
        "party_orgs": Counts(49, 49, 10, 39, 0, 0),
        "collectives": Counts(153, 153, 30, 118, 0, 0),
        "officials": Counts(436, 436, 86, 348, 2, 0),
    }
    table = ratings_table(vinh_bao(), 2024)
    flags = {s.subject: s.flags for s in table.sections}
    assert flags[Subject.COLLECTIVES] == [
        "Đảng bộ huyện Vĩnh Bảo (toàn đảng bộ): Cộng các mức xếp loại (30 + 118 + 0 + 0 = 148) khác số được đánh giá, "
        "xếp loại (153): chênh 5 tập thể."
    ]
    assert flags[Subject.PARTY_ORGS] == flags[Subject.OFFICIALS] == []
    orgs_row = table.sections[0].rows[0]
    assert [rate for _n, rate in orgs_row.grades] == ["20,4", "79,6", "0", "0"]


def test_the_target_judged_from_the_ratings_gets_its_2024_figure_from_the_counts() -> None:
    result = Result.objects.get(target=rated_target(), period="year", year=2024)
    assert result.raw_text == "100"
    assert result.source_note == ("Tính từ số liệu xếp loại chất lượng năm 2024: 49/49 tổ chức cơ sở đảng "
                                  "từ hoàn thành tốt nhiệm vụ trở lên.")


@pytest.mark.parametrize(("excellent", "good", "figure", "status"), [
    (12, 33, "91,8", Status.EXCEEDED),
    (10, 30, "81,6", Status.NOT_ACHIEVED),
])
def test_the_2025_target_above_90_percent_is_judged_from_the_2025_counts(
    excellent: int, good: int, figure: str, status: Status
) -> None:
    save_ratings(vinh_bao(), 2025, [orgs(49, excellent, good, 49 - excellent - good)])
    resolution = resolution_by("vinh-bao", 26, 2025)
    row = next(r for r in rows_for(resolution, "year", 2025) if r.target.name == GOOD_OR_BETTER)
    assert (row.figure_text, row.status) == (figure, status)


def test_an_approved_year_refuses_new_counts_that_would_change_its_result_and_nothing_is_written() -> None:
    Submission.objects.create(resolution=resolution_by("vinh-bao", 26, 2025), period="year", year=2025,
                              state=Submission.State.APPROVED)
    with pytest.raises(LockedError, match="năm 2025 tính từ xếp loại"):
        save_ratings(vinh_bao(), 2025, [orgs(49, 12, 33, 4)])
    assert not RatingCount.objects.filter(year=2025).exists()


def test_more_rated_than_exist_is_refused_naming_the_row_and_nothing_is_written() -> None:
    entry = RatingEntry(Subject.OFFICIALS, Counts(total=10, rated=12), where="Trang 'Phụ lục 3', dòng 12")
    with pytest.raises(DocumentError) as error:
        save_many(2025, {vinh_bao(): [orgs(49, 10, 39), entry]})
    assert error.value.messages == ["Trang 'Phụ lục 3', dòng 12: số được đánh giá, xếp loại (12) lớn hơn tổng số (10)."]
    assert not RatingCount.objects.filter(year=2025).exists()


def test_totals_come_from_the_communes_counts_and_the_districts_own_entry_is_compared() -> None:
    district = vinh_bao()
    a = make_committee("Đảng bộ xã An Hòa", level="commune", parent=district)
    b = make_committee("Đảng bộ xã Cộng Hiền", level="commune", parent=district)
    save_many(2025, {district: [orgs(49, 10, 39)], a: [orgs(20, 5, 14, 1)], b: [orgs(28, 6, 22)]})
    section = ratings_table(district, 2025).sections[0]
    assert [r.name for r in section.rows] == ["Đảng bộ xã An Hòa", "Đảng bộ xã Cộng Hiền"]
    assert section.total.counts == Counts(48, 48, 11, 36, 1, 0)
    assert section.mismatch == [
        "Đảng bộ huyện Vĩnh Bảo ghi tổng số 49, cộng các đảng bộ cấp dưới được 48.",
        "Đảng bộ huyện Vĩnh Bảo ghi số được xếp loại 49, cộng các đảng bộ cấp dưới được 48.",
        "Đảng bộ huyện Vĩnh Bảo ghi HTXSNV 10, cộng các đảng bộ cấp dưới được 11.",
        "Đảng bộ huyện Vĩnh Bảo ghi HTTNV 39, cộng các đảng bộ cấp dưới được 36.",
        "Đảng bộ huyện Vĩnh Bảo ghi HTNV 0, cộng các đảng bộ cấp dưới được 1.",
    ]
    # The target is judged from the summed counts: 47 of 48.
    assert Result.objects.get(target=rated_target(), year=2025).raw_text == "97,9"
    city = ratings_table(Committee.objects.get(key="hai-phong"), 2025).sections[0]
    assert [(r.name, r.counts.rated, r.summed) for r in city.rows] == [("Đảng bộ huyện Vĩnh Bảo", 48, True)]


def test_every_change_is_audited_with_its_user() -> None:
    user = User.objects.get(username="canbo.vinhbao")
    save_ratings(vinh_bao(), 2025, [orgs(49, 10, 39)], user=user)
    save_ratings(vinh_bao(), 2025, [orgs(49, 11, 38)], user=user)
    row = RatingCount.objects.get(committee=vinh_bao(), year=2025)
    assert row.version == 2 and [h.history_user for h in row.history.all()] == [user, user]
    summary = save_ratings(vinh_bao(), 2025, [orgs(49, 11, 38)], user=user)
    assert summary.unchanged and not summary.updated


def test_only_a_percentage_target_can_be_judged_from_the_ratings() -> None:
    target = Target.objects.get(resolution=resolution_by("vinh-bao", 26, 2025), name="Kết nạp mới đảng viên")
    with pytest.raises(DocumentError, match="tỷ lệ"):
        link_rating_target(target, Subject.PARTY_ORGS, Measure.GOOD_OR_BETTER)


def test_linking_a_target_computes_its_results_for_the_years_with_counts() -> None:
    resolution: Resolution = resolution_by("vinh-bao", 26, 2025)
    target = make_target(resolution, "trên 20%", name="Tỷ lệ cán bộ hoàn thành xuất sắc nhiệm vụ")
    link_rating_target(target, Subject.OFFICIALS, Measure.EXCELLENT)
    assert Result.objects.get(target=target, year=2024).raw_text == "19,7"


def test_the_ratings_table_costs_two_queries(django_assert_num_queries: Any) -> None:
    city = Committee.objects.get(key="hai-phong")
    with django_assert_num_queries(2):
        table = ratings_table(city, 2024)
    assert [len(s.rows) for s in table.sections] == [1, 1, 1]


def test_the_entry_page_has_no_input_for_a_target_judged_from_the_ratings() -> None:
    resolution = resolution_by("vinh-bao", 26, 2025)
    page = login("canbo.vinhbao").get(f"/admin/resolutions/submission/nhap-so-lieu/{resolution.pk}/2025/")
    html = page.content.decode()
    assert "Tính từ số liệu" in html and "không nhập tay" in html
    inputs = [f.context.target.name for f in page.context["formset"].forms]
    assert GOOD_OR_BETTER not in inputs and "Kết nạp mới đảng viên" in inputs
