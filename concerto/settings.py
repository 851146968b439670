"""Settings for Concerto, read from the environment (twelve-factor style).

Every value that differs between a laptop and production comes from an environment
variable; the defaults give a working local set-up with an SQLite file.
"""

from __future__ import annotations

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
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("CONCERTO_ENV", "development") == "production":
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
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "simple_history",
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
    "concerto.surveys",
    "concerto.evaluation",
    "concerto.coverage",
    "concerto.proposals",
    "concerto.reports",
    "concerto.referencedata",
    "concerto.public",
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
    "concerto.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "concerto.api.exceptions.exception_handler",
    # JSON with size and depth limits (concerto/api/parsers.py); forms for the browsable pages.
    "DEFAULT_PARSER_CLASSES": [
        "concerto.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# The personal-data access log keeps its entries this long (manage.py purge_access_log).
CONCERTO_ACCESS_LOG_MONTHS = int(os.environ.get("CONCERTO_ACCESS_LOG_MONTHS", "36"))
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
# Benchmark servers only (`make bench`): mounts the floor view of concerto/bench. Never in production.
CONCERTO_BENCH = env_bool("CONCERTO_BENCH", False)
