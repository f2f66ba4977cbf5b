"""Targets that cascade: district targets serve the province target above; counts roll up; each is judged
against its own target."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from indicators.statuses import Status
from resolutions.cascade import cascade_for, link_same_indicator, link_to_upper, unlink, upper_of
from resolutions.models import Committee, Membership, Resolution, Target, TargetLink
from resolutions.services import DocumentError
from resolutions.verdicts import rows_for
from tests.conftest import login, resolution_by
from tests.factories import make_committee, make_indicator, make_resolution, make_result, make_target

pytestmark = pytest.mark.django_db


def on_indicator(resolution: Resolution, key: str) -> Target:
    return Target.objects.get(resolution=resolution, indicator__key=key)


def communes_case(districts: int = 2) -> tuple[Target, list[Target]]:
    """A province target of 100 new-countryside communes (figure 98) and districts with 40, 50, ... of them."""
    indicator = make_indicator()
    province = make_committee("Đảng bộ tỉnh Thử", level="province")
    upper = make_target(make_resolution(province), "100", unit="xã", indicator=indicator,
                        name="Số xã đạt chuẩn nông thôn mới")
    make_result(upper, "98")
    lowers = []
    for i in range(districts):
        district = make_committee(f"Đảng bộ huyện Thử {i + 1}", parent=province)
        lower = make_target(make_resolution(district), str(40 + 10 * i), unit="xã", indicator=indicator,
                            name="Số xã đạt chuẩn nông thôn mới")
        make_result(lower, str(42 + 11 * i))
        link_to_upper(lower, upper)
        lowers.append(lower)
    return upper, lowers


def upper_row(target: Target):  # noqa: ANN201
    return next(r for r in rows_for(target.resolution, "term", None) if r.target.pk == target.pk)


def test_the_seed_data_links_khoai_chau_to_the_province_targets_on_the_same_indicator(
    khoai_chau_xxv: Resolution, hung_yen_xix: Resolution
) -> None:
    assert upper_of(on_indicator(khoai_chau_xxv, "total-investment")) == on_indicator(hung_yen_xix, "total-investment")
    assert upper_of(on_indicator(khoai_chau_xxv, "new-party-members")) == on_indicator(hung_yen_xix, "new-party-members")


def test_a_district_target_serves_the_province_target_of_the_same_term(
    khoai_chau_xxv: Resolution, hung_yen_xix: Resolution
) -> None:
    TargetLink.objects.all().delete()
    user = User.objects.get(username="canbo.khoaichau")
    lower = on_indicator(khoai_chau_xxv, "total-investment")
    upper = on_indicator(hung_yen_xix, "total-investment")
    assert upper_of(lower) is None
    link = link_to_upper(lower, upper, user)
    assert upper_of(lower) == upper and link_to_upper(lower, upper, user) == link  # idempotent
    assert link.history.get().history_user == user


def test_a_link_must_go_to_a_committee_above_in_the_same_term(
    khoai_chau_xxv: Resolution, hung_yen_xix: Resolution, thai_binh_xx: Resolution
) -> None:
    lower = on_indicator(khoai_chau_xxv, "total-investment")
    with pytest.raises(DocumentError, match="Đảng bộ tỉnh Thái Bình không phải cấp ủy cấp trên của Đảng bộ huyện Khoái Châu"):
        link_to_upper(lower, Target.objects.filter(resolution=thai_binh_xx).first())  # type: ignore[arg-type]
    next_term = resolution_by("khoai-chau", 26).targets.first()
    with pytest.raises(DocumentError, match="không cùng nhiệm kỳ"):
        link_to_upper(next_term, on_indicator(hung_yen_xix, "total-investment"))  # type: ignore[arg-type]
    link_to_upper(lower, on_indicator(hung_yen_xix, "total-investment"))  # the seeds' link, kept
    with pytest.raises(DocumentError, match="đã phục vụ"):
        link_to_upper(lower, on_indicator(hung_yen_xix, "budget-revenue"))
    assert not TargetLink.objects.filter(target__resolution__congress__committee__key="thai-binh-2020").exists()


def test_the_province_links_its_districts_targets_by_catalogue_indicator_once(
    hung_yen_xix: Resolution, khoai_chau_xxv: Resolution
) -> None:
    TargetLink.objects.all().delete()
    made = link_same_indicator(hung_yen_xix)
    shared = set(Target.objects.filter(resolution=khoai_chau_xxv, indicator__isnull=False)
                 .values_list("indicator__key", flat=True)) & set(
        Target.objects.filter(resolution=hung_yen_xix).values_list("indicator__key", flat=True))
    assert len(made) == len(shared) > 10
    assert all(link.linked_to.indicator_id == link.target.indicator_id for link in made)
    assert link_same_indicator(hung_yen_xix) == []


def test_the_provinces_page_sums_its_districts_and_flags_the_gap() -> None:
    upper, lowers = communes_case()
    result = cascade_for(upper_row(upper), upper.resolution.committee, "term", None, None)
    assert [c.row.target.pk for c in result.contributions] == [t.pk for t in lowers]
    # Each district against its own target: 42 of 40 (Vượt), 53 of 50 (Vượt).
    assert [(c.row.target_text, c.row.status) for c in result.contributions] == [
        ("40", Status.EXCEEDED), ("50", Status.EXCEEDED)]
    assert result.rollup.target_sum == (Decimal(90), Decimal(90)) and result.rollup.figure_sum == Decimal(95)
    assert result.rollup.flags == [
        "Tổng chỉ tiêu các đảng bộ cấp dưới (90) thấp hơn chỉ tiêu của tỉnh (100): chênh 10.",
        "Tổng số liệu các đảng bộ cấp dưới (95) thấp hơn số liệu của tỉnh (98): chênh 3.",
    ]


def test_only_the_districts_a_user_may_see_are_summed() -> None:
    upper, lowers = communes_case()
    visible = {upper.resolution.committee.pk, lowers[1].resolution.committee.pk}
    result = cascade_for(upper_row(upper), upper.resolution.committee, "term", None, visible)
    assert [c.committee.name for c in result.contributions] == ["Đảng bộ huyện Thử 2"]


def test_the_roll_up_costs_four_queries_whatever_the_number_of_districts(django_assert_num_queries: Any) -> None:
    for districts in (2, 12):
        upper, _ = communes_case(districts)
        row = upper_row(upper)
        with django_assert_num_queries(4):
            result = cascade_for(row, upper.resolution.committee, "term", None, None)
        assert len(result.contributions) == districts


def test_unlinking_keeps_the_link_in_the_history(khoai_chau_xxv: Resolution, hung_yen_xix: Resolution) -> None:
    link = link_to_upper(on_indicator(khoai_chau_xxv, "total-investment"), on_indicator(hung_yen_xix, "total-investment"))
    link_id = link.pk
    unlink(link, reason="Liên kết nhầm")
    assert [h.history_type for h in TargetLink.history.filter(id=link_id).order_by("history_date")] == ["+", "-"]


def test_the_district_official_links_in_the_admin_and_may_not_link_another_committees_target(
    khoai_chau_xxv: Resolution, hung_yen_xix: Resolution
) -> None:
    TargetLink.objects.all().delete()
    client = login("canbo.khoaichau")
    lower, upper = on_indicator(khoai_chau_xxv, "total-investment"), on_indicator(hung_yen_xix, "total-investment")
    response = client.post("/admin/resolutions/targetlink/add/", {"target": lower.pk, "linked_to": upper.pk})
    assert response.status_code == 302
    assert TargetLink.objects.get(target=lower).created_by.username == "canbo.khoaichau"
    other = on_indicator(hung_yen_xix, "budget-revenue")
    province_target = on_indicator(hung_yen_xix, "poverty-rate")
    response = client.post("/admin/resolutions/targetlink/add/", {"target": other.pk, "linked_to": province_target.pk})
    assert response.status_code == 200 and not TargetLink.objects.filter(target=other).exists()


def test_the_province_official_links_the_districts_with_the_resolution_action(hung_yen_xix: Resolution) -> None:
    TargetLink.objects.all().delete()
    official = User.objects.get(username="canbo.hungyencu")
    response = login("canbo.hungyencu").post("/admin/resolutions/resolution/", {
        "action": "link_subordinate_targets", "_selected_action": [hung_yen_xix.pk]})
    assert response.status_code == 302
    assert TargetLink.objects.filter(linked_to__resolution=hung_yen_xix, created_by=official).count() > 10
    # Another committee's official may not run it on Hưng Yên's resolution.
    Membership.objects.filter(user__username="canbo.thaibinh").update(committee=Committee.objects.get(key="thai-binh-2020"))
    TargetLink.objects.all().delete()
    login("canbo.thaibinh").post("/admin/resolutions/resolution/", {
        "action": "link_subordinate_targets", "_selected_action": [hung_yen_xix.pk]})
    assert not TargetLink.objects.exists()
