"""Login throttling (django-axes, by user name): lockout, its Vietnamese page, unlocking, the failure log;
and the password rules."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from resolutions.demo import DEMO_USERS
from resolutions.sign_in import LoginLockout
from tests.conftest import login, sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def fail(client: Client, username: str, times: int, address: str = "10.0.0.1") -> list[int]:
    return [client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=address).status_code
            for _ in range(times)]


def test_four_failures_leave_the_login_open() -> None:
    client = Client()
    assert fail(client, "canbo.khoaichau", 4) == [200] * 4  # the login form again, with its error
    assert sign_in(client, "canbo.khoaichau", "NhapLieu@2025")


def test_the_fifth_failure_locks_the_user_name_even_against_the_right_password() -> None:
    client = Client()
    statuses = fail(client, "canbo.khoaichau", 5)
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(LOGIN, {"username": "canbo.khoaichau", "password": "NhapLieu@2025"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "đã nhập sai mật khẩu 5 lần nên tạm bị khóa đăng nhập trong 15 phút, kể cả khi nhập đúng mật khẩu" in html
    assert "_auth_user_id" not in client.session


def test_the_lock_is_by_user_name_not_by_address() -> None:
    for n, address in enumerate(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]):
        fail(Client(HTTP_USER_AGENT=f"trình duyệt {n}"), "canbo.khoaichau", 1, address=address)
    assert not sign_in(Client(), "canbo.khoaichau", "NhapLieu@2025")  # five addresses, one user name: locked
    assert sign_in(Client(), "canbo.vinhbao", "NhapLieu@2025")  # the same office's other officials are not


def test_the_lock_ends_fifteen_minutes_after_the_failures() -> None:
    fail(Client(), "canbo.khoaichau", 5)
    assert not sign_in(Client(), "canbo.khoaichau", "NhapLieu@2025")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert sign_in(Client(), "canbo.khoaichau", "NhapLieu@2025")


def test_failures_are_kept_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(Client(), "canbo.khoaichau", 2, address="10.9.8.7")
    assert list(AccessFailureLog.objects.values_list("username", "ip_address")) == [("canbo.khoaichau", "10.9.8.7")] * 2
    logged = [r.getMessage() for r in caplog.records if "login failure" in r.getMessage()]
    assert len(logged) == 2 and all("canbo.khoaichau" in m and "10.9.8.7" in m for m in logged)
    assert not any("sai-mat-khau" in r.getMessage() for r in caplog.records)


def test_an_administrator_unlocks_from_the_vietnamese_admin_page(admin_client_demo: Client) -> None:
    fail(Client(), "canbo.khoaichau", 5)
    page = admin_client_demo.get("/admin/resolutions/loginlockout/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mở khóa đăng nhập cho các tài khoản đã chọn" in html and "canbo.khoaichau" in html and "Số lần sai" in html
    lock = LoginLockout.objects.get(username="canbo.khoaichau")
    response = admin_client_demo.post("/admin/resolutions/loginlockout/", {
        "action": "unlock_selected", "_selected_action": [lock.pk]}, follow=True)
    assert "Đã mở khóa đăng nhập: canbo.khoaichau." in response.content.decode()
    assert sign_in(Client(), "canbo.khoaichau", "NhapLieu@2025")


def test_the_unlock_command_frees_a_user_name() -> None:
    import io

    fail(Client(), "canbo.khoaichau", 5)
    out = io.StringIO()
    call_command("unlock_login", "canbo.khoaichau", stdout=out)
    assert out.getvalue().startswith("canbo.khoaichau: đang bị khóa; đã xóa 1 bản ghi đăng nhập sai")
    assert sign_in(Client(), "canbo.khoaichau", "NhapLieu@2025")


def test_officials_and_leaders_do_not_see_login_records() -> None:
    for username in ("canbo.khoaichau", "lanhdao.hungyen"):
        assert login(username).get("/admin/resolutions/loginlockout/").status_code == 403


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(("password", "message"), [
    ("Ngan@2025", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
    ("12345678901234", "Mật khẩu này hoàn toàn là số."),
    ("password123", "Mật khẩu này quá phổ biến."),
])
def test_weak_passwords_are_refused_in_vietnamese(password: str, message: str) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert message in refused.value.messages


def test_the_password_change_page_refuses_a_short_password_in_vietnamese() -> None:
    client = login("canbo.khoaichau")
    response = client.post("/admin/password_change/", {
        "old_password": "NhapLieu@2025", "new_password1": "Ngan@2025", "new_password2": "Ngan@2025"})
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in response.content.decode()


def test_the_demo_users_still_sign_in_through_the_throttled_login_page() -> None:
    assert all(len(demo.password) >= 10 for demo in DEMO_USERS)
    for demo in DEMO_USERS[:3]:  # one of each role (each sign-in costs a password hash)
        assert sign_in(Client(), demo.username, demo.password), demo.username
