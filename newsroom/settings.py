"""
Settings for Newsroom, read from the environment.

With no environment at all the project runs in its embedded mode: DEBUG on, SQLite, an
in-process cache and media on local disk. Setting ``DATABASE_URL`` / ``REDIS_URL`` moves it to
PostgreSQL and Redis. With ``DEBUG`` off, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set:
start-up stops with a message naming the missing variable rather than running insecurely.
"""

import datetime
import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)
# Demo mode creates the demo accounts with printed passwords; never on in production.
DEMO_MODE = env_bool("NEWSROOM_DEMO", default=False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (required when DEBUG is off)."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set the ALLOWED_HOSTS environment variable to a comma-separated list of "
            "host names (required when DEBUG is off)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Serves the API docs' Swagger UI from the static files instead of a CDN.
    "ninja",
    "csp",
    # Login throttling: failed logins locked per account and address (docs/operations.md).
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "articles.reader.site_url.SiteUrlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "articles.api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin and moderation POSTs in one transaction; a lost database connection answers 503.
    "articles.admin.database_lost.DatabaseLostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy of a page that changes nothing in it built once (newsroom.headers).
    "newsroom.headers.CSPMiddleware",
    "newsroom.headers.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "articles.reader.context_processors.reader",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"


# Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
            # A persistent connection the server dropped (restart, pg_terminate_backend) is
            # replaced before the request uses it, instead of failing that request.
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Kept open between requests, as with PostgreSQL: opening the file and reading its
            # schema (dozens of tables, the search index) cost more than a whole cached page.
            "CONN_MAX_AGE": int(env("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: in-process by default, Redis when REDIS_URL is set. A Redis outage or hang degrades to
# cache misses (articles.caching), never to errors: each call waits at most CACHE_SOCKET_TIMEOUT,
# and after a failure the process goes without the cache for CACHE_RETRY_SECONDS.
REDIS_URL = env("REDIS_URL")
CACHE_RETRY_SECONDS = float(env("CACHE_RETRY_SECONDS", "5"))
# How many app processes serve the site (gunicorn reads WEB_CONCURRENCY too).
WORKERS = int(env("NEWSROOM_WORKERS", env("WEB_CONCURRENCY", "1")))
CACHE_SOCKET_TIMEOUT = float(env("CACHE_SOCKET_TIMEOUT", "0.25"))


def redis_cache(location):
    """The cache settings for the Redis at ``location``: connect and read bounded by CACHE_SOCKET_TIMEOUT."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
        "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    if WORKERS > 1:
        # Pages stay right (their keys carry the database's publication generation), but rate
        # limits, presence and the search vocabulary version would each be per process.
        raise ImproperlyConfigured(
            f"NEWSROOM_WORKERS / WEB_CONCURRENCY is {WORKERS} but REDIS_URL is not set: the in-process cache "
            "cannot be shared between processes. Set REDIS_URL, or run one worker."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Sessions live in the database: a cache outage never logs anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Sent with reader pages to anonymous readers: browsers and proxies revalidate every time (a 304
# when nothing changed), so an unpublished article is gone from every cache at once.
READER_CACHE_CONTROL = env("READER_CACHE_CONTROL", "public, max-age=0, must-revalidate")
# Article views are buffered (Redis when configured, else per process) and written in batches:
# at most VIEW_COUNT_FLUSH_SECONDS of views are at risk (docs/operations.md).
VIEW_COUNT_FLUSH_SECONDS = int(env("VIEW_COUNT_FLUSH_SECONDS", "10"))
VIEW_COUNT_BUFFER_MAX = int(env("VIEW_COUNT_BUFFER_MAX", "1000"))

# API (docs/api.md). Drafts larger than API_MAX_BODY_BYTES answer 413; more than API_SUBMIT_RATE
# submissions per token in API_SUBMIT_RATE_WINDOW seconds answer 429 with Retry-After.
API_MAX_BODY_BYTES = int(env("API_MAX_BODY_BYTES", "1000000"))
API_SUBMIT_RATE = int(env("API_SUBMIT_RATE", "60"))
API_SUBMIT_RATE_WINDOW = int(env("API_SUBMIT_RATE_WINDOW", "60"))
# Origins allowed to read the API from a browser (comma-separated; "*" for any). Empty: none.
API_CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
API_CACHE_SECONDS = int(env("API_CACHE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Each language stands alone: no silent fallback of article text into the other language.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ()}
MODELTRANSLATION_ENABLE_FALLBACKS = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Images (docs/images.md): uploads above this many pixels are refused, and Pillow refuses to
# decode them anywhere (its decompression-bomb guard, set from this in ArticlesConfig.ready()).
IMAGES_MAX_PIXELS = int(env("IMAGES_MAX_PIXELS", "40000000"))
# The font drawn on generated social cards; it must cover Chinese. Empty: look for Noto Sans CJK.
IMAGES_CARD_FONT = env("IMAGES_CARD_FONT", "")

LOGIN_URL = "admin:login"

# Logins (docs/operations.md, "Logins and sessions"). django-axes checks every login first: after
# AXES_FAILURE_LIMIT wrong passwords for one account from one address, that pair is locked for
# AXES_COOLOFF_MINUTES (an administrator unlocks it in the admin, "Access attempts").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind a reverse proxy, the number of proxies that add themselves to X-Forwarded-For; 0: use
# the connection's address (REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Staff sessions end SESSION_HOURS after login, whatever happens in between (readers have none).
SESSION_COOKIE_AGE = int(float(env("SESSION_HOURS", "8")) * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SITE_NAME = env("SITE_NAME", "Newsroom")
# The site's public address. When set in the environment, every absolute URL (feeds, sitemaps,
# structured data, Open Graph, canonical links) is built from it, never from the request's Host
# header or scheme (articles.reader.site_url.SiteUrlMiddleware). Without it (development), only
# URLs made outside a request use the default below.
SITE_URL_FIXED = bool(env("SITE_URL"))
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if SITE_URL_FIXED:
    from urllib.parse import urlsplit

    ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlsplit(SITE_URL).hostname]  # requests are answered as if sent there

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Behind TLS (docs/operations.md, "Security headers"): redirect http to https and send HSTS.
# Off by default so that the embedded mode and plain-http test servers keep working.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from the site's own files, no
# inline code. The few inline elements Django's admin templates still have carry a nonce
# (templates/admin/change_list.html). CSP_EXTRA_IMG_SOURCES adds origins media is served from
# (an S3 bucket, a CDN), comma-separated.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *env_list("CSP_EXTRA_IMG_SOURCES")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page uses are switched off (newsroom.headers).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Django's own loggers would otherwise print each line twice (theirs and the root's).
    "loggers": {"django": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO"), "propagate": False}},
}
