"""On a phone, in a real browser: first sign-in enrols a second factor, with TOTP or with a passkey
(Chromium's virtual authenticator through the DevTools protocol), then each sign-in asks for it."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from relais.users.enums import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def production_rules(settings, live_server, page):
    page.set_default_timeout(90_000)  # a loaded machine: the ceremonies hash and sign
    settings.RELAIS_DEMO = False
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.OTP_WEBAUTHN_RP_ID = "localhost"


def sign_in_with_password(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    page.get_by_role("button", name="Se connecter").click()


def test_totp_enrolment_then_sign_in_with_a_code(page, production_rules):
    UserFactory(username="soignante", role=Role.SOIGNANT)
    sign_in_with_password(page, "soignante")
    page.wait_for_url("**/comptes/second-facteur/activer/**")
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    device = TOTPDevice.objects.get(user__username="soignante", confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Continuer").click()
    expect(page.locator(".fr-header__tools-links").get_by_test_id("current-grant")).to_contain_text(
        "Soignant", timeout=90_000
    )
    assert page.external_requests == []


def test_passkey_enrolment_then_sign_in_with_it(page, production_rules):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    UserFactory(username="maraudeur", role=Role.MARAUDE)
    sign_in_with_password(page, "maraudeur")
    page.wait_for_url("**/comptes/second-facteur/activer/**")
    page.get_by_role("button", name="Enregistrer une clé d'accès").click()
    # The library's own messages, in French (locale/fr/LC_MESSAGES/djangojs.po).
    expect(page.locator("#passkey-register-status-message")).to_have_text("Clé d'accès enregistrée.", timeout=90_000)
    assert len(devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    page.goto("/")  # the registration ceremony itself verified the user
    expect(page.locator(".fr-header__tools-links").get_by_test_id("current-grant")).to_contain_text(
        "Maraude", timeout=90_000
    )

    page.context.clear_cookies()
    sign_in_with_password(page, "maraudeur")
    expect(page.get_by_role("button", name="Utiliser ma clé d'accès")).to_be_visible(timeout=90_000)
    page.get_by_role("button", name="Utiliser ma clé d'accès").click()
    expect(page.locator(".fr-header__tools-links").get_by_test_id("current-grant")).to_contain_text(
        "Maraude", timeout=90_000
    )
    assert page.external_requests == []
