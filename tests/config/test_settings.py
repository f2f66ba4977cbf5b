"""Production configuration fails loudly; development has safe defaults."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    full = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    full.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, check=False)


def test_production_without_secret_key_refuses_to_start() -> None:
    run = _settings_with({"DEBUG": "0", "ALLOWED_HOSTS": "tracker.local"})
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr


def test_production_without_allowed_hosts_refuses_to_start() -> None:
    run = _settings_with({"DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert run.returncode != 0 and "ALLOWED_HOSTS" in run.stderr


def test_a_bad_debug_value_refuses_to_start() -> None:
    run = _settings_with({"DEBUG": "maybe"})
    assert run.returncode != 0 and "DEBUG must be" in run.stderr


def test_production_with_proper_settings_starts() -> None:
    run = _settings_with({"DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "tracker.local"})
    assert run.returncode == 0 and run.stdout.strip() == "False"


def test_vietnamese_locale_time_zone_and_number_format() -> None:
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == ("vi", "Asia/Ho_Chi_Minh", True)
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == "1.234,5"
        import datetime as dt

        assert formats.date_format(dt.date(2024, 12, 16), "SHORT_DATE_FORMAT") == "16/12/2024"


def test_both_deliberately_silenced_checks_stay_silenced() -> None:
    from django.conf import settings

    assert {"models.W040", "axes.W006"} <= set(settings.SILENCED_SYSTEM_CHECKS)
