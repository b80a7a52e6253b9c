"""Test settings: fast hashing, same database choice as the environment (SQLite unless DATABASE_URL)."""

from .base import *  # noqa: F403
from .base import (
    DEMO_ACCESS_LOG_KEY,
    DEMO_CELL_KEY_SECRET,
    DEMO_FIELD_KEY_SEED,
    DEMO_MATCHING_KEY,
    DEMO_SECRET_KEYS,
    demo_key,
)

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECRET_KEY = DEMO_SECRET_KEYS[1]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
RELAIS_DEMO = True
AXES_ENABLED = True
# Per process, so that the query counts the tests assert hold no cache queries; tests/ops checks
# the shared caches of the other settings.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Fixed, non-secret keys derived from public strings: demo and test data only (prod refuses them).
RELAIS_FIELD_KEY = RELAIS_FIELD_KEY or demo_key(DEMO_FIELD_KEY_SEED)  # noqa: F405
RELAIS_MATCHING_KEY = RELAIS_MATCHING_KEY or DEMO_MATCHING_KEY  # noqa: F405
RELAIS_ACCESS_LOG_KEY = RELAIS_ACCESS_LOG_KEY or DEMO_ACCESS_LOG_KEY  # noqa: F405
RELAIS_CELL_KEY_SECRET = RELAIS_CELL_KEY_SECRET or DEMO_CELL_KEY_SECRET  # noqa: F405

# Tests that anchor the access log point this at their own temporary file.
RELAIS_ACCESS_LOG_ANCHORS = VAR_DIR / "test-access-log-anchors.jsonl"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the shared in-memory database: the concurrency tests run admissions from threads,
    # each with its own connection, and need SQLite's real locking (busy timeout, IMMEDIATE).
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-relais.sqlite3")}  # noqa: F405
# The test database is seen by this process only: open-data files are written here.
RELAIS_OPENDATA_WRITE_APART = False
