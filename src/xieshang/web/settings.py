"""Django settings. Every value comes from a typed XIESHANG_* reader (see config.py).

Embedded default: SQLite under XIESHANG_HOME; DATABASE_URL selects PostgreSQL (psycopg 3).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.management.utils import get_random_secret_key

from xieshang.web import config
from xieshang.web.private import private_umask

# Files this process creates are its user's only (database, vault, ledger head, secret key): web/private.py.
private_umask()
# Lets admin and form classes be written with their type arguments (ModelAdmin[Case]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = BASE_DIR.parent
HOME = config.xieshang_home()
PRODUCTION = config.is_production()
DEMO = config.is_demo()


def _secret_key() -> str:
    explicit = config.env_str("XIESHANG_SECRET_KEY")
    if explicit:
        return explicit
    if PRODUCTION:
        raise config.ConfigError("XIESHANG_SECRET_KEY must be set when XIESHANG_ENV=production")
    # Local use: a key generated once and kept beside the data.
    key_file = HOME / "secret_key"
    try:
        return key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        HOME.mkdir(parents=True, exist_ok=True)
        key = get_random_secret_key()
        key_file.write_text(key, encoding="ascii")
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = config.env_bool("XIESHANG_DEBUG", False)
ALLOWED_HOSTS = config.env_list("XIESHANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = config.env_list("XIESHANG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "xieshang.web",
    "xieshang.workbench",
    "xieshang.cases",
    "xieshang.evidence",
    "xieshang.accounts",
    "xieshang.negotiation",
    "xieshang.documents",
    "xieshang.conduct",
    "xieshang.jobs",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "xieshang.web.proxy.TrustedProxyMiddleware",  # first: the scheme and client address behind a proxy
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy below on every response
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xieshang.web.upload_limit.UploadLimitMiddleware",  # before anything reads a too-big body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "xieshang.web.disk_full.DiskFullMiddleware",  # a full disk is 磁盘已满 (507), not a bare error
    "django_htmx.middleware.HtmxMiddleware",
    "xieshang.web.not_found.NotFoundMiddleware",  # a service's NotFoundError is a 404
]

ROOT_URLCONF = "xieshang.web.urls"
WSGI_APPLICATION = "xieshang.web.wsgi.application"

# Field and widget templates by Jinja2 (the same HTML, several times faster), the admin's by Django's.
FORM_RENDERER = "xieshang.web.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "xieshang.web.context.product",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = config.env_str("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    HOME.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(HOME / "xieshang.sqlite3"),
        # WAL: pages are read while a background job writes (a big import holds the write lock for its whole
        # file; in the default rollback journal every reader would wait for it). Durability stays FULL.
        # Persistent connections (each waitress thread keeps its own): a new SQLite connection costs ~0.8 ms
        # of every request (open, Django's functions, the WAL pragma, reading the schema again).
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Figures of cases (cases.figures) are cached under a digest of the case data: never stale. Each process keeps
# its own; a server may point CACHES at a shared cache instead.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "xieshang",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Login throttling (xieshang.accounts.throttle): a user name + address is locked after N failures.
AUTHENTICATION_BACKENDS = ["xieshang.accounts.backends.ThrottledModelBackend"]
XIESHANG_LOGIN_MAX_FAILURES = config.env_int("XIESHANG_LOGIN_MAX_FAILURES", 5)
XIESHANG_LOGIN_LOCK_MINUTES = config.env_int("XIESHANG_LOGIN_LOCK_MINUTES", 15)
XIESHANG_REGISTRATION_OPEN = config.env_bool("XIESHANG_REGISTRATION_OPEN", True)
# Sign-up attempts (and password-reset requests) of one address per hour (accounts.rate).
XIESHANG_REGISTRATIONS_PER_HOUR = config.env_int("XIESHANG_REGISTRATIONS_PER_HOUR", 5)

# E-mail (password reset by e-mail): only when XIESHANG_EMAIL_HOST is set; otherwise an organisation
# administrator makes a reset link (accounts.views.reset_link), or staff set a password in the admin.
XIESHANG_EMAIL_CONFIGURED = bool(config.env_str("XIESHANG_EMAIL_HOST"))
if XIESHANG_EMAIL_CONFIGURED:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = config.env_str("XIESHANG_EMAIL_HOST")
    EMAIL_PORT = config.env_int("XIESHANG_EMAIL_PORT", 587)
    EMAIL_HOST_USER = config.env_str("XIESHANG_EMAIL_USER")
    EMAIL_HOST_PASSWORD = config.env_str("XIESHANG_EMAIL_PASSWORD")
    EMAIL_USE_TLS = config.env_bool("XIESHANG_EMAIL_TLS", True)
    DEFAULT_FROM_EMAIL = config.env_str("XIESHANG_EMAIL_FROM", "xieshang@localhost")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language: Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS: list[Path] = []  # each app keeps its own catalog in <app>/locale
USE_I18N = True
TIME_ZONE = config.env_str("XIESHANG_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # served from the apps by WhiteNoise (finders); no collectstatic needed
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = HOME / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
XIESHANG_UPLOAD_MAX_BYTES = config.env_int("XIESHANG_UPLOAD_MAX_BYTES", 512 * 1024 * 1024)
# Files from this size on are parsed by a process of their own while the import writes (evidence.pipeline);
# -1: never (every file parsed in the importing process).
XIESHANG_IMPORT_PARALLEL_MIN_BYTES = config.env_int("XIESHANG_IMPORT_PARALLEL_MIN_BYTES", 4 * 1024 * 1024)
# Evidence vault: originals under XIESHANG_HOME/evidence; an RFC 3161 timestamp authority if configured.
XIESHANG_EVIDENCE_ROOT = HOME / "evidence"
# Originals in S3-compatible object storage (xieshang.evidence.bucket): XIESHANG_EVIDENCE_STORE=s3 and a bucket;
# the local folder above is then each server's cache. Credentials may also come from AWS_* variables.
XIESHANG_EVIDENCE_STORE = config.env_choice("XIESHANG_EVIDENCE_STORE", "local", ("local", "s3"))
XIESHANG_S3_BUCKET = config.env_str("XIESHANG_S3_BUCKET")
XIESHANG_S3_ENDPOINT_URL = config.env_str(
    "XIESHANG_S3_ENDPOINT_URL"
)  # e.g. https://oss-cn-hangzhou.aliyuncs.com
XIESHANG_S3_REGION = config.env_str("XIESHANG_S3_REGION")
XIESHANG_S3_ACCESS_KEY = config.env_str("XIESHANG_S3_ACCESS_KEY")
XIESHANG_S3_SECRET_KEY = config.env_str("XIESHANG_S3_SECRET_KEY")
XIESHANG_S3_ADDRESSING_STYLE = config.env_str("XIESHANG_S3_ADDRESSING_STYLE")  # "virtual" for OSS/COS
XIESHANG_S3_PREFIX = config.env_str("XIESHANG_S3_PREFIX", "xieshang/")
XIESHANG_S3_LOCK_DAYS = config.env_int(
    "XIESHANG_S3_LOCK_DAYS", 0
)  # Object Lock retention (bucket must allow it)
if XIESHANG_EVIDENCE_STORE == "s3" and not XIESHANG_S3_BUCKET:
    raise config.ConfigError("XIESHANG_EVIDENCE_STORE=s3 needs XIESHANG_S3_BUCKET")
XIESHANG_TSA_URL = config.env_str("XIESHANG_TSA_URL")
XIESHANG_TSA_CA_FILE = config.env_str("XIESHANG_TSA_CA_FILE")  # PEM: the TSA's root (and chain)
# Transcription of call recordings (xieshang.asr): a local CTranslate2 Whisper model directory, else the
# packaged whisper-base (xieshang[asr]) joined once under XIESHANG_HOME/models. Never a download.
XIESHANG_ASR_MODEL = config.env_str("XIESHANG_ASR_MODEL")
XIESHANG_ASR_LANGUAGE = config.env_str("XIESHANG_ASR_LANGUAGE", "zh")  # "auto": let the model detect it
XIESHANG_ASR_CACHE = HOME / "models"

# Background jobs (xieshang.jobs): Django's task API (django-tasks backport) on the database backend
# (django-tasks-db: no extra server; `xieshang worker` runs the workers, `xieshang serve` starts one beside
# itself). XIESHANG_JOBS=immediate runs each job inside the request instead (tests; one-process use).
_JOB_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _JOB_BACKENDS[config.env_choice("XIESHANG_JOBS", "database", _JOB_BACKENDS)]}}
# A running job whose worker is on another host and has not beaten for this long is handed on (same host:
# as soon as its process is gone). Generous: on SQLite a beat waits while a big file's transaction writes.
XIESHANG_JOB_STALE_SECONDS = config.env_int("XIESHANG_JOB_STALE_SECONDS", 300)
# Uploads wait here for their import job (every web server and worker must see the same folder, unless the
# evidence store is a bucket: then they wait in the bucket).
# Files jobs make for their users (dossier ZIPs, packet PDFs); shared by every web server and worker too.
XIESHANG_JOB_FILES = Path(config.env_str("XIESHANG_JOB_FILES") or str(HOME / "job-files"))
XIESHANG_UPLOAD_STAGING = Path(config.env_str("XIESHANG_UPLOAD_STAGING") or str(HOME / "uploads"))

# Sessions and cookies: secure by default; HTTPS-only cookies in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = config.env_bool("XIESHANG_SSL_REDIRECT", True)
    # HSTS (sent on HTTPS responses; behind a TLS proxy once the proxy is trusted, below): a year.
    SECURE_HSTS_SECONDS = config.env_int("XIESHANG_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("XIESHANG_HSTS_INCLUDE_SUBDOMAINS", False)

# Behind a reverse proxy (web/proxy.py): only the proxies named here are believed. Their X-Forwarded-For
# gives the client's address; their X-Forwarded-Proto says the request came over HTTPS.
XIESHANG_TRUSTED_PROXIES = config.env_list("XIESHANG_TRUSTED_PROXIES", [])
if XIESHANG_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only; no inline
# script, no inline style attribute, no eval, no plugins, no framing. Every behaviour lives in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logs never carry personal data: request bodies and querystrings are not logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config.env_str("XIESHANG_LOG_LEVEL", "WARNING")},
}
