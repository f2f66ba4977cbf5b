"""One env-driven settings module.

Environment variables (README "Triển khai" explains each):
- ``DEBUG`` (default "1" for development; set "0" in production)
- ``SECRET_KEY`` (required when DEBUG is off; a development key is used only with DEBUG on)
- ``DATABASE_URL`` (default: SQLite file ``db.sqlite3`` in the project)
- ``ALLOWED_HOSTS`` (comma separated; default "127.0.0.1,localhost" in development)
- ``CSRF_TRUSTED_ORIGINS`` (comma separated, e.g. "https://chitieu.tinhuy.vn"; only when needed)
- ``SECURE_SSL_REDIRECT`` (default on in production; "0" when the proxy already redirects to HTTPS)
- ``SECURE_PROXY_SSL_HEADER`` ("HTTP_X_FORWARDED_PROTO:https" when a proxy on another host ends TLS)
- ``SECURE_HSTS_SECONDS`` (default one year in production), ``SECURE_HSTS_PRELOAD`` (default on)
- ``SECURE_COOKIES`` (default on in production: cookies only over HTTPS)
- ``SESSION_IDLE_MINUTES`` (default 480, a working day: a session ends after that long without activity)
- ``LOGIN_FAILURE_LIMIT`` (default 5) and ``LOGIN_LOCKOUT_MINUTES`` (default 15): login throttling
- ``STATIC_ROOT`` (default ``staticfiles/`` in the project), ``LOG_LEVEL`` (default WARNING)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable; refuse anything but the usual spellings."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0/1/true/false, got {raw!r}")


def _env_int(name: str, default: int) -> int:
    """Read a non-negative integer environment variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number (0 or more), got {raw!r}")
    return value


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and (len(SECRET_KEY) < 32 or SECRET_KEY.startswith("dev-only")):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production (at least 32 characters).")

_hosts = os.environ.get("ALLOWED_HOSTS", "")
if _hosts:
    ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
elif DEBUG:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
else:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

INSTALLED_APPS = [
    "resolutions.admin_site.TrackerAdminConfig",  # django.contrib.admin with its sections
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "indicators",
    "resolutions",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, compressed, cached for a year) straight from the app server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a refused (locked out) login into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Checks silenced on purpose (each says why where its setting is):
# - models.W040: the verdict tallies' covering index (INCLUDE columns) is for PostgreSQL; SQLite builds
#   it without them;
# - axes.W006: login throttling locks by user name, not by address (see below).
SILENCED_SYSTEM_CHECKS = ["models.W040", "axes.W006"]

# Passwords: at least 10 characters and Django's validators (their messages are translated to vi).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one user name within
# LOGIN_LOCKOUT_MINUTES, that user name is refused (even with the right password) until the
# failures are that old; by user name, not by address (the offices sit behind one NAT).
# The axes backend comes first: it refuses a locked user name before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that locking by user name alone lets one address try many user names; locking by
# address would lock a whole office (one NAT address) out after five typos, so user names it is
# (axes.W006 is in SILENCED_SYSTEM_CHECKS above).
AXES_RESET_ON_SUCCESS = True
# Attempts during the lockout do not prolong it: the user name is free again 15 minutes after the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "resolutions.service_pages.lockout_response"
AXES_ENABLE_ADMIN = False  # resolutions.admin.sign_in shows the lockouts in Vietnamese, with an unlock action
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login is kept (user name, address, time)
# The log names the user name and address of each failure (an administrator needs them); passwords never.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# Behind the documented nginx (the only client of gunicorn on 127.0.0.1) X-Real-IP is the client's address.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")

# Sessions end after a working day without activity: every request moves the expiry forward.
SESSION_COOKIE_AGE = _env_int("SESSION_IDLE_MINUTES", 8 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Vietnamese first: language, time zone, number format 1.234,5, dates dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
# The project's own Vietnamese for what Django and the admin packages leave in English;
# compiled to .mo by `make translations` (part of setup, run and test).
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Production serves collected files with hashed names (cached for a year) and gzip/brotli copies;
# development serves them from the source folders.
WHITENOISE_AUTOREFRESH = DEBUG  # development: pick up changed files; production: index once at start
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/"
CSRF_FAILURE_VIEW = "resolutions.service_pages.csrf_failure"  # the Vietnamese 403 page, not Django's English one

# Uploads (appendix imports) are small tables: refuse anything large before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMPORT_FILE_SIZE = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20000
# Inside the file (an .xlsx or .docx is a zip): what it may unpack to (reports/uploads.py).
MAX_IMPORT_UNCOMPRESSED_SIZE = 50 * 1024 * 1024
MAX_IMPORT_COMPRESSION_RATIO = 100
MAX_IMPORT_MEMBERS = 1000
MAX_IMPORT_CELL_TEXT = 5000

# django-import-export: explicit permissions for both directions; all-or-nothing imports.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Audit trail: no one-click revert (it would bypass scoping, locks and version checks).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Secure by default in production: HTTPS only (redirect, HSTS, secure cookies). TLS ends at the proxy
# (deploy/nginx-chitieu.conf); gunicorn trusts its X-Forwarded-Proto from 127.0.0.1. A proxy that
# already redirects to HTTPS may set SECURE_SSL_REDIRECT=0; one on another host needs
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO:https (and must overwrite that header).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = _env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    _header, _, _value = _proxy_header.partition(":")
    if not _header.startswith("HTTP_") or not _value:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO:https, got " + repr(_proxy_header)
        )
    SECURE_PROXY_SSL_HEADER = (_header, _value)
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

# Content-Security-Policy (django-csp 4 format) on every response, admin included: scripts, styles,
# images and fonts only from this server; no inline script or style (styles live in static/css,
# charts are server-drawn SVG), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Failed logins and lockouts reach the log: axes logs each of them at WARNING.
}
