"""The access log you can trust: no TRUNCATE, a keyed chain, signed heads kept elsewhere."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from relais.audit import triggers
from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.models import AccessEvent
from relais.audit.services import access_record
from relais.users.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _record(user, pseudonym):
    return access_record(user=user, category=AccessCategory.PERSON, action=AccessAction.READ, pseudonym=pseudonym)


def _rewrite_every_row(sign):
    """What someone with the database owner's rights could do: rebuild the whole chain."""
    triggers.drop(connection)
    previous = "0" * 64
    for event in AccessEvent.objects.order_by("pk"):
        event.pseudonym = "P-FAUX"
        event.previous_hash = previous
        event.hash = sign(event.payload())
        AccessEvent.objects.filter(pk=event.pk).update(
            pseudonym=event.pseudonym, previous_hash=previous, hash=event.hash
        )
        previous = event.hash
    triggers.create(connection)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_the_database_refuses_truncate():
    _record(UserFactory(role=Role.MARAUDE), "P-1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_accessevent CASCADE")
    assert AccessEvent.objects.count() == 1


@pytest.mark.parametrize("command", ["flush", "seed_demo", "bench"])
def test_demo_only_commands_refuse_outside_demo_settings(command):
    _record(UserFactory(role=Role.MARAUDE), "P-1")
    with override_settings(RELAIS_DEMO=False), pytest.raises(CommandError, match="démonstration"):
        call_command(command, interactive=False, verbosity=0) if command == "flush" else call_command(command)
    assert AccessEvent.objects.count() == 1


def test_an_unkeyed_rewrite_of_the_whole_table_is_detected():
    import hashlib

    user = UserFactory(role=Role.MARAUDE)
    for n in range(3):
        _record(user, f"P-{n}")
    call_command("verify_access_log")
    _rewrite_every_row(lambda payload: hashlib.sha256(payload.encode()).hexdigest())
    with pytest.raises(CommandError, match="altéré"):
        call_command("verify_access_log")


def test_a_rewrite_with_the_key_is_caught_by_the_signed_heads(tmp_path, capsys):
    import hashlib
    import hmac

    anchors = tmp_path / "ancres.jsonl"
    user = UserFactory(role=Role.MARAUDE)
    for n in range(3):
        _record(user, f"P-{n}")
    with override_settings(RELAIS_ACCESS_LOG_ANCHORS=anchors):
        call_command("anchor_access_log")
        head = json.loads(anchors.read_text().splitlines()[-1])
        assert head["event_id"] == AccessEvent.objects.order_by("pk").last().pk
        call_command("verify_access_log")
        key = settings.RELAIS_ACCESS_LOG_KEY.encode()
        _rewrite_every_row(lambda payload: hmac.new(key, payload.encode(), hashlib.sha256).hexdigest())
        with pytest.raises(CommandError, match="ancre"):
            call_command("verify_access_log")


def test_a_forged_head_is_refused(tmp_path):
    anchors = tmp_path / "ancres.jsonl"
    _record(UserFactory(role=Role.MARAUDE), "P-1")
    with override_settings(RELAIS_ACCESS_LOG_ANCHORS=anchors):
        call_command("anchor_access_log")
        head = json.loads(anchors.read_text())
        head["hash"] = "f" * 64
        anchors.write_text(json.dumps(head) + "\n")
        with pytest.raises(CommandError, match="signature"):
            call_command("verify_access_log")


def _production(**env):
    from cryptography.fernet import Fernet

    base = {
        "SECRET_KEY": "s" * 30 + "k" * 30,
        "RELAIS_FIELD_KEY": Fernet.generate_key().decode(),
        "RELAIS_MATCHING_KEY": "m" * 40,
        "RELAIS_ACCESS_LOG_KEY": "a" * 40,
        "RELAIS_CELL_KEY_SECRET": "c" * 40,
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RELAIS_", "SECRET_KEY", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"],
        env={**clean, **base, **env, "DJANGO_SETTINGS_MODULE": "config.settings.prod"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_every_key_the_demo_or_the_tests_use():
    from config.settings.base import demo_key

    assert _production().returncode == 0
    public = {
        "SECRET_KEY": "test-only-secret-key-not-used-anywhere-else-0123456789" * 2,
        "RELAIS_FIELD_KEY": demo_key("relais-demo-field-key"),
        "RELAIS_MATCHING_KEY": "relais-demo-matching-key-not-secret",
        "RELAIS_ACCESS_LOG_KEY": settings.RELAIS_ACCESS_LOG_KEY,
        "RELAIS_CELL_KEY_SECRET": settings.RELAIS_CELL_KEY_SECRET,
    }
    for name, value in public.items():
        result = _production(**{name: value})
        assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr, name
    assert _production(RELAIS_ACCESS_LOG_KEY="").returncode != 0


def test_manage_py_defaults_to_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RELAIS_", "SECRET_KEY", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
