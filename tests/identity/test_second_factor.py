"""TOTP and recovery codes for the roles that need them; demo accounts skip it under demo settings only."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.identity.enums import SecurityEventKind
from relais.identity.models import SecurityEvent
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, text_of, texts

pytestmark = pytest.mark.django_db
GOOD = "motdepasse-de-test"


@pytest.fixture(autouse=True)
def _production_rules(settings):
    settings.RELAIS_DEMO = False


def code_for(device, shift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": GOOD}, follow=True)


def enrol(client):
    page = client.get(reverse("accounts:second_factor_enrol"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("accounts:second_factor_enrol"), {"token": code_for(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    return device, codes


@pytest.mark.parametrize(
    "role", [Role.COORDINATION, Role.OPERATEUR, Role.MARAUDE, Role.SOIGNANT, Role.ADMIN, Role.AUDITEUR]
)
def test_first_sign_in_enrols_then_the_code_is_asked_each_time(client, role):
    user = UserFactory(role=role)
    traveller = time_machine.travel(timezone.now(), tick=False)
    clock = traveller.start()
    response = log_in(client, user)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_enrol"))
    assert client.get("/").status_code == 302  # nothing else until enrolled

    device, codes = enrol(client)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/").status_code == 200

    client.logout()
    response = log_in(client, user)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor"))
    wrong = client.post(reverse("accounts:second_factor"), {"token": "000000"})
    assert "Code incorrect" in text_of(wrong)
    clock.shift(31)  # past the throttle after a wrong code, and a new code: each is accepted once
    assert client.post(reverse("accounts:second_factor"), {"token": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200
    traveller.stop()


def test_a_recovery_code_works_once(client):
    user = UserFactory(role=Role.MARAUDE)
    log_in(client, user)
    _device, codes = enrol(client)
    for expected in (302, 200):
        client.logout()
        log_in(client, user)
        response = client.post(reverse("accounts:second_factor"), {"token": codes[0]})
        assert response.status_code == expected


@pytest.mark.parametrize("role", [Role.POLICE, Role.COMITE, Role.VILLE])
def test_roles_without_person_data_need_no_second_factor(client, role):
    response = log_in(client, UserFactory(role=role))
    assert response.redirect_chain[-1][0] == "/"


def test_demo_settings_let_demo_accounts_in_with_a_banner(client, settings):
    settings.RELAIS_DEMO = True
    response = log_in(client, UserFactory(role=Role.SOIGNANT))
    assert response.redirect_chain[-1][0] == "/"
    assert "connecté sans second facteur" in text_of(response)


def test_the_qr_code_is_inline_and_the_page_csp_clean(client):
    log_in(client, UserFactory(role=Role.SOIGNANT))
    response = client.get(reverse("accounts:second_factor_enrol"))
    html = response.content.decode()
    assert "<svg" in html
    assert "otpauth" not in re.sub(r"<svg.*</svg>", "", html, flags=re.S) or "Clé" in html
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", html)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_coordination_resets_a_second_factor_and_the_auditor_sees_it(client, settings):
    settings.RELAIS_DEMO = True  # the coordination account itself signs in without one here
    user = UserFactory(role=Role.MARAUDE, username="maraude-nord")
    settings.RELAIS_DEMO = False
    log_in(client, user)
    enrol(client)
    client.logout()

    settings.RELAIS_DEMO = True
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    url = reverse("accounts:user_list")
    assert user.username in texts(client.get(url), "tbody tr td:first-child")
    assert texts(client.get(url, {"q": f" {user.username.upper()} "}), "tbody tr td:first-child") == [user.username]
    client.post(reverse("accounts:second_factor_reset", args=[user.pk]))
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SECOND_FACTOR_RESET)
    assert (event.actor, event.username) == (coordination, user.username)

    client.force_login(UserFactory(role=Role.MARAUDE))
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_confirming_identity_asks_for_the_second_factor_too(client, settings):
    user = UserFactory(role=Role.COORDINATION)
    log_in(client, user)
    device, _codes = enrol(client)
    response = client.get(reverse("accounts:reauth"))
    assert "Code du second facteur" in text_of(response)
    response = client.post(reverse("accounts:reauth"), {"password": GOOD, "token": "000000"})
    assert "Code incorrect" in text_of(response)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31), tick=False):
        response = client.post(reverse("accounts:reauth"), {"password": GOOD, "token": code_for(device)})
    assert response.status_code == 302


def test_the_second_factor_page_does_not_poll_what_it_would_be_sent_back_from(client):
    """The header's notification count polls a page the second factor guards: while the factor is owed,
    each poll was answered with the enrolment page, swapped into the header, and the enrolment broke."""
    user = UserFactory(role=Role.SOIGNANT)
    log_in(client, user)
    page = client.get(reverse("accounts:second_factor_enrol"))
    assert select(page, "[data-testid=notification-count]") == []
    enrol(client)
    assert len(select(client.get("/"), ".fr-header__tools-links [data-testid=notification-count]")) == 1
