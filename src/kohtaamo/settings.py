"""Django settings for Kohtaamo.

One settings module driven by environment variables (healthchecks style): the defaults give a
zero-configuration SQLite install; production points ``KOHTAAMO_DATABASE_URL`` at PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import plotly
from django.utils.csp import CSP
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
# The demo runs on localhost with a key everybody knows; `kohtaamo serve` refuses that key anywhere else
# (kohtaamo.cli.secret_key), so a real deployment sets its own.
BUILT_IN_SECRET_KEY = "kohtaamo-insecure-local-key-change-me-in-production"  # noqa: S105 -- public on purpose
SECRET_KEY = envsecret("KOHTAAMO_SECRET_KEY") or BUILT_IN_SECRET_KEY
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # For the API docs: django-ninja then serves Swagger UI from its own static files, never from a CDN.
    "ninja",
    "kohtaamo.workspaces",
    "kohtaamo.timeline",
    "kohtaamo.feedback",
    "kohtaamo.quality",
    "kohtaamo.operations",
    "kohtaamo.notify",
    "kohtaamo.journeys",
    "kohtaamo.privacy",
    "kohtaamo.insights",
    "kohtaamo.sentiment",
    "kohtaamo.connectors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kohtaamo.workspaces.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kohtaamo.inputs.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kohtaamo.ratelimit.ApiRateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
        # secure_delete overwrites deleted content with zeros, so erased personal data does not linger in
        # free pages or free space inside pages (docs/privacy.md).
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000; PRAGMA secure_delete=ON;"
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

# Argon2 (argon2-cffi) for every new or changed password; the others only verify older hashes, which are
# re-hashed with Argon2 the next time their owner logs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "kohtaamo.workspaces.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes). Attempts are kept in the database, so every web process sees them.
# An account is locked after AXES_FAILURE_LIMIT failures from anywhere, and so is a client address after
# that many failures on any accounts; either lock lifts after the cool-off or when an admin unlocks it
# (`kohtaamo user unlock EMAIL`, or Axes' pages in the admin).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.getenv("KOHTAAMO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.getenv("KOHTAAMO_LOGIN_LOCKOUT_MINUTES", "15")))
# A contact centre may put a whole floor behind one address: KOHTAAMO_LOGIN_LOCK_BY_ADDRESS=0 keeps the
# account lock and drops the address lock.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] if envbool("KOHTAAMO_LOGIN_LOCK_BY_ADDRESS", "1") else ["username"]
AXES_USERNAME_CALLABLE = "kohtaamo.workspaces.throttle.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kohtaamo.workspaces.views.account.login_locked"
# The client address is the one the rate limits and the audit trail use: the connection's (REMOTE_ADDR),
# or behind a proxy the trusted entry of KOHTAAMO_PROXY_HEADER (below; kohtaamo/inputs/address.py).
AXES_CLIENT_IP_CALLABLE = "kohtaamo.inputs.address.client_address"

# Mail the app sends itself (password reset) goes through Django's backend, at the same KOHTAAMO_EMAIL_*
# server the survey invitations use; tests use the in-memory backend.
EMAIL_BACKEND = os.getenv("KOHTAAMO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.getenv("KOHTAAMO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.getenv("KOHTAAMO_EMAIL_PORT", "587" if os.getenv("KOHTAAMO_EMAIL_HOST") else "25"))
EMAIL_HOST_USER = os.getenv("KOHTAAMO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = envsecret("KOHTAAMO_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("KOHTAAMO_EMAIL_USE_TLS", "true" if os.getenv("KOHTAAMO_EMAIL_HOST") else "false")
DEFAULT_FROM_EMAIL = os.getenv("KOHTAAMO_EMAIL_FROM", "kohtaamo@localhost")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

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

# Served over HTTPS (KOHTAAMO_HTTPS=1): redirect plain HTTP, tell browsers to insist on HTTPS (HSTS), and
# send cookies only over HTTPS. Behind a proxy that ends TLS, KOHTAAMO_PROXY_SSL_HEADER names the header it
# sets (X-Forwarded-Proto), so the redirect does not loop. `manage.py check --deploy` is clean then.
HTTPS = envbool("KOHTAAMO_HTTPS")
if HTTPS:
    SECURE_SSL_REDIRECT = envbool("KOHTAAMO_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = int(os.getenv("KOHTAAMO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("KOHTAAMO_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("KOHTAAMO_HSTS_PRELOAD", "true")
if proxy_ssl_header := os.getenv("KOHTAAMO_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS or envbool("KOHTAAMO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: scripts only from our own static files (no inline script or event attribute
# anywhere; tests/workspaces/test_deploy.py checks every template), no framing. Inline *styles* stay
# allowed: Plotly and htmx insert <style> elements and a few bars are sized by a style attribute.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page uses, turned off (the Permissions-Policy header, workspaces.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

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

# Outbound connections a workspace configures (webhooks, SMS, apprise, SMTP) never reach this server's own
# or private networks, except the hosts or networks listed here, e.g. "smtp.internal,10.20.0.0/16".
KOHTAAMO_OUTBOUND_ALLOW = [h.strip() for h in os.getenv("KOHTAAMO_OUTBOUND_ALLOW", "").split(",") if h.strip()]
# Secrets kept in the database (SMTP passwords, webhook tokens and signing secrets) are encrypted with this
# key, or one derived from SECRET_KEY when it is not set. To rotate: set the new key, list the old one in
# KOHTAAMO_ENCRYPTION_OLD_KEYS, run `kohtaamo secrets rotate`, then drop the old key (docs/security.md).
KOHTAAMO_ENCRYPTION_KEY = envsecret("KOHTAAMO_ENCRYPTION_KEY")
KOHTAAMO_ENCRYPTION_OLD_KEYS = [k for k in envsecret("KOHTAAMO_ENCRYPTION_OLD_KEYS").split(",") if k.strip()]

# Rate-limit counters (and anything else cached) are shared by every process: in the database by default,
# in Redis when KOHTAAMO_REDIS_URL is set (e.g. redis://127.0.0.1:6379/0). See kohtaamo/ratelimit.py.
REDIS_URL = os.getenv("KOHTAAMO_REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kohtaamo_cache"}
}
# Behind a reverse proxy: the header carrying the client's address and how many trusted proxies add to it.
# One pair for the login throttle, the rate limits and the audit trail. KOHTAAMO_TRUSTED_PROXY_HEADER, the
# login throttle's older name for the header, is still read when the new one is not set.
KOHTAAMO_PROXY_HEADER = (os.getenv("KOHTAAMO_PROXY_HEADER") or os.getenv("KOHTAAMO_TRUSTED_PROXY_HEADER", "")).strip()
KOHTAAMO_PROXY_COUNT = int(os.getenv("KOHTAAMO_PROXY_COUNT", "1"))
# API requests a minute per token (a batch of 1,000 records is one request).
KOHTAAMO_API_RATE = int(os.getenv("KOHTAAMO_API_RATE", "3000"))
# Webhook deliveries a minute per connector (Meta, Chatwoot), and a minute per address to unknown paths.
KOHTAAMO_CONNECTOR_RATE = int(os.getenv("KOHTAAMO_CONNECTOR_RATE", "6000"))
# Minutes between two polls of a mailbox by the worker.
KOHTAAMO_MAILBOX_POLL_MINUTES = int(os.getenv("KOHTAAMO_MAILBOX_POLL_MINUTES", "2"))
# Seconds a mailbox waits in IMAP IDLE before it is re-issued (0: no IDLE, polls only); docs/integrations.md.
KOHTAAMO_MAILBOX_IDLE_SECONDS = int(os.getenv("KOHTAAMO_MAILBOX_IDLE_SECONDS", "600"))
