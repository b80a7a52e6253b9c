"""In a real browser: new users sign in with the DSFR ProConnect button, through the test OpenID
Connect provider (django-oauth-toolkit, its own process on loopback: tests/identity/test_proconnect.py
starts it), and come back to Relais signed in; a one-factor ProConnect sign-in enrols Relais's own
second factor first."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from relais.identity.models import AccessRequest
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.identity.test_proconnect import provider, relais  # noqa: F401 - the provider and its settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proconnect(relais, page):  # noqa: F811 - the fixture imported above
    page.set_default_timeout(90_000)  # a loaded machine: keys, tokens and signatures
    return relais


def sign_in_with_proconnect(page, username):
    """The login page's ProConnect button, then the provider's own login form."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name="S'identifier avec ProConnect").click()
    page.wait_for_url(f"{page.proconnect_issuer_origin}/login/**")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("mot-de-passe-fournisseur")
    page.get_by_role("button", name="OK").click()


@pytest.fixture
def provider_page(page, proconnect):
    page.proconnect_issuer_origin = proconnect["issuer"].removesuffix("/o")
    return page


def test_a_new_agent_with_a_multi_factor_sign_in_lands_in_relais(provider_page, live_server):
    page = provider_page
    UserFactory(username="agent-ars", email="agent-mfa@ars.sante.fr", role=Role.COORDINATION)
    sign_in_with_proconnect(page, "agent-mfa")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".fr-header__tools-links").get_by_test_id("current-grant")).to_contain_text("Coordination")
    # Only Relais and the provider were reached: no third party.
    assert [url for url in page.external_requests if not url.startswith(page.proconnect_issuer_origin)] == []

    # Signing out goes through the provider's end_session endpoint and back to the login page.
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    page.locator("form[action='/accounts/logout/']").first.evaluate("form => form.requestSubmit()")  # menu closed
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    assert any(url.startswith(f"{page.proconnect_issuer_origin}/o/logout/") for url in visited) or any(
        "/o/logout/" in url for url in page.external_requests
    )


def test_a_new_agent_with_one_factor_enrols_relais_second_factor(provider_page, live_server):
    page = provider_page
    UserFactory(username="agent-police", email="agent@interieur.gouv.fr", role=Role.MARAUDE)
    sign_in_with_proconnect(page, "agent")
    page.wait_for_url("**/comptes/second-facteur/activer/**")
    device = TOTPDevice.objects.get(user__username="agent-police", confirmed=False)
    page.get_by_label("Code").fill(f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Continuer").click()
    expect(page.locator(".fr-header__tools-links").get_by_test_id("current-grant")).to_contain_text("Maraude")


def test_an_unknown_agent_is_told_to_ask_coordination(provider_page):
    page = provider_page
    sign_in_with_proconnect(page, "inconnu")
    expect(page.get_by_text("Demandez l'accès à votre coordination")).to_be_visible()
    assert AccessRequest.objects.get().email == "nouvelle@asso.example"
