import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    """A real process whose database is a closed port: no mock of the database."""
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['database'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.split() == ["503", "unreachable"], result.stderr


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_lands_on_home_in_french(client):
    UserFactory(username="agent", role=Role.COORDINATION)
    response = client.post(reverse("login"), {"username": "agent", "password": "motdepasse-de-test"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    content = text_of(response)
    assert "Vous agissez pour" in content
    assert "Coordination" in content
    assert '<html lang="fr"' in content


def test_login_locks_out_after_five_failures(client):
    UserFactory(username="cible", role=Role.MARAUDE)
    for _ in range(5):
        client.post(reverse("login"), {"username": "cible", "password": "mauvais"})
    response = client.post(reverse("login"), {"username": "cible", "password": "motdepasse-de-test"})
    assert response.status_code == 429
    assert "Trop de tentatives" in text_of(response)


def test_expired_grant_sees_only_a_message(client):
    client.force_login(UserFactory(role=Role.COORDINATION, expired=True))
    response = client.get("/")
    assert response.status_code == 403
    assert "habilitation n'est plus en vigueur" in text_of(response)
    assert client.get(reverse("board:index")).status_code == 403


def test_pages_reference_no_external_origin(client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    for url in ("/", reverse("board:index"), reverse("registry:structure_list"), reverse("login")):
        html = client.get(url).content.decode()
        assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", html), url


def test_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_accessibility_statement_is_public(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "Déclaration d'accessibilité" in text_of(response)


def _manage(*args, **env):
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="k" * 20 + "production-secret-for-the-check-only-0123456789",
        ALLOWED_HOSTS="relais.example.gouv.fr",
        RELAIS_FIELD_KEY="a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=",  # Fernet key for the check only
        RELAIS_MATCHING_KEY="m" * 40,
        RELAIS_ACCESS_LOG_KEY="l" * 40,
        RELAIS_CELL_KEY_SECRET="c" * 40,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_a_missing_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.prod"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
