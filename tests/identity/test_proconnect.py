"""ProConnect sign-in against a real OpenID Connect provider (django-oauth-toolkit) run on loopback.

The provider is its own Django project (tests/oidc_provider) in its own process, with an RSA key
generated here; the authorization code flow with PKCE goes through Relais's live server with a
real HTTP client: discovery, ID token signature, nonce, state, audience and expiry.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from relais.identity.models import AccessRequest
from relais.identity.proconnect import discovery
from relais.users.enums import Role
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
CLAIMS = {
    "agent": {"email": "agent@interieur.gouv.fr", "given_name": "Camille", "usual_name": "Martin", "acr": "eidas1"},
    "agent-mfa": {
        "email": "agent-mfa@ars.sante.fr",
        "given_name": "Dominique",
        "usual_name": "Petit",
        "acr": "eidas2",
        "amr": ["pwd", "mfa"],
    },
    "inconnu": {
        "email": "nouvelle@asso.example",
        "given_name": "Sacha",
        "usual_name": "Durand",
        "siret": "73282932000074",
        "acr": "eidas1",
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    workdir = tmp_path_factory.mktemp("provider")
    port = _free_port()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer = f"http://127.0.0.1:{port}/o"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PROVIDER_DB": str(workdir / "provider.sqlite3"),
        "PROVIDER_RSA_KEY": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "PROVIDER_ISSUER": issuer,
        "PROVIDER_CLAIMS": json.dumps(CLAIMS),
        "PROVIDER_MODE_FILE": str(workdir / "mode"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], **run)
    subprocess.run([sys.executable, "tests/oidc_provider/setup_provider.py", live_server.url], **run)
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail("Le fournisseur OpenID Connect de test n'a pas démarré.")
        yield {"issuer": issuer, "mode": workdir / "mode"}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def relais(settings, provider):
    settings.PROCONNECT_ISSUER = provider["issuer"]
    settings.OIDC_RP_CLIENT_ID = "relais-test"
    settings.OIDC_RP_CLIENT_SECRET = "secret-relais-test"
    settings.RELAIS_DEMO = False
    provider["mode"].write_text("")
    discovery.cache_clear()
    return provider


def sign_in(live_server, username, next_url="/"):
    """The whole browser journey: Relais → provider login → consent skipped → Relais callback."""
    browser = requests.Session()
    start = browser.get(f"{live_server.url}/accounts/proconnect/", params={"next": next_url}, allow_redirects=False)
    authorize = urlparse(start.headers["Location"])
    params = parse_qs(authorize.query)
    assert params["code_challenge_method"] == ["S256"]
    assert params["acr_values"] == ["eidas1"]
    assert {"state", "nonce", "code_challenge"} <= params.keys()
    login = f"{authorize.scheme}://{authorize.netloc}/login/"
    browser.get(login)
    response = browser.post(
        login,
        data={
            "username": username,
            "password": "mot-de-passe-fournisseur",
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            "next": f"{authorize.path}?{authorize.query}",
        },
    )
    return browser, response


def test_a_known_email_signs_in_and_the_second_factor_is_still_asked_after_one_factor(live_server, relais):
    user = UserFactory(email="Agent@interieur.gouv.fr", role=Role.MARAUDE)
    browser, response = sign_in(live_server, "agent")
    assert response.url.startswith(f"{live_server.url}/comptes/second-facteur/activer/")
    assert browser.get(f"{live_server.url}/comptes/moi/").status_code == 200
    assert user.grants.count() == 1


def test_a_multi_factor_provider_sign_in_needs_no_second_factor_from_relais(live_server, relais):
    UserFactory(email="agent-mfa@ars.sante.fr", role=Role.COORDINATION)
    _browser, response = sign_in(live_server, "agent-mfa")
    assert response.url == f"{live_server.url}/"
    assert "Vous agissez pour" in response.text


def test_an_unknown_email_becomes_an_access_request_matched_by_siret(live_server, relais, client, settings):
    organization = OrganizationFactory(siret="73282932000074")
    _browser, response = sign_in(live_server, "inconnu")
    assert response.status_code == 403
    assert "Demandez l'accès à votre coordination" in response.text
    request = AccessRequest.objects.get()
    assert (request.email, request.organization) == ("nouvelle@asso.example", organization)
    assert not type(request.organization).objects.filter(grants__user__email="nouvelle@asso.example").exists()

    settings.RELAIS_DEMO = True  # the coordination account of this test has no second factor
    client.force_login(UserFactory(role=Role.COORDINATION))
    page = client.get(reverse("accounts:access_requests")).content.decode()
    assert "nouvelle@asso.example" in page
    client.post(reverse("accounts:access_request_done", args=[request.pk]))
    request.refresh_from_db()
    assert request.handled_at is not None


@pytest.mark.parametrize("mode", ["wrong_audience", "expired"])
def test_a_token_for_another_audience_or_expired_is_refused(live_server, relais, mode):
    UserFactory(email="agent@interieur.gouv.fr", role=Role.MARAUDE)
    relais["mode"].write_text(mode)
    browser, response = sign_in(live_server, "agent")
    assert response.url == f"{live_server.url}/accounts/proconnect/echec/"
    assert "n'a pas abouti" in response.text
    assert browser.get(f"{live_server.url}/comptes/moi/", allow_redirects=False).status_code == 302


def test_a_replayed_callback_with_an_unknown_state_is_refused(live_server, relais):
    UserFactory(email="agent@interieur.gouv.fr", role=Role.MARAUDE)
    _browser, response = sign_in(live_server, "agent")
    callback = next(r for r in response.history if "/accounts/proconnect/retour/" in r.url)
    fresh = requests.Session()
    replay = fresh.get(callback.url)
    assert replay.url.endswith("/accounts/proconnect/echec/")


def test_logout_ends_the_provider_session_too(live_server, relais):
    UserFactory(email="agent-mfa@ars.sante.fr", role=Role.COORDINATION)
    browser, _response = sign_in(live_server, "agent-mfa")
    response = browser.post(
        f"{live_server.url}/accounts/logout/", data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    )
    assert any(urlparse(r.url).path == "/o/logout/" for r in response.history)
    assert response.url.startswith(f"{live_server.url}/accounts/login/")
    # The provider no longer knows the browser: a new sign-in starts at its login page.
    again = browser.get(f"{live_server.url}/accounts/proconnect/")
    assert urlparse(again.url).path == "/login/"
