"""One settings file, driven by the environment.

Every value that can differ between a laptop, CI and production is read from
an environment variable through the helpers of config/env.py, which raise
ImproperlyConfigured on a value they cannot understand instead of guessing.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_choice, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "common",
    "accounts",
    "vendors",
    "evaluator",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every answer; no-store on pages, API answers and downloads of a user.
    "common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A role that requires two-factor sends its members to enrolment until they have it.
    "accounts.middleware.TwoFactorPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records request.user as the author of every history row written during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
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
                "django.template.context_processors.csp",
                "config.context_processors.roles",
                "vendors.alerts.context.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# A SQLite file in the git-ignored var/ folder unless DATABASE_URL says otherwise.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
_default_database_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL", "").strip() or _default_database_url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        )
    }
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django understands: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests use a file too: an in-memory shared-cache database answers "table is
    # locked" at once to a second writer instead of waiting, unlike production.
    # One file per test process, so two runs in the same checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"DJANGO_TIME_ZONE is not a known time zone: {TIME_ZONE!r}") from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
if DEBUG:
    # whitenoise warns on every request when the folder is missing; in debug it serves from the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development whitenoise serves straight from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

_email_backend = env_choice(
    "DJANGO_EMAIL_BACKEND",
    "console" if DEBUG else "smtp",
    {
        "console": "django.core.mail.backends.console.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    },
)
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "vendor-tracker@localhost")
# Links in emails (e.g. slip alerts) point here: scheme and host, no trailing slash.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000").rstrip("/")


def _env_days(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(item) for item in env_list(name, [str(d) for d in default])}))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be whole numbers of days separated by commas") from None
    if any(day < 1 for day in days):
        raise ImproperlyConfigured(f"{name} must list days of 1 or more")
    return days


# Portal reminders (evaluator/portal/reminders.py, `manage.py send_reminders`): days before and
# after an invitation's deadline on which its contact is reminded, once each.
PORTAL_REMINDER_DAYS_BEFORE = _env_days("DJANGO_PORTAL_REMINDER_DAYS_BEFORE", (7, 3, 1))
PORTAL_REMINDER_DAYS_AFTER = _env_days("DJANGO_PORTAL_REMINDER_DAYS_AFTER", (1,))

# Security headers. Production values by default; DEBUG relaxes only what
# would break plain-HTTP development.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
# How many proxies of ours append to X-Forwarded-For (see config/client_ip.py).
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for
# the same username from the same address, that pair is refused for the
# cool-off period, then may try again. Axes would lock forever without a cool-off.
AXES_FAILURE_LIMIT = env_int("DJANGO_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_SIGNIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# A wrong two-factor code counts as a failed sign-in too (config/signin.py); keep codes out of the log.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Two-factor sign-in (django-otp): TOTP apps plus one-time recovery codes, see accounts/twofactor.py.
# The issuer is the name the authenticator app shows beside the code.
OTP_TOTP_ISSUER = os.environ.get("DJANGO_TOTP_ISSUER", "Vendor tracker")
# Administrators (superusers) must enrol too; roles are set per group in the admin (role policies).
TWO_FACTOR_REQUIRED_FOR_ADMINS = env_bool("DJANGO_TWO_FACTOR_REQUIRED_FOR_ADMINS", False)

# Optional single sign-on with an OpenID Connect provider (accounts/oidc.py). All of the
# provider's settings or none: a half-configured provider fails at start-up.
_OIDC_ENV = {
    "OIDC_RP_CLIENT_ID": "DJANGO_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "DJANGO_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "DJANGO_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "DJANGO_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "DJANGO_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "DJANGO_OIDC_JWKS_ENDPOINT",
}
OIDC_PROVIDER_NAME = os.environ.get("DJANGO_OIDC_PROVIDER_NAME", "").strip()
_oidc_values = {setting: os.environ.get(name, "").strip() for setting, name in _OIDC_ENV.items()}
OIDC_ENABLED = bool(OIDC_PROVIDER_NAME) or any(_oidc_values.values())
if OIDC_ENABLED and not (OIDC_PROVIDER_NAME and all(_oidc_values.values())):
    _missing = [name for setting, name in _OIDC_ENV.items() if not _oidc_values[setting]]
    _missing += [] if OIDC_PROVIDER_NAME else ["DJANGO_OIDC_PROVIDER_NAME"]
    raise ImproperlyConfigured(f"Single sign-on is half configured: set {', '.join(sorted(_missing))} too.")
OIDC_RP_CLIENT_ID = _oidc_values["OIDC_RP_CLIENT_ID"]
OIDC_RP_CLIENT_SECRET = _oidc_values["OIDC_RP_CLIENT_SECRET"]
OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc_values["OIDC_OP_AUTHORIZATION_ENDPOINT"]
OIDC_OP_TOKEN_ENDPOINT = _oidc_values["OIDC_OP_TOKEN_ENDPOINT"]
OIDC_OP_USER_ENDPOINT = _oidc_values["OIDC_OP_USER_ENDPOINT"]
OIDC_OP_JWKS_ENDPOINT = _oidc_values["OIDC_OP_JWKS_ENDPOINT"]
OIDC_RP_SIGN_ALGO = os.environ.get("DJANGO_OIDC_SIGN_ALGO", "RS256").strip()
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("DJANGO_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("accounts.oidc.ProviderBackend")

# Strict CSP: only our own scripts. plotly.js injects <style> elements at run
# time, so style-src alone allows inline styles (see DESIGN.md pitfalls).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# API tokens stop working this many days after they are made (accounts/models.py).
API_TOKEN_DAYS = env_int("DJANGO_API_TOKEN_DAYS", 90)
if API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured(f"DJANGO_API_TOKEN_DAYS must be 1 or more, got {API_TOKEN_DAYS}")

# A refused CSRF check answers JSON under /api/ (common/rest/errors.py), Django's page elsewhere.
CSRF_FAILURE_VIEW = "common.rest.errors.csrf_failure"

REST_FRAMEWORK = {
    # Bearer tokens first: an anonymous API call then gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.rest.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "api_tokens": os.environ.get("DJANGO_API_TOKEN_THROTTLE", "30/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Vendor technology evaluation and roadmap tracker API",
    "DESCRIPTION": "Every record a user can see or change in the UI, with the same permissions. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for signed-in users only, like every page.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Tags start folded: expanding all of them draws every operation at once, which stalled the
    # page once the API passed about 250 operations; a tag opens on click.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "deepLinking": True},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the criterion groups, whichever field (group, first, second) uses them.
    "ENUM_NAME_OVERRIDES": {"CriterionGroupEnum": "evaluator.models.CriterionGroup"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.rest.schema.describe_errors_and_versions",
    ],
}

# Headless Chromium turns scorecards and dashboards into PDFs (common/pdf.py).
CHROMIUM_PATH = os.environ.get("DJANGO_CHROMIUM_PATH", "/usr/bin/chromium")
# Each render is a Chromium: at most this many at a time per user and for the whole site
# (counted in the cache, so across servers when CACHES is shared), and stopped after this long.
PDF_RENDERS_PER_USER = env_int("DJANGO_PDF_RENDERS_PER_USER", 1)
PDF_RENDERS_TOTAL = env_int("DJANGO_PDF_RENDERS_TOTAL", 3)
PDF_RENDER_TIMEOUT_SECONDS = env_int("DJANGO_PDF_TIMEOUT_SECONDS", 45)
for _name, _value in (
    ("DJANGO_PDF_RENDERS_PER_USER", PDF_RENDERS_PER_USER),
    ("DJANGO_PDF_RENDERS_TOTAL", PDF_RENDERS_TOTAL),
    ("DJANGO_PDF_TIMEOUT_SECONDS", PDF_RENDER_TIMEOUT_SECONDS),
):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more, got {_value}")

# Uploads: a hard cap well above any honest questionnaire file.
MAX_UPLOAD_BYTES = env_int("DJANGO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Vendor signals (vendors/signals/): feeds read from files or URLs, and the alerting webhook.
SIGNALS_MAX_BYTES = env_int("DJANGO_SIGNALS_MAX_BYTES", 32 * 1024 * 1024)
SIGNALS_FETCH_TIMEOUT = env_int("DJANGO_SIGNALS_FETCH_TIMEOUT", 20)
# The shared secret alerting services sign POST /api/signals/ with; empty: the webhook is off.
SIGNALS_WEBHOOK_SECRET = os.environ.get("DJANGO_SIGNALS_WEBHOOK_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Audit history (django-simple-history): read-only. A revert from the admin would bypass the
# rules that save() enforces (re-baseline reasons, frozen questionnaire versions).
SIMPLE_HISTORY_REVERT_DISABLED = True

# ---------------------------------------------------------------------------------------------
# Scaling past one process (issue 16): shared cache, sessions, background tasks, request logs.
# Kept in one block. See docs/operations.md.
# ---------------------------------------------------------------------------------------------
# Without Redis every process keeps its own local-memory cache (throttle counts, PDF render
# slots, scoring results, charts and derived facts, all keyed by a digest of their inputs).
# With REDIS_URL (or the older DJANGO_REDIS_URL), e.g. redis://10.0.0.5:6379/0, every server
# shares one: a result computed by one server is served by the others, and sessions are read
# from it before the database (cached_db: still written to the database, so a Redis restart
# signs nobody out).
REDIS_URL = (os.environ.get("REDIS_URL", "") or os.environ.get("DJANGO_REDIS_URL", "")).strip()
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_KEY_PREFIX", "tracker").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 60 * 60,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tracker",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# True when CACHES is shared by every process (common/shared_cache.py then also shares the
# engine's chart and derived-fact memos through it).
CACHE_IS_SHARED = CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"

# Background tasks (django.tasks; jobs and their progress in common/jobs/). Without a worker
# (tests, bin/demo without one, the README's first command) a task runs at once inside the
# request, so every feature answers as it did. DJANGO_TASKS_BACKEND=database queues them in
# PostgreSQL (django-tasks-db) for `manage.py db_worker`. The app is installed either way, so
# switching needs no migration.
INSTALLED_APPS.append("django_tasks_db")
TASKS = {
    "default": {
        "BACKEND": env_choice(
            "DJANGO_TASKS_BACKEND",
            "immediate",
            {
                "immediate": "django.tasks.backends.immediate.ImmediateBackend",
                "database": "django_tasks_db.DatabaseBackend",
            },
        ),
        "QUEUES": ["default"],
    }
}
# Files that jobs made (PDFs) are deleted this many hours after (common.jobs.remove_old_outputs).
JOB_FILES_KEEP_HOURS = env_int("DJANGO_JOB_FILES_KEEP_HOURS", 24)

# Health checks (common/health.py): /health/ is public, says ok/error per part, and answers the
# load balancer over plain HTTP (no redirect to HTTPS). A task queued this many minutes ago and
# still waiting means no worker is running: /health/ says tasks "error".
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
TASKS_STALE_MINUTES = env_int("DJANGO_TASKS_STALE_MINUTES", 10)

# One JSON line per request on the tracker.requests logger (common/request_log.py): first, so
# it times everything the other middleware do. DJANGO_REQUEST_LOG=0 turns the lines off.
MIDDLEWARE.insert(0, "common.request_log.RequestLogMiddleware")
LOGGING["formatters"] = {"message": {"format": "%(message)s"}}
# Django's own lines name the path too ("Not Found: /respond/<token>/"): masked on every handler.
LOGGING["filters"] = {"mask_portal_tokens": {"()": "common.request_log.MaskPortalTokens"}}
LOGGING["handlers"]["console"]["filters"] = ["mask_portal_tokens"]
LOGGING["handlers"]["requests"] = {
    "class": "logging.StreamHandler",
    "formatter": "message",
    "filters": ["mask_portal_tokens"],
}
LOGGING["loggers"] = {
    "tracker.requests": {
        "handlers": ["requests"],
        "level": "INFO" if env_bool("DJANGO_REQUEST_LOG", True) else "WARNING",
        "propagate": False,
    }
}
# Vendor portal (evaluator/portal/access.py): Django's loggers that name a path mask the token on
# the logger itself, so that every handler, including those Django installed before these
# settings (its DEBUG console on the "django" logger), sees the masked line. runserver's access
# lines ("GET /respond/<token>/ HTTP/1.1") get their own handler, as Django's default one.
LOGGING["formatters"]["django.server"] = {
    "()": "django.utils.log.ServerFormatter",
    "format": "[{server_time}] {message}",
    "style": "{",
}
LOGGING["handlers"]["django.server"] = {"class": "logging.StreamHandler", "formatter": "django.server"}
LOGGING["loggers"]["django.server"] = {
    "handlers": ["django.server"],
    "level": "INFO",
    "propagate": False,
    "filters": ["mask_portal_tokens"],
}
for _name in ("django.request", "django.security.csrf"):
    LOGGING["loggers"][_name] = {"filters": ["mask_portal_tokens"]}
# Per-address and per-link request limits of the portal, as (requests, seconds); see access.py.
PORTAL_RATE_LIMITS: dict[str, tuple[int, int]] = {}

# Permission sets kept in the cache between requests (common/permission_cache.py): ModelBackend's
# two queries per request were a fifth of an API list's time.
AUTHENTICATION_BACKENDS = [
    "common.permission_cache.CachedModelBackend"
    if name == "django.contrib.auth.backends.ModelBackend"
    else name
    for name in AUTHENTICATION_BACKENDS
]
# --------------------------------------------------------------------------- end of issue 16 --
