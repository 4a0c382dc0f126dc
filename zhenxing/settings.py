"""One settings module, read from environment variables with safe defaults.

Every variable is listed in `.env.example`. A fresh clone runs with no configuration: SQLite
under `var/`, DEBUG off (on only with DEBUG=true), a secret key generated once into the var
directory, HTTPS-only cookies, redirects and HSTS (a plain-HTTP development server, like
`scripts/demo`, switches them off with SECURE_SSL_REDIRECT=false, SECURE_HSTS_SECONDS=0 and
SECURE_COOKIES=false), and a Content-Security-Policy allowing only this site's own files.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key_from_var_dir(var_dir: Path) -> str:
    """The key in `<var>/secret_key`, generated there (readable by its owner only) the first time:
    a fresh clone or the demo needs no configuration, and no key is written in the code."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: of several processes starting at once (server
        # workers), the first link wins and none reads a half-written file.
        temporary = var_dir / f".secret_key.{os.getpid()}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(get_random_secret_key())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} holds too short a secret key; delete it.")
    return key


VAR_DIR = Path(os.environ.get("ZHENXING_VAR_DIR", BASE_DIR / "var"))
# Off unless asked for: debug pages show every URL and setting to whoever can reach the server.
DEBUG = env_flag("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key_from_var_dir(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "zhenxing.admin_config.ZhenxingAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "ninja",
    "zhenxing.audit",
    "zhenxing.orgs",
    "zhenxing.mechanisms",
    "zhenxing.notifications",
    "zhenxing.policies",
    "zhenxing.rounds",
    "zhenxing.projects",
    "zhenxing.coordination",
    "zhenxing.inspections",
    "zhenxing.enterprises",
    "zhenxing.reviews",
    "zhenxing.reports",
    "zhenxing.backups",
    "zhenxing.security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "zhenxing.indicators",
    "zhenxing.programmes",
    "zhenxing.pairings",
    "zhenxing.funds",
    "zhenxing.pilots",
    "zhenxing.specialplans",
    "zhenxing.transformations",
    "zhenxing.operations",
    "zhenxing.rollups",
    "zhenxing.public",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Each request reads the tables' generations once (cached lists and scopes).
    "zhenxing.operations.generations.GenerationsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhenxing.audit.middleware.AuditContextMiddleware",
    "zhenxing.security.middleware.SessionLimitsMiddleware",
    # The second factor before the password change: a one-time password alone changes nothing.
    "zhenxing.security.middleware.SecondFactorRequiredMiddleware",
    "zhenxing.orgs.middleware.PasswordChangeRequiredMiddleware",
    "zhenxing.operations.replica.ReplicaReadsMiddleware",
    # Last: turns a lockout found while authenticating into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhenxing.urls"
WSGI_APPLICATION = "zhenxing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhenxing.orgs.context_processors.navigation",
                "zhenxing.rounds.context_processors.navigation",
                "zhenxing.mechanisms.context_processors.mechanism_choice",
            ],
            # Tags every app's templates share ({% load zhenxing %}).
            "libraries": {"zhenxing": "zhenxing.lib.templatetags"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhenxing.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; IMMEDIATE avoids lock upgrades failing.
    # A writer waits for the one before it up to `timeout` seconds (Python's default, 5 s, gave
    # one 500 "database is locked" in bench/deadline_load.py's deadline burst on a busy machine).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))

# A PostgreSQL streaming replica for dashboards, lists and report reads (operations.replica).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
    )
    # Tests read the replica of the test database the primary creates and streams to it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["zhenxing.operations.replica.ReplicaRouter"]
DATABASE_REPLICA_READS = env_flag("DATABASE_REPLICA_READS", True)
DATABASE_REPLICA_GRACE_SECONDS = int(os.environ.get("DATABASE_REPLICA_GRACE_SECONDS", "10"))
DATABASE_REPLICA_VIEWS = env_list(
    "DATABASE_REPLICA_VIEWS",
    ",".join(
        [
            "home",
            "projects:project_list",
            "projects:project_statistics",
            "projects:project_funnel",
            "rounds:dashboard",
            "rounds:overview",
            "coordination:dashboard",
            "inspections:dashboard",
            "reports:report_detail",
            "api:list_projects",
            "api:statistics",
            "api:funnel_figures",
            "api:colours",
            "api:league",
            "api:list_tasks",
            "api:list_submissions",
            "api:list_matters",
            "api:findings_by_unit",
            "api:get_dashboard",
            "api:get_report",
        ]
    ),
)

# Caches. "default": small things (the open site's counters, filter forms rendered once a
# minute). "lists": lists' rows kept until a table they were read from is written
# (zhenxing/operations/list_cache.py); in each server process's memory, a copy built once per
# process. LIST_CACHE_SECONDS bounds a copy's life; 0 turns the lists' cache off.
LIST_CACHE_SECONDS = int(os.environ.get("LIST_CACHE_SECONDS", "300"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "lists": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "zhenxing-lists",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LIST_CACHE_ENTRIES", "2000"))},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
PASSWORD_HISTORY_COUNT = int(os.environ.get("PASSWORD_HISTORY_COUNT", "5"))
# Days after which a password must be changed at the next login; 0 turns expiry off.
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "zhenxing.security.validators.CharacterClassesValidator",
        "OPTIONS": {"minimum_classes": 3},
    },
    {
        "NAME": "zhenxing.security.validators.PasswordHistoryValidator",
        "OPTIONS": {"count": PASSWORD_HISTORY_COUNT},
    },
]
# Sessions: an idle timeout, an absolute limit from login, and a cookie that ends with the browser.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_LIMIT = int(os.environ.get("SESSION_ABSOLUTE_LIMIT", str(12 * 3600)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIMIT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Lockout (django-axes): 5 failures lock the account and, separately, the address.
AXES_FAILURE_LIMIT = int(os.environ.get("LOCKOUT_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOCKOUT_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhenxing.security.views.locked_out"
AXES_ENABLE_ADMIN = False  # released on the security administrator's page, which audits it
AXES_VERBOSE = False
# Behind a TLS-terminating proxy: how many proxies stand before Django (client address).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None
# Second factor (django-otp, TOTP): always for the three administrators; for all when set.
SECOND_FACTOR_FOR_ALL = env_flag("SECOND_FACTOR_FOR_ALL", False)
OTP_TOTP_ISSUER = "zhenxing"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS: plain HTTP is redirected and browsers are told to use HTTPS only (HSTS), unless DEBUG
# or switched off for a plain-HTTP development server (docs/operations.md, "Production
# defaults and HTTPS").
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes the servers themselves over plain HTTP (operations.health).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients):
# without this, every request looks like plain HTTP and SECURE_SSL_REDIRECT loops.
if env_flag("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The open-data site (/open/): datasets are cached this many seconds (a change of what is
# published drops them at once), and each client address may make this many requests per
# window of seconds to the open pages, files and API (429 with Retry-After beyond).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300"))
PUBLIC_RATE_LIMITS = {
    "open": (
        int(os.environ.get("PUBLIC_RATE_LIMIT", "120")),
        int(os.environ.get("PUBLIC_RATE_WINDOW_SECONDS", "60")),
    ),
    # Suggestions sent from one address, and receipt look-ups (so receipts cannot be guessed
    # by trying many), per window of seconds.
    "suggest": (
        int(os.environ.get("PUBLIC_SUGGESTION_LIMIT", "5")),
        int(os.environ.get("PUBLIC_SUGGESTION_WINDOW_SECONDS", "3600")),
    ),
    "status": (
        int(os.environ.get("PUBLIC_STATUS_LIMIT", "10")),
        int(os.environ.get("PUBLIC_STATUS_WINDOW_SECONDS", "600")),
    ),
}
# Content-Security-Policy (django-csp): scripts, styles, images, fonts and requests from this
# site only; no inline script or style, no eval, no framing, forms post only here.
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
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# ISO dates first in Chinese forms, so that date fields show their initial values.
FORMAT_MODULE_PATH = ["zhenxing.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
for _directory in (VAR_DIR, STATIC_ROOT, MEDIA_ROOT):
    _directory.mkdir(parents=True, exist_ok=True)
# Uploaded and generated files (attachments, imports, reports): the file system under
# MEDIA_ROOT by default; ZHENXING_STORAGE=s3 puts them in an S3-compatible bucket (MinIO, Ceph,
# a cloud's object storage) through django-storages, for servers on more than one machine.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("ZHENXING_STORAGE", "filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("ZHENXING_S3_BUCKET", "zhenxing"),
            "endpoint_url": os.environ.get("ZHENXING_S3_ENDPOINT") or None,
            "access_key": os.environ.get("ZHENXING_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("ZHENXING_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("ZHENXING_S3_REGION") or None,
            "location": os.environ.get("ZHENXING_S3_PREFIX", ""),
            # Private objects: every download goes through a view that checks access.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif os.environ.get("ZHENXING_STORAGE", "filesystem") != "filesystem":
    raise ImproperlyConfigured("ZHENXING_STORAGE is filesystem (the default) or s3.")
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# PostgreSQL project imports: foreign keys checked per batch where the role may (operations.md).
PROJECT_IMPORT_SET_BASED_CHECKS = env_flag("PROJECT_IMPORT_SET_BASED_CHECKS", True)
# Change records younger than this are never purged; GB/T 22239 asks for at least six months
# (183 days, also enforced by a check and, on PostgreSQL, by the log's trigger).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))
# Reporting calendars per level: days before the top level's due date each level reports by
# (lower levels first), as level=days pairs.
ROUND_LEAD_DAYS = {
    level.strip(): int(days)
    for level, days in (
        pair.split("=", 1)
        for pair in env_list("ROUND_LEAD_DAYS", "national=0,provincial=5,city=10,county=15")
    )
}
# Where `zhenxing backup` writes its archives unless given --out.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# API tokens issued without an end date expire after this many days (0: until revoked).
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "90"))
# A running import without a heartbeat (every 30 s) for this long died; it is marked failed.
PROJECT_IMPORT_STALE_MINUTES = int(os.environ.get("PROJECT_IMPORT_STALE_MINUTES", "10"))

# Background work: Django's tasks API (the django-tasks backport). The default keeps jobs in the
# database, run by `zhenxing worker` (no broker to run on an intranet). Another backend is one
# variable: TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs each job inside
# the request (no worker); a broker-backed one (django-tasks-rq's RQBackend, a Celery backend)
# is installed with its package and named here, with its OPTIONS (docs/scaling.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A job that fails on a transient database error (locked, connection lost) is enqueued again,
# after 5 s, 20 s, 45 s …, at most this many times in all.
TASK_ATTEMPTS = int(os.environ.get("TASK_ATTEMPTS", "4"))
# A worker beats every 15 s. None for this long: it died; its running jobs are marked failed.
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "120"))
# /health/ready reports the queue unavailable when a job has waited to start this long.
QUEUE_READY_MAX_SECONDS = int(os.environ.get("QUEUE_READY_MAX_SECONDS", "300"))

# Notification channels beyond in-app and e-mail, off by default: each unit notification is
# also POSTed, HMAC-signed, to the unit's messaging robot (notifications.UnitWebhook).
NOTIFICATION_WEBHOOKS_ENABLED = env_flag("NOTIFICATION_WEBHOOKS_ENABLED", False)
NOTIFICATION_WEBHOOK_TIMEOUT_SECONDS = int(
    os.environ.get("NOTIFICATION_WEBHOOK_TIMEOUT_SECONDS", "5")
)
# The SMS gateway hook (notifications/sms.py), off while the URL is empty: notifications of
# these kinds also go as a text message to each recipient's mobile number, signed with the secret.
NOTIFICATION_SMS_GATEWAY_URL = os.environ.get("NOTIFICATION_SMS_GATEWAY_URL", "")
NOTIFICATION_SMS_SECRET = os.environ.get("NOTIFICATION_SMS_SECRET", "")
NOTIFICATION_SMS_KINDS = env_list("NOTIFICATION_SMS_KINDS", "due_today,overdue,chased")
NOTIFICATION_SMS_MAX_CHARACTERS = int(os.environ.get("NOTIFICATION_SMS_MAX_CHARACTERS", "70"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhenxing@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Renderers narrate every step at INFO; only their warnings matter here.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "matplotlib", "PIL")
    },
}

# Site identity shown in the page header.
SITE_TITLE = _("振兴 · 东北振兴工作机制")
