"""Settings follow the environment; production refuses unsafe configuration.

Each case imports the settings module in a fresh interpreter with exactly the environment
under test, since settings are read once at import.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from channels_redis.core import RedisChannelLayer

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Every variable the settings read; the cases start from none of them set.
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "PORT",
    "COIL_MESSAGE_RATE",
    "LOG_LEVEL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "WAGTAILADMIN_BASE_URL",
    "CHANNEL_LAYER_PREFIX",
    "CACHE_KEY_PREFIX",
    "TASKS_BACKEND",
    "COIL_SCHEDULE_IN_PROCESS",
    "EMAIL_URL",
    "EMAIL_PROVIDER",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
}
GOOD_SECRET_KEY = secrets.token_urlsafe(64)

PRINT_SETTINGS = """
import importlib, json, sys
settings = importlib.import_module(sys.argv[1])
names = [
    "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASES", "CHANNEL_LAYERS", "CACHES",
    "PORT", "COIL_MESSAGE_RATE", "WAGTAILADMIN_BASE_URL", "LOGGING", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER", "DEMO_DATA_ALLOWED", "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SAMESITE", "LANGUAGE_COOKIE_HTTPONLY", "TASKS", "COIL_SCHEDULE_IN_PROCESS",
    "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "ANYMAIL", "DEFAULT_FROM_EMAIL",
]
print(json.dumps({name: getattr(settings, name, None) for name in names}, default=str))
"""


def run(args, module, **env):
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def resolved(module="coil_platform.settings.dev", **env):
    result = run(["-c", PRINT_SETTINGS, module], module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_are_sqlite_and_in_memory():
    values = resolved()

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert values["CHANNEL_LAYERS"] == {
        "default": {
            "BACKEND": "collaboration.layers.InMemoryChannelLayer",
            "CONFIG": {"socket_buffer": 200},
        }
    }
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert values["PORT"] == 8000
    assert values["COIL_MESSAGE_RATE"] == "30/10s"
    assert values["LOGGING"]["root"]["level"] == "INFO"
    assert values["DEBUG"] is True
    assert values["DEMO_DATA_ALLOWED"] is True


def test_database_url_selects_postgresql():
    values = resolved(DATABASE_URL="postgres://coil:s3cret@db.internal:5433/coil_commons")

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "coil_commons",
    )
    assert (database["USER"], database["PASSWORD"]) == ("coil", "s3cret")


def test_database_url_selects_another_sqlite_file(tmp_path):
    values = resolved(DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "other.sqlite3")


def test_redis_url_selects_redis_channel_layer_and_cache():
    values = resolved(REDIS_URL="redis://cache.internal:6380/2")

    layer = values["CHANNEL_LAYERS"]["default"]
    assert layer["BACKEND"] == "collaboration.layers.RedisChannelLayer"
    assert layer["CONFIG"]["prefix"] == "coil"
    (host,) = layer["CONFIG"]["hosts"]
    assert host["address"] == "redis://cache.internal:6380/2"
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert (cache["LOCATION"], cache["KEY_PREFIX"]) == ("redis://cache.internal:6380/2", "coil")


def test_redis_channel_layer_outwaits_its_blocking_reads():
    """channels_redis waits for messages with a blocking pop; a read timeout no longer than
    that pop would fail idle sockets' consumers (redis-py 8 sets 5 s by default)."""
    values = resolved(REDIS_URL="redis://127.0.0.1:6379/0", REDIS_MAX_CONNECTIONS="250")
    (host,) = values["CHANNEL_LAYERS"]["default"]["CONFIG"]["hosts"]
    assert host["socket_timeout"] > RedisChannelLayer.brpop_timeout
    assert host["max_connections"] == 250
    pool = RedisChannelLayer(hosts=[host]).create_pool(0)
    assert pool.max_connections == 250
    assert pool.connection_kwargs["socket_timeout"] == host["socket_timeout"]


def test_redis_key_prefixes_follow_the_environment():
    values = resolved(
        REDIS_URL="redis://127.0.0.1:6379/0",
        CHANNEL_LAYER_PREFIX="coil-staging",
        CACHE_KEY_PREFIX="coil-staging-cache",
    )

    assert values["CHANNEL_LAYERS"]["default"]["CONFIG"]["prefix"] == "coil-staging"
    assert values["CACHES"]["default"]["KEY_PREFIX"] == "coil-staging-cache"


def test_tasks_run_in_process_unless_the_database_backend_is_chosen():
    values = resolved()
    assert values["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")
    assert values["COIL_SCHEDULE_IN_PROCESS"] is True
    values = resolved(TASKS_BACKEND="database")
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["COIL_SCHEDULE_IN_PROCESS"] is False
    module = "coil_platform.settings.dev"
    result = run(["-c", PRINT_SETTINGS, module], module, TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of immediate, database, not 'celery'" in result.stderr


def test_email_is_printed_in_development_and_comes_from_the_environment_elsewhere():
    assert resolved()["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    values = resolved(
        "coil_platform.settings.production",
        SECRET_KEY=GOOD_SECRET_KEY,
        EMAIL_URL="smtp://coil%40example.org:p%3Ass@mail.example.org:587/?tls=True",
        DEFAULT_FROM_EMAIL="COIL <coil@example.org>",
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == (
        "coil@example.org",
        "p:ss",
    )
    assert values["EMAIL_USE_TLS"] is True and values["EMAIL_USE_SSL"] is False
    assert values["EMAIL_TIMEOUT"] == 10
    assert values["DEFAULT_FROM_EMAIL"] == "COIL <coil@example.org>"
    values = resolved(EMAIL_PROVIDER="mailgun", ANYMAIL_MAILGUN_API_KEY="key-123")
    assert values["EMAIL_BACKEND"] == "anymail.backends.mailgun.EmailBackend"
    assert values["ANYMAIL"] == {"MAILGUN_API_KEY": "key-123"}


def test_hosts_port_rate_and_log_level_follow_the_environment():
    values = resolved(
        ALLOWED_HOSTS=" coil.example.org, www.coil.example.org ,",
        CSRF_TRUSTED_ORIGINS="https://coil.example.org",
        PORT="8123",
        COIL_MESSAGE_RATE="1000/1s",
        LOG_LEVEL="DEBUG",
    )

    assert values["ALLOWED_HOSTS"] == ["coil.example.org", "www.coil.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://coil.example.org"]
    assert values["PORT"] == 8123
    assert values["WAGTAILADMIN_BASE_URL"] == "http://127.0.0.1:8123"
    assert values["COIL_MESSAGE_RATE"] == "1000/1s"
    assert values["LOGGING"]["root"]["level"] == "DEBUG"


def test_production_settings_are_secure_by_default():
    values = resolved(
        "coil_platform.settings.production",
        SECRET_KEY=GOOD_SECRET_KEY,
        ALLOWED_HOSTS="coil.example.org",
    )

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["DEMO_DATA_ALLOWED"] is False


SET_LANGUAGE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().post(
    "/i18n/setlang/", {"language": "nb", "next": "/"}, secure=True, HTTP_X_FORWARDED_PROTO="https"
)
print(response.status_code, response.cookies[settings.LANGUAGE_COOKIE_NAME].output())
"""


def language_cookie(module):
    result = run(
        ["-c", SET_LANGUAGE], module, SECRET_KEY=GOOD_SECRET_KEY, ALLOWED_HOSTS="testserver"
    )
    assert result.returncode == 0, result.stderr
    status, cookie = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "302"
    return {part.strip().lower() for part in cookie.split(";")}


def test_production_language_cookie_is_secure_same_site_and_hidden_from_scripts():
    values = resolved("coil_platform.settings.production", SECRET_KEY=GOOD_SECRET_KEY)
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SAMESITE"] == "Lax"
    assert values["LANGUAGE_COOKIE_HTTPONLY"] is True

    cookie = language_cookie("coil_platform.settings.production")

    assert "set-cookie: django_language=nb" in cookie
    assert {"secure", "httponly", "samesite=lax"} <= cookie


def test_development_language_cookie_works_over_plain_http():
    cookie = language_cookie("coil_platform.settings.dev")

    assert {"httponly", "samesite=lax"} <= cookie
    assert "secure" not in cookie


def test_production_redirect_and_hsts_can_be_tuned():
    values = resolved(
        "coil_platform.settings.production",
        SECRET_KEY=GOOD_SECRET_KEY,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
    )

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("too-short-to-be-a-real-secret", id="short"),
        pytest.param("django-insecure-" + "x" * 60, id="development-key"),
    ],
)
def test_production_settings_fail_fast_without_a_real_secret_key(secret_key):
    env = {} if secret_key is None else {"SECRET_KEY": secret_key}

    result = run(["manage.py", "check"], "coil_platform.settings.production", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "coil_platform.settings.production",
        SECRET_KEY=GOOD_SECRET_KEY,
        ALLOWED_HOSTS="coil.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_test_settings_keep_a_run_of_the_suite_apart_on_a_shared_redis():
    values = resolved("coil_platform.settings.test", REDIS_URL="redis://127.0.0.1:6379/0")
    other = resolved("coil_platform.settings.test", REDIS_URL="redis://127.0.0.1:6379/0")

    prefix = values["CHANNEL_LAYERS"]["default"]["CONFIG"]["prefix"]
    assert prefix.startswith("coiltest-")
    assert prefix != other["CHANNEL_LAYERS"]["default"]["CONFIG"]["prefix"]
