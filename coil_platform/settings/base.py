"""Settings shared by every environment.

Every value that comes from the environment is read here, and only here; the other
settings modules choose defaults for their environment. docs/operations.md lists them.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from coil_platform.formats.en import formats as en_formats

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_list(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
PORT = int(env("PORT", "8000"))
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
REDIS_URL = env("REDIS_URL")
# Per-user limit on posted messages: "<count>/<seconds>s".
COIL_MESSAGE_RATE = env("COIL_MESSAGE_RATE", "30/10s")
# Seconds between the `head` frames that tell each open socket its space's newest change;
# the same timer checks that the channel layer still holds the sockets' groups.
COIL_HEAD_INTERVAL = float(env("COIL_HEAD_INTERVAL", "25"))
# Frames one socket may have waiting in a process before it is closed with 4503.
COIL_SOCKET_BUFFER = int(env("COIL_SOCKET_BUFFER", "200"))
# Background tasks (django-tasks): "immediate" runs each task in the process that enqueues it;
# "database" stores it for `manage.py db_worker` (django-tasks-db).
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
# The periodic work (daily digests) is enqueued every minute by `manage.py run_schedule`, or
# by a thread of each daphne process when nothing else runs it (the default with "immediate").
COIL_SCHEDULE_IN_PROCESS = (
    env("COIL_SCHEDULE_IN_PROCESS", "true" if TASKS_BACKEND == "immediate" else "false").lower()
    == "true"
)
# E-mail: an SMTP URL (dj-email-url), or a provider of django-anymail with its ANYMAIL_* keys.
EMAIL_URL = env("EMAIL_URL", "smtp://localhost:25")
EMAIL_PROVIDER = env("EMAIL_PROVIDER")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "COIL Commons <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# seed_demo may write demo accounts with a published password; production turns this off.
DEMO_DATA_ALLOWED = True

INSTALLED_APPS = [
    "daphne",
    "accounts",
    "home",
    "modules",
    "collaboration",
    "practices",
    "mypage",
    "notifications",
    "funding",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "coil_platform.apps.UsersAppConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_filters",
    "rest_framework",
    "channels",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coil_platform.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coil_platform.locale.LocaleMiddleware",
    "coil_platform.errors.ApiNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "coil_platform.urls"
ASGI_APPLICATION = "coil_platform.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves HTTP and WebSocket from one daphne process with several
    # threads: WAL lets readers run beside the writer, IMMEDIATE transactions take the
    # write lock up front instead of failing with "database is locked" half-way, and
    # synchronous=NORMAL is safe under WAL and saves an fsync per commit.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

if EMAIL_PROVIDER:
    # For example EMAIL_PROVIDER=mailgun with ANYMAIL_MAILGUN_API_KEY=... (django-anymail).
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {
        name.removeprefix("ANYMAIL_"): value
        for name, value in os.environ.items()
        if name.startswith("ANYMAIL_") and value
    }
else:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or None
    # A server that does not answer must not hold a request or a worker for long.
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10

if REDIS_URL:
    # redis-py 8 gives every connection a 5 s read timeout and every asyncio pool at most 100
    # connections. channels_redis waits for messages with a blocking pop of 5 s, so the read
    # timeout must be longer than that (else an idle socket's consumer fails with "Timeout
    # reading", django/channels_redis#422), and one process with hundreds of sockets needs
    # more than 100 connections at busy moments.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "collaboration.layers.RedisChannelLayer",
            "CONFIG": {
                # Redis keeps one queue per process for all its sockets; the socket buffer
                # bounds each socket's share of it in the process.
                "capacity": 5000,
                "socket_buffer": COIL_SOCKET_BUFFER,
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 10,
                        "max_connections": int(env("REDIS_MAX_CONNECTIONS", "1000")),
                    }
                ],
                "prefix": env("CHANNEL_LAYER_PREFIX", "coil"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "coil"),
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "collaboration.layers.InMemoryChannelLayer",
            "CONFIG": {"socket_buffer": COIL_SOCKET_BUFFER},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
# URL names, reversed under the active language's prefix: a page that needs signing in
# sends to the sign-in page in its own language, and signing in without a `next` lands on
# the person's own page in the language of the sign-in page. Signing out lands on the home
# page in the language of the page left (accounts.views.LogoutView).
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "mypage:home"
# The JSON API answers a failed CSRF check in JSON; pages keep Django's page.
CSRF_FAILURE_VIEW = "collaboration.api.csrf_failure"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the interface and the content speak English, Norwegian bokmål and Swedish.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nb", _("Norwegian Bokmål")),
    ("sv", _("Swedish")),
]
# The platform's catalogue, then the strings Wagtail's own nb and sv catalogues leave
# untranslated (admin and its scripts); the first path wins where both have a string.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
# The language cookie (/i18n/setlang/, sign-in, profile) is sent on links from other sites
# but not on their cross-site posts, and scripts cannot read it; production adds Secure.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# One set of date and time formats per language (coil_platform/formats/<lang>/formats.py),
# read by templates, Python and the Wagtail admin alike. The admin's date pickers keep
# Wagtail's ISO input formats ("2026-10-05 18:44"), which every language accepts.
FORMAT_MODULE_PATH = ["coil_platform.formats"]
# Where no language is active (drawings shared by every reader), Django falls back to these.
DATE_FORMAT = en_formats.DATE_FORMAT
TIME_FORMAT = en_formats.TIME_FORMAT
DATETIME_FORMAT = en_formats.DATETIME_FORMAT
SHORT_DATE_FORMAT = en_formats.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = en_formats.SHORT_DATETIME_FORMAT
# An anonymous visitor's time zone (an IANA name, set by accounts/static/accounts/zone.js
# from the browser or by the visitor's choice), read by accounts.middleware.
TIME_ZONE_COOKIE_NAME = "coil_tz"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Files answering application and report questions: outside MEDIA_ROOT, so that no web
# server serves them; only the funding views send them, after their permission checks.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "coil_platform.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "COIL Commons"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{PORT}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin shows its default avatar or an uploaded one, and
# no person's e-mail hash goes to another site (nor does the policy below need to allow it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A module approved by every partner is published even though no lead may publish alone.
WAGTAIL_FINISH_WORKFLOW_ACTION = "modules.workflow_finish.publish_approved_revision"
TAGGIT_CASE_INSENSITIVE = True

# Content-Security-Policy (django-csp): scripts, styles, images, fonts, frames and connections
# (the discussion's WebSocket too) only from the site itself, no inline scripts or styles,
# no plug-ins, forms post only here and no other site may frame a page. The Wagtail admin
# gets what its own scripts need (coil_platform/csp.py); docs/operations.md explains both.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "daphne": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
