"""Shared test setup: the seed documents' data and demo users are loaded once per session.

Every database test runs inside a transaction that is rolled back, so tests may change or
delete seed data freely.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from resolutions.demo import ensure_demo_users
from resolutions.models import Committee, Resolution
from resolutions.seeds import load_seeds


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_seeds()
        ensure_demo_users()
    yield


def resolution_by(committee_key: str, ordinal: int, year: int | None = None) -> Resolution:
    """A seed resolution by committee key and congress number (annual ones by year)."""
    qs = Resolution.objects.with_context().filter(
        congress__committee__key=committee_key, congress__ordinal=ordinal
    )
    qs = qs.filter(kind="annual", year=year) if year else qs.filter(kind="congress")
    return qs.get()


def khoai_chau_xxvi_still_open() -> Resolution:
    """Khoái Châu's 2025-2030 resolution, its committee imagined still active.

    Khoái Châu ended on 30/06/2025 (district committees were dissolved), so its XXVI resolution
    takes no figures (``workflow.entry_periods``); the tests of entering 2026 figures pretend it
    lives on, inside the test's rolled-back transaction only.
    """
    Committee.objects.filter(key="khoai-chau").update(active_to=None)
    return resolution_by("khoai-chau", 26)


@pytest.fixture
def hung_yen_xix(db: None) -> Resolution:
    return resolution_by("hung-yen-2020", 19)


@pytest.fixture
def thai_binh_xx(db: None) -> Resolution:
    return resolution_by("thai-binh-2020", 20)


@pytest.fixture
def khoai_chau_xxv(db: None) -> Resolution:
    return resolution_by("khoai-chau", 25)


@pytest.fixture
def committee(db: None) -> Any:
    def get(key: str) -> Committee:
        return Committee.objects.get(key=key)

    return get


def sign_in(client: Client, username: str, password: str) -> bool:
    """Sign in through the login page, as a person does (throttled by django-axes); True when it worked.

    (``Client.login`` calls ``authenticate`` without a request, which django-axes refuses.)
    """
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/"})
    return response.status_code == 302 and "_auth_user_id" in client.session


def login(username: str) -> Client:
    """A test client signed in as a demo user."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def admin_client_demo(db: None) -> Client:
    return login("quantri")


@pytest.fixture
def leader_client(db: None) -> Client:
    return login("lanhdao.hungyen")


@pytest.fixture
def official_client(db: None) -> Client:
    return login("canbo.khoaichau")
