"""devzone settings: one module, configured from the environment only.

Every variable is listed with its default in ``.env.example``. With no environment at all
the portal runs on the embedded default: SQLite, and Celery tasks executed in-process.
"""

from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="devzone-insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "simple_history",
    "devzone.tenancy",
    "devzone.api",
    "devzone.audit",
    "devzone.reports",
    "devzone.imports",
    "devzone.recompute",
    "devzone.web",
    "zones",
    "powers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "devzone.web.middleware.LanguageMiddleware",
    "devzone.api.middleware.RejectBadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "devzone.domain.pages.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "devzone.audit.middleware.ChangePathMiddleware",
]

ROOT_URLCONF = "devzone.urls"
WSGI_APPLICATION = "devzone.wsgi.application"

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
                "devzone.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"]["NAME"] = env.str("TEST_DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous sees nothing
GUARDIAN_RAISE_403 = False

# Internationalisation: Simplified Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
# Each language is named in itself, whatever the current language.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: project files in static/, third-party libraries straight from node_modules.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Input limits: absurd sizes are refused before they reach the database.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous API call is answered 401 (with WWW-Authenticate).
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["devzone.tenancy.permissions.InScope"],
    "DEFAULT_FILTER_BACKENDS": [
        "devzone.tenancy.filters.ScopeFilterBackend",
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_PAGINATION_CLASS": "devzone.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "devzone.api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "devzone.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "devzone API",
    "DESCRIPTION": "开发区体制机制改革管理平台 REST API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RegionLevelEnum": "zones.models.RegionLevel",
        "ZoneLevelEnum": "zones.models.ZoneLevel",
        "ZoneStatusEnum": "zones.models.ZoneStatus",
    },
    # The interactive docs load Swagger UI from node_modules through staticfiles (no CDN).
    "SWAGGER_UI_DIST": STATIC_URL + "vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
}

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"devzone.reports.*": {"queue": "reports"}}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
HEARTBEAT_SECONDS = env.float("HEARTBEAT_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "devzone.web.tasks.heartbeat", "schedule": HEARTBEAT_SECONDS},
    "recompute-sweep": {
        "task": "devzone.recompute.tasks.sweep",
        "schedule": env.float("RECOMPUTE_SWEEP_SECONDS", default=60.0),
    },
}

# Recompute outbox (devzone/recompute, ADR 0131): debounce before a run, how long a claim lives,
# how old an owed row must be before the sweep re-sends it. A publish must fail fast when Redis
# is down (the outbox keeps the debt), so the broker sockets get short timeouts.
RECOMPUTE_DEBOUNCE_SECONDS = env.float("RECOMPUTE_DEBOUNCE_SECONDS", default=1.0)
RECOMPUTE_CLAIM_SECONDS = env.float("RECOMPUTE_CLAIM_SECONDS", default=600.0)
RECOMPUTE_SWEEP_GRACE_SECONDS = env.float("RECOMPUTE_SWEEP_GRACE_SECONDS", default=30.0)
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    {
        "socket_connect_timeout": env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0),
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=10.0),
    }
)

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="devzone-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Tenancy: the models the platform scopes by, resolved through the app registry.
TENANCY_ZONE_MODEL = "zones.Zone"
TENANCY_REGION_MODEL = "zones.Region"

# Reports (devzone/reports, ADR 0113): up to REPORTS_SYNC_MAX_ROWS rows a PDF is rendered in the
# request; above, it becomes a job on the `reports` queue. Above REPORTS_MAX_ROWS it is refused.
# The task's time limits stay below the broker's visibility timeout (no duplicate delivery).
REPORTS_SYNC_MAX_ROWS = env.int("REPORTS_SYNC_MAX_ROWS", default=300)
REPORTS_MAX_ROWS = env.int("REPORTS_MAX_ROWS", default=20000)
REPORTS_TASK_SOFT_TIME_LIMIT = env.int("REPORTS_TASK_SOFT_TIME_LIMIT", default=240)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["ReportJobStateEnum"] = "devzone.reports.models.JobState"
# Excel import/export (devzone/imports): limits per uploaded file; bigger files go to a worker.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=200)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["ImportRunStateEnum"] = "devzone.imports.models.RunState"
# 一区一策 plans: the plan state enum keeps its name beside the report job and import run states.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["PlanStateEnum"] = "zones.models.PlanState"
# The delegated-power register: its status, a new delegation's first status, a deferral's fallback.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "DelegationStatusEnum": "powers.models.DelegationStatus",
        "NewDelegationStatusEnum": "powers.models.NEW_STATUS_CHOICES",
        "FallbackModeEnum": "powers.models.FALLBACK_CHOICES",
        "DelegationModeEnum": "powers.models.DelegationMode",
    }
)
