"""Lockout per account and per client address, delays that double, unlock by coordination."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relais.identity.enums import SecurityEventKind
from relais.identity.models import SecurityEvent
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, select_one, text, text_of

pytestmark = pytest.mark.django_db
GOOD = "motdepasse-de-test"


def attempt(client, username, password, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_guessing_from_rotating_addresses_is_still_stopped_on_the_account(client):
    UserFactory(username="cible", role=Role.MARAUDE)
    for n in range(5):
        attempt(client, "cible", "mauvais", f"198.51.100.{n}")
    response = attempt(client, "cible", GOOD, "198.51.100.200")
    assert response.status_code == 429
    assert "Trop de tentatives" in text_of(response)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT, username="cible").count() == 1


def test_one_address_guessing_many_accounts_is_stopped(client):
    UserFactory(username="autre", role=Role.MARAUDE)
    for n in range(5):
        attempt(client, f"compte{n}", "mauvais", "203.0.113.9")
    assert attempt(client, "autre", GOOD, "203.0.113.9").status_code == 429


def test_behind_a_trusted_proxy_a_shared_address_does_not_lock_out_another_account(client, settings):
    settings.RELAIS_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="cible", role=Role.MARAUDE)
    UserFactory(username="voisin", role=Role.MARAUDE)
    for _ in range(6):
        attempt(client, "cible", "mauvais", "10.0.0.1", forwarded="198.51.100.7")
    response = attempt(client, "voisin", GOOD, "10.0.0.1", forwarded="192.0.2.44")
    assert response.status_code == 302
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT).ip_address == "198.51.100.7"


def test_without_trusted_proxy_the_forwarded_header_is_ignored(client):
    UserFactory(username="cible", role=Role.MARAUDE)
    for n in range(5):
        attempt(client, f"compte{n}", "mauvais", "203.0.113.9", forwarded=f"198.51.100.{n}")
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT).ip_address == "203.0.113.9"


def test_each_new_lockout_doubles_the_delay(client, settings):
    UserFactory(username="cible", role=Role.MARAUDE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            attempt(client, "cible", "mauvais", "198.51.100.1")
        first = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT)
        assert first.until - first.occurred_at == datetime.timedelta(minutes=settings.RELAIS_LOCKOUT_BASE_MINUTES)
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_LOCKOUT_BASE_MINUTES + 1))
        for _ in range(5):
            attempt(client, "cible", "mauvais", "198.51.100.2")
        second = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT).first()
        assert second.until - second.occurred_at == datetime.timedelta(minutes=2 * settings.RELAIS_LOCKOUT_BASE_MINUTES)
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_LOCKOUT_BASE_MINUTES + 1))
        assert attempt(client, "cible", GOOD, "198.51.100.3").status_code == 429
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_LOCKOUT_BASE_MINUTES))
        assert attempt(client, "cible", GOOD, "198.51.100.3").status_code == 302


def test_coordination_unlocks_and_the_auditor_sees_both_events(client):
    UserFactory(username="cible", role=Role.MARAUDE)
    for _ in range(5):
        attempt(client, "cible", "mauvais", "198.51.100.1")
    lockout = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT)
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    assert "cible" in text_of(client.get(reverse("accounts:lockout_list")))
    client.post(reverse("accounts:lockout_unlock", args=[lockout.pk]))
    client.logout()
    assert attempt(client, "cible", GOOD, "198.51.100.1").status_code == 302
    unlock = SecurityEvent.objects.get(kind=SecurityEventKind.UNLOCK)
    assert unlock.actor == coordination
    assert unlock.username == "cible"

    client.force_login(UserFactory(role=Role.AUDITEUR))
    url = reverse("accounts:security_events")
    kinds = [text(row) for row in select(client.get(url), "tbody tr td:nth-of-type(2)")]
    assert kinds == ["Déblocage par la coordination", "Connexions suspendues après des échecs"]
    response = client.get(url, {"type": SecurityEventKind.UNLOCK})
    [row] = select(response, "tbody tr")
    assert [text(cell) for cell in row.select("td")][1:3] == ["Déblocage par la coordination", "cible"]
    # An unknown type is named beside its field; the list is left unfiltered.
    response = client.get(url, {"type": "inconnu"})
    assert "« inconnu » ne fait pas partie des valeurs proposées" in text(select_one(response, "#id_type-desc-error"))
    assert len(select(response, "tbody tr")) == 2


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.AUDITEUR, Role.ADMIN])
def test_only_coordination_unlocks(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("accounts:lockout_list")).status_code == 403


def test_passwords_need_twelve_characters_and_never_the_demo_one(settings):
    settings.RELAIS_DEMO = False
    with pytest.raises(ValidationError):
        validate_password("court-1234")
    with pytest.raises(ValidationError, match="démonstration"):
        validate_password("Relais-Demo-2026")
    validate_password("une phrase assez longue 42")
    settings.RELAIS_DEMO = True
    validate_password("Relais-Demo-2026")


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),
        (1, "pas-une-adresse", "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(rf, settings, trusted, forwarded, expected):
    from relais.identity.client_ip import client_ip

    settings.RELAIS_TRUSTED_PROXY_COUNT = trusted
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)) == expected
