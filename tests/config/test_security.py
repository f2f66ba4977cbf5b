"""Secure by default: the deploy check, the Content-Security-Policy on every page, idle sessions,
static files and error pages in production (DEBUG off)."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from resolutions.models import Committee, Target
from tests.conftest import khoai_chau_xxvi_still_open, login, resolution_by, sign_in

# ---------------------------------------------------------------------------- production settings


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "DJANGO_ALLOW_ASYNC",
                                                                       "SESSION_"))}
    full.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, *args], env=full, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, check=False)


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "chitieu.tinhuy.vn"}


def production_settings(*names: str, **env: str) -> dict[str, str]:
    """repr() of settings as a production process (DEBUG=0) with ``env`` sees them (one subprocess)."""
    code = ("import django; django.setup(); from django.conf import settings; "
            f"print(repr([repr(getattr(settings, n)) for n in {list(names)!r}]))")
    run = _run(["-c", code], {**PRODUCTION, **env})
    assert run.returncode == 0, run.stderr
    import ast

    return dict(zip(names, ast.literal_eval(run.stdout.strip()), strict=True))


def test_the_deploy_check_passes_with_only_debug_secret_key_and_allowed_hosts() -> None:
    run = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_production_is_https_only_by_default() -> None:
    seen = production_settings("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
                               "CSRF_COOKIE_SECURE", "STORAGES")
    assert seen["SECURE_SSL_REDIRECT"] == "True"
    assert int(seen["SECURE_HSTS_SECONDS"]) >= 365 * 24 * 3600
    assert seen["SESSION_COOKIE_SECURE"] == seen["CSRF_COOKIE_SECURE"] == "True"
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in seen["STORAGES"]


def test_a_proxy_that_redirects_itself_turns_the_redirect_off_and_names_its_header() -> None:
    seen = production_settings("SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", SECURE_SSL_REDIRECT="0",
                               SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO:https")
    assert seen == {"SECURE_SSL_REDIRECT": "False", "SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')"}
    run = _run(["-c", "import django; django.setup()"], {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "https"})
    assert run.returncode != 0 and "SECURE_PROXY_SSL_HEADER must look like" in run.stderr


def test_sessions_end_after_a_working_day_without_activity_and_the_length_is_configurable() -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    assert production_settings("SESSION_COOKIE_AGE", SESSION_IDLE_MINUTES="30") == {"SESSION_COOKIE_AGE": "1800"}


# ---------------------------------------------------------------------------- sessions over HTTP


@pytest.mark.django_db
def test_each_request_moves_the_end_of_the_session_forward() -> None:
    client = Client()
    assert sign_in(client, "lanhdao.hungyen", "LanhDao@2025")
    assert client.cookies["sessionid"]["max-age"] == 8 * 3600
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + dt.timedelta(hours=1))
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert dt.timedelta(hours=7, minutes=59) < renewed <= dt.timedelta(hours=8)


@pytest.mark.django_db
def test_a_session_idle_for_a_working_day_must_sign_in_again() -> None:
    client = Client()
    assert sign_in(client, "lanhdao.hungyen", "LanhDao@2025")
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# ---------------------------------------------------------------------------- Content-Security-Policy

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\sstyle=[\"']", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=[\"']", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def pages() -> list[tuple[str, str]]:
    xix = resolution_by("hung-yen-2020", 19)
    target = Target.objects.filter(resolution=xix, indicator__isnull=False).first()
    khoai_chau = khoai_chau_xxvi_still_open()  # takes 2026 figures
    guessed = Target.objects.filter(resolution=xix, target_kind="point").first()
    Target.objects.filter(pk=guessed.pk).update(direction_source=Target.DirectionSource.GUESSED)  # shows a notice
    result = khoai_chau.targets.first()
    return [
        ("lanhdao.hungyen", "/"),
        ("lanhdao.hungyen", f"/nghi-quyet/{xix.pk}/"),
        ("lanhdao.hungyen", f"/nghi-quyet/{xix.pk}/chi-tieu/{target.pk}/"),
        ("lanhdao.hungyen", f"/dang-bo/{Committee.objects.get(key='hung-yen-2025').pk}/tong-quan/"),
        ("lanhdao.hungyen", reverse("reports:results_section", args=[xix.pk])),
        ("quantri", "/admin/"),
        ("quantri", "/admin/resolutions/target/"),
        ("quantri", f"/admin/resolutions/target/{target.pk}/change/"),
        ("quantri", f"/admin/resolutions/target/{target.pk}/history/"),
        ("quantri", f"/admin/resolutions/target/{guessed.pk}/change/"),
        ("quantri", f"/admin/resolutions/resolution/{xix.pk}/change/"),
        ("quantri", "/admin/resolutions/result/add/"),
        ("quantri", "/admin/indicators/indicator/export/"),
        ("quantri", "/admin/indicators/indicator/import/"),
        ("quantri", "/admin/resolutions/loginlockout/"),
        ("quantri", "/admin/password_change/"),
        ("canbo.khoaichau", f"/admin/resolutions/submission/nhap-so-lieu/{khoai_chau.pk}/2026/"),
        ("canbo.khoaichau", "/admin/reports/importlog/nhap-phu-luc/"),
        ("canbo.khoaichau", f"/admin/resolutions/target/{result.pk}/change/"),
        ("", "/admin/login/"),
    ]


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy_without_unsafe_inline_and_has_no_inline_code(db: None) -> None:
    for username, url in pages():
        client = login(username) if username else Client()
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                          "frame-ancestors 'none'"):
            assert directive in policy, (url, directive)
        html = response.content.decode()
        found = [what for pattern, what in INLINE if pattern.search(html)]
        assert found == [], (url, found, [m.group(0) for p, _w in INLINE for m in [p.search(html)] if m])


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_error_pages_and_refusals_carry_the_policy_too() -> None:
    assert "script-src 'self'" in Client().get("/khong-co/")["Content-Security-Policy"]
    refused = login("lanhdao.hungyen").get("/admin/reports/importlog/nhap-phu-luc/")
    assert refused.status_code == 403 and "Content-Security-Policy" in refused


# ---------------------------------------------------------------------------- error pages in production


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_forbidden_page_is_the_vietnamese_403() -> None:
    response = login("lanhdao.hungyen").get("/admin/reports/importlog/nhap-phu-luc/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Lỗi 403" in html and "Bạn không có quyền thực hiện thao tác này." in html and "css/app" in html
    assert "<title>Lỗi 403 — Theo dõi chỉ tiêu nghị quyết</title>" in html  # the site named once


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_server_error_is_the_vietnamese_500_with_the_styles() -> None:
    client = login("lanhdao.hungyen")
    client.raise_request_exception = False
    with mock.patch("reports.views.committee_tree.visible_tree", side_effect=RuntimeError("hỏng")):
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html and "dữ liệu chưa được thay đổi" in html and "css/app" in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_expired_form_is_refused_with_the_vietnamese_csrf_page() -> None:
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu không được chấp nhận" in html and "Forbidden" not in html


# ---------------------------------------------------------------------------- static files in production


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``collectstatic`` as ``make serve`` runs it: hashed names and compressed copies."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.mark.django_db
def test_with_debug_off_every_page_is_styled_from_hashed_compressed_files_cached_for_a_year(collected: Path) -> None:
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(DEBUG=False, STATIC_ROOT=collected, STORAGES=storages, WHITENOISE_AUTOREFRESH=False,
                           WHITENOISE_USE_FINDERS=False):
        client = login("lanhdao.hungyen")
        for url in ("/", "/admin/", "/khong-co/"):
            html = client.get(url).content.decode()
            sheets = re.findall(r'<link rel="stylesheet" href="(/static/[^"]+)"', html)
            assert sheets, url
            for sheet in sheets:
                assert re.search(r"\.[0-9a-f]{12}\.css$", sheet), sheet  # a hashed name
                response = client.get(sheet, HTTP_ACCEPT_ENCODING="gzip")
                assert response.status_code == 200, sheet
                assert response["Content-Type"].startswith("text/css")
                assert response["Content-Encoding"] == "gzip"
                assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
        scripts = re.findall(r'<script src="(/static/[^"]+)"', client.get("/").content.decode())
        assert scripts and all(client.get(s).status_code == 200 for s in scripts)
