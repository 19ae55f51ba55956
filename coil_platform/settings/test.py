import os
import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import REDIS_URL, env

SECRET_KEY = env("SECRET_KEY", "test-secret-key-for-the-test-suite-only")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
# Static files come from the app folders; nothing is collected into STATIC_ROOT for tests.
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = BASE_DIR / ".test-private-media"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not SQLite's shared in-memory database: consumers read
    # from a pool of threads, and only a file gives each thread SQLite's real locking
    # (WAL) instead of "database table is locked". One file per test process, so that runs
    # side by side never share one; Django deletes it at the end of the run.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"coil-test-{os.getpid()}.sqlite3")
    }

if REDIS_URL:
    # A run of the suite gets its own key space on a shared Redis.
    run_prefix = f"coiltest-{uuid.uuid4().hex[:8]}"
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = run_prefix  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = run_prefix  # noqa: F405

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run the periodic work themselves; no daphne thread does it behind their back.
COIL_SCHEDULE_IN_PROCESS = False
