"""Settings for Concerto, read from the environment (twelve-factor style).

Every value that differs between a laptop and production comes from an environment
variable; the defaults give a working local set-up with an SQLite file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = os.environ.get("CONCERTO_ENV", "development") == "production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and PRODUCTION:
        raise RuntimeError("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - local only

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "concerto.core.apps.ConcertoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "concerto.core",  # before django_tasks_db: its db_worker command is the resilient one
    "django_tasks",
    "django_tasks_db",
    "concerto.accounts",
    "concerto.organisations",
    "concerto.prisons",
    "concerto.reference",
    "concerto.catalogue",
    "concerto.detainees",
    "concerto.registrations",
    "concerto.attendance",
    "concerto.privacy",
    "concerto.inbox",
    "concerto.surveys",
    "concerto.evaluation",
    "concerto.coverage",
    "concerto.proposals",
    "concerto.reports",
    "concerto.referencedata",
    "concerto.public",
    "concerto.publicity",
    "concerto.feeds",
    "concerto.opendata",
    "concerto.bench",
    "concerto.dashboard",
    "concerto.api",
    "concerto.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "concerto.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with the second factor
    "concerto.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "concerto.accounts.sessions.SessionLifetimeMiddleware",  # after messages: it leaves one on sign-out
    "concerto.accounts.sessions.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers locked-out sign-ins
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "concerto.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concerto" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "concerto.accounts.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "concerto.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'concerto.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer works; the timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
# Failed sign-ins (concerto/accounts/lockout.py, django-axes): a lock per user name and one per
# address, each after CONCERTO_LOGIN_FAILURE_LIMIT failures, for CONCERTO_LOGIN_LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
CONCERTO_LOGIN_FAILURE_LIMIT = int(os.environ.get("CONCERTO_LOGIN_FAILURE_LIMIT", "10"))
CONCERTO_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("CONCERTO_LOGIN_LOCKOUT_MINUTES", "15"))
# The second factor (concerto/accounts/second_factor.py): required in production for the roles
# that read personal data; optional elsewhere, so that the demo stays easy to try.
CONCERTO_SECOND_FACTOR = os.environ.get("CONCERTO_SECOND_FACTOR", "required" if PRODUCTION else "optional")
CONCERTO_SECOND_FACTOR_ROLES = [
    role
    for role in os.environ.get(
        "CONCERTO_SECOND_FACTOR_ROLES",
        "administrator,service_manager,service_worker,prison_staff,partner_facilitator,privacy_officer",
    ).split(",")
    if role
]
OTP_TOTP_ISSUER = "Concerto"
AXES_FAILURE_LIMIT = CONCERTO_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=CONCERTO_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "concerto.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Behind a reverse proxy, the client's address is the last hop's X-Forwarded-For entry.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("CONCERTO_PROXY_COUNT", "0")) or None
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Internationalisation: French first (most users), Dutch, English.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "concerto" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FIRST_DAY_OF_WEEK = 1
FORMAT_MODULE_PATH = ["concerto.formats"]
LANGUAGE_COOKIE_NAME = "concerto_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "concerto" / "static",
    # Front-end libraries installed from the npm registry by `make setup` (package-lock.json).
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("CONCERTO_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests), serve straight from the apps' static folders.
WHITENOISE_USE_FINDERS = not env_bool("CONCERTO_MANIFEST_STATIC", False)

# Production is served over HTTPS only (CONCERTO_HTTPS, on by default in production): cookies
# never travel in clear, plain-HTTP requests are redirected, and browsers are told to use HTTPS
# for a year (HSTS). The benchmark and the fault script run production settings on plain
# loopback HTTP and turn it off. Behind a reverse proxy that ends TLS, set
# CONCERTO_PROXY_SSL_HEADER=1 so that Django trusts its X-Forwarded-Proto (and only then).
HTTPS = env_bool("CONCERTO_HTTPS", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
# Signed-in sessions (concerto/accounts/sessions.py): idle timeout and absolute lifetime. The
# cookie itself lasts the absolute lifetime, so a browser never carries a longer-lived one.
CONCERTO_SESSION_IDLE_MINUTES = int(os.environ.get("CONCERTO_SESSION_IDLE_MINUTES", "30"))
CONCERTO_SESSION_HOURS = int(os.environ.get("CONCERTO_SESSION_HOURS", "10"))
SESSION_COOKIE_AGE = CONCERTO_SESSION_HOURS * 3600
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("CONCERTO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("CONCERTO_HSTS_PRELOAD", HTTPS)
if env_bool("CONCERTO_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP from the load balancer and the host itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the app itself
# only, no inline script or style anywhere (concerto/static/concerto/concerto.js holds the
# little behaviour the pages have), no framing, forms posting to the app only. The browser suite
# fails on any violation it reports (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# API tokens (django-rest-knox, concerto/accounts/api_tokens.py): one per client, named, hashed
# in the database, with an expiry (at most CONCERTO_API_TOKEN_MAX_DAYS), revocable.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name, not a secret)
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token", "TOKEN_PREFIX": "cto_"}
CONCERTO_API_TOKEN_MAX_DAYS = int(os.environ.get("CONCERTO_API_TOKEN_MAX_DAYS", "365"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "concerto.api.exceptions.exception_handler",
    # Rate limits per user and per address (concerto/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "concerto.api.throttling.PerUserThrottle",
        "concerto.api.throttling.PerAddressThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("CONCERTO_API_RATE_USER", "600/minute"),
        "address": os.environ.get("CONCERTO_API_RATE_ADDRESS", "1200/minute"),
    },
    # Behind a reverse proxy, the address is the last hop's X-Forwarded-For entry.
    "NUM_PROXIES": int(os.environ.get("CONCERTO_PROXY_COUNT", "0")) or None,
    # JSON with size and depth limits (concerto/api/parsers.py); forms for the browsable pages.
    "DEFAULT_PARSER_CLASSES": [
        "concerto.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# The personal-data access log keeps its entries this long (manage.py purge_access_log).
CONCERTO_ACCESS_LOG_MONTHS = int(os.environ.get("CONCERTO_ACCESS_LOG_MONTHS", "36"))
# The audit trail of privileged actions keeps its entries this long (the same command purges it).
CONCERTO_AUDIT_TRAIL_YEARS = int(os.environ.get("CONCERTO_AUDIT_TRAIL_YEARS", "10"))
# Task workers write a heartbeat this often; one not seen for CONCERTO_WORKER_LOST_SECONDS died
# and the tasks it ran are failed (concerto/core/worker.py).
CONCERTO_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("CONCERTO_WORKER_HEARTBEAT_SECONDS", "10"))
CONCERTO_WORKER_LOST_SECONDS = float(os.environ.get("CONCERTO_WORKER_LOST_SECONDS", "30"))
# Seconds a client is told to wait (Retry-After) when the database cannot be reached.
CONCERTO_RETRY_AFTER_SECONDS = int(os.environ.get("CONCERTO_RETRY_AFTER_SECONDS", "30"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Concerto API",
    "DESCRIPTION": "Shared catalogue of collective activities in prisons.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "concerto.api.schema.problem_responses",
    ],
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Background work (imports of the prison's list, offers, retention) is queued in the database
# and run by `manage.py db_worker` (django-tasks): no other service is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOG_LEVEL = os.environ.get("CONCERTO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "concerto.core.logging.JsonFormatter"}},
    "filters": {"redact": {"()": "concerto.core.logging.RedactPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # The request logger of Django repeats URLs with query strings: ours replaces it.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# Concerto's own knobs.
CONCERTO_CATALOGUE_PAGE_SIZE = 20
CONCERTO_DEMO_PASSWORD = os.environ.get("CONCERTO_DEMO_PASSWORD", "concerto-demo")
# Personal data is anonymised this many months after release or last activity.
CONCERTO_RETENTION_MONTHS = int(os.environ.get("CONCERTO_RETENTION_MONTHS", "24"))
# Attendance can be corrected for this many days after a session.
CONCERTO_ATTENDANCE_EDIT_DAYS = int(os.environ.get("CONCERTO_ATTENDANCE_EDIT_DAYS", "14"))
# An import still "running" after this long is marked failed (its worker died; nothing was written).
CONCERTO_IMPORT_STALL_MINUTES = int(os.environ.get("CONCERTO_IMPORT_STALL_MINUTES", "30"))
# Upload limits (the prison's list, and any later upload): each refusal names its limit.
CONCERTO_UPLOAD_MAX_MB = int(os.environ.get("CONCERTO_UPLOAD_MAX_MB", "10"))
CONCERTO_IMPORT_MAX_ROWS = int(os.environ.get("CONCERTO_IMPORT_MAX_ROWS", "50000"))
# An XLSX is a zip: its parts may not unzip to more than this (a "zip bomb" is refused unread).
CONCERTO_XLSX_MAX_UNZIPPED_MB = int(os.environ.get("CONCERTO_XLSX_MAX_UNZIPPED_MB", "100"))
# Statistics never show a count below this (re-identification risk).
CONCERTO_MIN_COUNT = 5
# One cache per process (in memory), large enough for the public pages' bodies, the offer's
# projections and the feeds' event texts; see docs/operations.md to share one between processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CONCERTO_CACHE_ENTRIES", "50000"))},
    }
}
# The public offer's projections are cached per publication stamp and day (concerto/public/selectors.offer).
CONCERTO_PUBLIC_OFFER_CACHE = env_bool("CONCERTO_PUBLIC_OFFER_CACHE", True)
CONCERTO_PUBLIC_OFFER_CACHE_SECONDS = int(os.environ.get("CONCERTO_PUBLIC_OFFER_CACHE_SECONDS", "3600"))
# Calendar feeds (concerto/feeds): the domain in every entry's UID (session-<pk>@<domain>); keep it
# once subscribers exist, or their calendars see every session as new. And the URL name of the
# public activity page the entries link to (no link while no such URL is installed).
CONCERTO_FEEDS_UID_DOMAIN = os.environ.get("CONCERTO_FEEDS_UID_DOMAIN", "concerto.brussels")
CONCERTO_FEEDS_ACTIVITY_URL_NAME = "public:activity"
# Benchmark servers only (`make bench`): mounts the floor view of concerto/bench. Never in production.
# Open data (concerto/opendata, docs/open-data.md). The profile URI names the Concerto HSDS
# profile for good: a new version of the profile gets a new URI, never a changed meaning.
CONCERTO_HSDS_PROFILE_URI = "https://concerto.brussels/hsds-profile/v1"
CONCERTO_OPEN_DATA_LICENCE = os.environ.get(
    "CONCERTO_OPEN_DATA_LICENCE", "https://creativecommons.org/licenses/by/4.0/"
)
CONCERTO_OPEN_DATA_PUBLISHER = os.environ.get(
    "CONCERTO_OPEN_DATA_PUBLISHER", "Coordination of collective activities in the Brussels prisons (Concerto)"
)
CONCERTO_OPEN_DATA_CONTACT_EMAIL = os.environ.get("CONCERTO_OPEN_DATA_CONTACT_EMAIL", "opendata@concerto.brussels")

CONCERTO_BENCH = env_bool("CONCERTO_BENCH", False)
