"""The one scoping module: who sees, enters and approves which committee's figures."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from resolutions import access
from resolutions.demo import DEMO_USERS
from resolutions.models import Committee, Membership, Result
from tests.conftest import resolution_by

pytestmark = pytest.mark.django_db


def keys(ids: set[int] | None) -> set[str] | None:
    if ids is None:
        return None
    return set(Committee.objects.filter(pk__in=ids).values_list("key", flat=True))


def user(name: str) -> User:
    return User.objects.get(username=name)


def test_an_official_enters_and_sees_only_their_own_committee() -> None:
    official = user("canbo.khoaichau")
    assert keys(access.editable_committee_ids(official)) == {"khoai-chau"}
    assert keys(access.visible_committee_ids(official)) == {"khoai-chau"}
    assert keys(access.approvable_committee_ids(official)) == set()


def test_the_merged_province_leader_sees_its_predecessors_and_their_districts_but_edits_nothing() -> None:
    leader = user("lanhdao.hungyen")
    assert {"hung-yen-2025", "hung-yen-2020", "thai-binh-2020", "khoai-chau"} <= keys(access.visible_committee_ids(leader))
    assert "vinh-bao" not in keys(access.visible_committee_ids(leader))
    assert keys(access.editable_committee_ids(leader)) == set()


def test_the_leader_approves_only_committees_below_their_own() -> None:
    approvable = keys(access.approvable_committee_ids(user("lanhdao.hungyen")))
    assert "khoai-chau" in approvable and "hung-yen-2025" not in approvable


def test_administrators_may_do_everything() -> None:
    admin = user("quantri")
    assert access.is_admin(admin)
    assert access.visible_committee_ids(admin) is None and access.editable_committee_ids(admin) is None


def test_anonymous_users_see_nothing() -> None:
    anonymous = AnonymousUser()
    assert not access.scope(Result.objects.all(), anonymous, "target__resolution__congress__committee").exists()
    assert not access.can_resolution(anonymous, "view", resolution_by("khoai-chau", 26))


def test_scope_restricts_results_to_the_users_committees() -> None:
    rows = access.scope(Result.objects.all(), user("canbo.thaibinh"), "target__resolution__congress__committee", "edit")
    assert set(rows.values_list("target__resolution__congress__committee__key", flat=True)) <= {"thai-binh-2020"}


def test_can_resolution_agrees_with_scope() -> None:
    xxvi = resolution_by("khoai-chau", 26)
    assert access.can_resolution(user("canbo.khoaichau"), "edit", xxvi)
    assert not access.can_resolution(user("canbo.thaibinh"), "edit", xxvi)
    assert not access.can_resolution(user("canbo.thaibinh"), "view", xxvi)
    assert access.can_resolution(user("lanhdao.hungyen"), "view", xxvi)
    assert not access.can_resolution(user("lanhdao.hungyen"), "edit", xxvi)
    assert access.can_resolution(user("lanhdao.hungyen"), "approve", xxvi)


def test_every_seed_committee_has_an_official_and_the_province_has_a_leader() -> None:
    entered = set(Membership.objects.filter(role="entry").values_list("committee__key", flat=True))
    assert set(Committee.objects.values_list("key", flat=True)) <= entered
    assert Membership.objects.filter(role="leader", committee__key="hung-yen-2025").exists()
    assert any(d.role is None for d in DEMO_USERS)
