"""Every history entry names a user: the person who made the change, else the system account."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.test import RequestFactory

from resolutions.audit import SYSTEM_USERNAME, history_user, system_user
from resolutions.models import Result, Submission, Target
from resolutions.services import record_result


@pytest.mark.django_db
def test_no_history_entry_is_anonymous_after_loading_the_seeds() -> None:
    for model in (Target, Result, Submission):
        assert not model.history.filter(history_user__isnull=True).exists(), model.__name__
    seeded = Target.history.filter(history_type="+")
    assert seeded.exists()
    assert set(seeded.values_list("history_user__username", flat=True)) == {SYSTEM_USERNAME}


@pytest.mark.django_db
def test_a_change_made_without_a_user_is_recorded_as_the_system_account(khoai_chau_xxv: object) -> None:
    target = Target.objects.filter(resolution=khoai_chau_xxv).first()
    target.note = "Sửa trong shell"
    target.save()
    assert target.history.latest().history_user.username == SYSTEM_USERNAME


@pytest.mark.django_db
def test_a_service_call_records_the_person(khoai_chau_xxv: object) -> None:
    official = User.objects.get(username="canbo.khoaichau")
    target = Target.objects.filter(resolution=khoai_chau_xxv, target_kind="point").first()
    result = record_result(target, period="year", year=2023, text="12", user=official)
    assert result.history.latest().history_user == official


@pytest.mark.django_db
def test_the_signed_in_user_of_a_request_wins_over_the_system_account() -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="quantri")
    assert history_user(request=request).username == "quantri"
    assert history_user(request=None).username == SYSTEM_USERNAME


@pytest.mark.django_db
def test_the_system_account_cannot_sign_in() -> None:
    account = system_user()
    assert not account.is_active and not account.has_usable_password()
    assert authenticate(RequestFactory().post("/admin/login/"), username=SYSTEM_USERNAME, password="") is None
