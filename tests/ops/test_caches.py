"""Caches and throttling shared between processes: database tables by default, Redis when configured."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from config.settings.base import cache_settings
from relais.users.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("RELAIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _read_in_another_process(key: str, **env) -> str:
    """`cache.get(key)` as another process of the same deployment sees it (its own settings, no locmem)."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            f"from django.core.cache import cache; print(cache.get({key!r}))",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": url,
            "CACHE_URL": "",
            "REDIS_URL": "",
            **env,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_the_cache_is_a_database_table_unless_redis_is_configured():
    assert cache_settings("")["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = cache_settings("redis://cache.internal:6379/0")["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/0"


def test_the_database_cache_is_shared_with_other_processes(settings):
    settings.CACHES = cache_settings("")
    call_command("createcachetable", verbosity=0)
    cache.set("relais-shared", "vu par tous les processus", 60)
    assert _read_in_another_process("relais-shared") == "vu par tous les processus"


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_the_redis_cache_is_shared_with_other_processes(settings):
    settings.CACHES = cache_settings(REDIS_URL)
    cache.set("relais-shared", "dans Redis", 60)
    try:
        assert _read_in_another_process("relais-shared", REDIS_URL=REDIS_URL) == "dans Redis"
    finally:
        cache.delete("relais-shared")


def test_api_throttling_counts_in_the_database_every_worker_reads(settings, client):
    from relais.api.models import RateWindow

    settings.CACHES = cache_settings("")
    user = UserFactory(role=Role.COMITE)
    client.force_login(user)
    assert client.get(reverse("v1:availability-list")).status_code == 200
    # A row of the database, not of a process's memory (relais/api/throttling.py).
    assert RateWindow.objects.get(key=f"throttle_session_{user.pk}").hits == 1


def test_sign_in_lockouts_are_database_rows():
    from axes.conf import settings as axes_settings

    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
