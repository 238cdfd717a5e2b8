"""devzone settings: one module, configured from the environment only.

Every variable is listed with its default in ``.env.example``. With no environment at all
the portal runs on the embedded default: SQLite, and Celery tasks executed in-process.
"""

import sys
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Production is the default (ADR 0011): DEBUG only when set (`make run` sets it), and no built-in
# secret key outside debug — without SECRET_KEY the web server and the workers refuse to start
# (devzone/wsgi.py, devzone/celery.py; commands that serve nothing still run). pytest (which
# imports these settings with DEBUG off) gets a throwaway key and plain HTTP instead.
DEBUG = env.bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules
DEVELOPMENT_SECRET_KEY = "devzone-insecure-development-key-for-debug-and-tests-only"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="") or (DEVELOPMENT_SECRET_KEY if DEBUG or TESTING else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# With DEBUG off the secure settings are on; each can be turned off from the environment (for
# example SECURE_SSL_REDIRECT=0 when TLS ends at a proxy that already redirects).
SECURE_BY_DEFAULT = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_BY_DEFAULT)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_BY_DEFAULT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_BY_DEFAULT)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_BY_DEFAULT)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SECURE_BY_DEFAULT)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SECURE_BY_DEFAULT)
# Behind a reverse proxy that sets X-Forwarded-Proto (and strips it from clients).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", default=SECURE_BY_DEFAULT) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp, ADR 0025): our own origin only, and no inline script or
# style anywhere — templates carry no <script> body, no on* handler and no style attribute; page
# behaviour lives in static/js, looks in static/css. The Swagger UI page relaxes it (api/docs).
_CSP = {
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
# CONTENT_SECURITY_POLICY_REPORT_ONLY=1 reports violations instead of blocking them (a rollout aid).
if env.bool("CONTENT_SECURITY_POLICY_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

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
    "csp",
    "simple_history",
    "devzone.tenancy",
    "devzone.api",
    "devzone.audit",
    "devzone.reports",
    "devzone.imports",
    "devzone.recompute",
    "devzone.web",
    "devzone.inbox",
    "devzone.workdays",
    "zones",
    "powers",
    "staffing",
    "finance",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "devzone.api.middleware.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "devzone.web.middleware.LanguageMiddleware",
    "devzone.api.middleware.RejectBadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "devzone.tenancy.middleware.LapsedMembershipMiddleware",  # ended memberships grant nothing (ADR 0011)
    "devzone.tenancy.middleware.ScopePerRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "devzone.domain.pages.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serialises writers the way PostgreSQL's row locks do: every atomic
    # block begins IMMEDIATE (takes the write lock first, so a transaction that read cannot fail
    # on upgrading its lock) and waits up to SQLITE_TIMEOUT seconds for it, instead of failing
    # with "database is locked" (a 500). The loser of a race then reads the winner's state: a 409.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": env.float("SQLITE_TIMEOUT", default=20.0)}
    )
DATABASES["default"].setdefault("TEST", {})
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"]["NAME"] = env.str("TEST_DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "devzone.tenancy.lockout.LockoutBackend",  # first: a locked username is refused (ADR 0011)
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
# JSON bodies nested deeper than this are refused (400) before any recursive code sees them.
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)
# No text value (JSON string, form field) may be longer than this, whatever its field declares.
INPUT_MAX_TEXT_CHARS = env.int("INPUT_MAX_TEXT_CHARS", default=50_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous API call is answered 401 (with WWW-Authenticate).
        "devzone.tenancy.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["devzone.tenancy.permissions.InScope"],
    "DEFAULT_FILTER_BACKENDS": [
        "devzone.tenancy.filters.ScopeFilterBackend",
        "devzone.api.filters.SelectorFilterBackend",
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
# E-mail (the inbox's notifications, ADR 0021): the console in development, SMTP otherwise.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="devzone <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Whether notifications are also e-mailed (to users with an address), and the portal's address
# the e-mails link to.
INBOX_EMAIL = env.bool("INBOX_EMAIL", default=True)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

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
    # Evaluations of delegated powers falling due reach the granting side's inbox (powers).
    "powers-evaluations-due": {
        "task": "powers.tasks.evaluations_due",
        "schedule": env.float("POWERS_EVALUATIONS_DUE_SECONDS", default=6 * 3600.0),
    },
    # Recruitment offers past their answer date expire and their places pass on (staffing).
    "staffing-offer-expiry": {
        "task": "staffing.tasks.expire_offers",
        "schedule": env.float("STAFFING_OFFER_EXPIRY_SECONDS", default=3600.0),
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

# Login throttling (ADR 0011): this many failures within the window lock a username for a while.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=15)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# API tokens expire after this many days without use (ADR 0011).
API_TOKEN_IDLE_DAYS = env.int("API_TOKEN_IDLE_DAYS", default=30)

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
REPORTS_MAX_ROWS = env.int("REPORTS_MAX_ROWS", default=5000)  # ADR 0018: what the worker can lay out in time
# Reports that name their row list are laid out this many rows at a time (ADR 0018).
REPORTS_CHUNK_ROWS = env.int("REPORTS_CHUNK_ROWS", default=500)
REPORTS_TASK_SOFT_TIME_LIMIT = env.int("REPORTS_TASK_SOFT_TIME_LIMIT", default=240)
# Before layout the HTML is sized (ADR 0011): above REPORTS_MAX_HTML_CHARS, or long texts
# estimated to take more than REPORTS_MAX_LAYOUT_SECONDS, the report is refused ("too large —
# narrow the filter"); above REPORTS_SYNC_LAYOUT_SECONDS a request queues it instead of rendering.
REPORTS_MAX_HTML_CHARS = env.int("REPORTS_MAX_HTML_CHARS", default=30_000_000)
REPORTS_MAX_LAYOUT_SECONDS = env.float("REPORTS_MAX_LAYOUT_SECONDS", default=120.0)
REPORTS_SYNC_LAYOUT_SECONDS = env.float("REPORTS_SYNC_LAYOUT_SECONDS", default=5.0)
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
        "IncentiveSchemeKindEnum": "finance.models.SchemeKind",
        "KindEnum": "zones.registry.models.ZoneKind",  # the name it had before finance's "kind"
    }
)
# Staffing: the enums its fields share names with.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "StaffStatusEnum": "staffing.models.StaffStatus",
        "ApplicationStatusEnum": "staffing.models.ApplicationStatus",
        "RoundKindEnum": "staffing.models.RoundKind",
        "KindEnum": "zones.registry.models.ZoneKind",  # keeps its name beside RoundKindEnum
        "RoundStateEnum": "staffing.models.RoundState",
        "EducationEnum": "staffing.models.Education",
        "FileIdentityEnum": "staffing.models.FileIdentity",
    }
)
