"""Django settings for Kohtaamo.

One settings module driven by environment variables (healthchecks style): the defaults give a
zero-configuration SQLite install; production points ``KOHTAAMO_DATABASE_URL`` at PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
import plotly
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envsecret(name: str, default: str = "") -> str:
    """Read ``NAME`` or the file named by ``NAME_FILE`` (for Docker/Kubernetes secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.getenv(name, default)


DEBUG = envbool("KOHTAAMO_DEBUG")
# The demo and a fresh install run on localhost; a real deployment sets its own key.
SECRET_KEY = envsecret("KOHTAAMO_SECRET_KEY") or "kohtaamo-insecure-local-key-change-me-in-production"
ALLOWED_HOSTS = [h.strip() for h in os.getenv("KOHTAAMO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.getenv("KOHTAAMO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "kohtaamo.workspaces",
    "kohtaamo.timeline",
    "kohtaamo.feedback",
    "kohtaamo.quality",
    "kohtaamo.operations",
    "kohtaamo.notify",
    "kohtaamo.journeys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kohtaamo.inputs.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kohtaamo.urls"
WSGI_APPLICATION = "kohtaamo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kohtaamo.workspaces.context_processors.workspace_navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = os.getenv("KOHTAAMO_DATABASE_URL") or f"sqlite:///{Path.cwd() / 'kohtaamo.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the worker or an import writes; IMMEDIATE transactions
        # take the write lock up front so concurrent writers wait (busy_timeout) instead of failing.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        config["TEST"] = {"NAME": os.getenv("KOHTAAMO_TEST_SQLITE_NAME") or None}
    else:
        config["TEST"] = {"NAME": os.getenv("KOHTAAMO_TEST_DATABASE_NAME") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

STATIC_URL = "static/"
# Only needed for `collectstatic` behind another web server; WhiteNoise serves from the finders otherwise.
STATIC_ROOT = os.getenv("KOHTAAMO_STATIC_ROOT") or None
# Plotly is served from the plotly package's own bundle (never a CDN), htmx from django-htmx.
STATICFILES_DIRS = [BASE_DIR / "static", ("plotly", Path(plotly.__file__).parent / "package_data")]
# Serving straight from the finders means no collectstatic step for a fresh install or the demo.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("KOHTAAMO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

NINJA_PAGINATION_PER_PAGE = 50

# Input limits (docs/security.md, "Input validation and limits"): a request body up to 8 MiB, so a batch
# of 1,000 interactions with 25-line transcripts (about 4.2 MB) fits twice over; above it, a JSON 413
# under /api/. Uploaded files stream to disk and stop at KOHTAAMO_MAX_UPLOAD_BYTES (kohtaamo.inputs.uploads).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.getenv("KOHTAAMO_MAX_BODY_BYTES", str(8 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "kohtaamo.inputs.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("KOHTAAMO_LOG_LEVEL", "WARNING")},
}
