"""Sessions end (idle, absolute), can all be ended by their user, and risky actions ask again."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from relais.identity.enums import SecurityEventKind
from relais.identity.models import SecurityEvent, UserSession
from relais.users.enums import Role
from tests.api.conftest import key_for  # noqa: F401 - the fixture
from tests.factories import UserFactory
from tests.helpers import text_of
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
GOOD = "motdepasse-de-test"


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": GOOD})
    assert response.status_code == 302


def test_person_data_roles_are_signed_out_after_idle_time(client, settings):
    user = UserFactory(role=Role.MARAUDE)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, user)
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_IDLE_TIMEOUT_MINUTES - 1))
        assert client.get("/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_IDLE_TIMEOUT_MINUTES - 1))
        assert client.get("/").status_code == 200  # activity moved the idle deadline on
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_IDLE_TIMEOUT_MINUTES + 1))
        response = client.get("/", follow=True)
        assert response.redirect_chain[0][0].startswith(reverse("login"))
        assert "Votre session a expiré" in text_of(response)


def test_other_roles_keep_their_idle_session_but_not_past_the_lifetime(client, settings):
    user = UserFactory(role=Role.COMITE)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, user)
        traveller.shift(datetime.timedelta(hours=2))
        assert client.get("/").status_code == 200
        for _ in range(settings.RELAIS_SESSION_MAX_HOURS):
            traveller.shift(datetime.timedelta(minutes=59))
            client.get("/")
        assert client.get("/").status_code == 302


def test_the_user_lists_their_sessions_and_signs_out_everywhere(client):
    from django.test import Client

    user = UserFactory(role=Role.SOIGNANT)
    other = Client(HTTP_USER_AGENT="Téléphone de test")
    log_in(other, user)
    log_in(client, user)
    page = text_of(client.get(reverse("accounts:me")))
    assert "Cette session" in page
    assert "Téléphone de test" in page
    assert UserSession.objects.filter(user=user).count() == 2

    client.post(reverse("accounts:sign_out_all"))
    assert other.get("/").status_code == 302
    assert client.get("/").status_code == 302
    assert not Session.objects.exists()
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_OUT_EVERYWHERE).actor == user


def test_export_asks_to_confirm_identity_when_the_sign_in_is_old(client, settings):
    user = UserFactory(role=Role.COORDINATION)
    export = reverse("people:stay_export")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, user)
        assert client.get(export).status_code == 200
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_REAUTH_MINUTES + 1))
        response = client.get(export)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))

        wrong = client.post(response["Location"], {"password": "mauvais"})
        assert "Mot de passe incorrect" in text_of(wrong)
        assert client.get(export).status_code == 302

        back = client.post(response["Location"], {"password": GOOD})
        assert back["Location"] == export
        assert client.get(export).status_code == 200


def test_merge_asks_to_confirm_identity_when_the_sign_in_is_old(client, settings):
    user = UserFactory(role=Role.COORDINATION)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, user)
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_REAUTH_MINUTES + 1))
        response = client.post(
            reverse("people:merge"), {"source": 1, "target": 2}, HTTP_REFERER="http://testserver/personnes/doublons/"
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        assert "doublons" in response["Location"]


def test_grant_changes_in_the_admin_ask_to_confirm_identity(client, settings, synced_roles):
    admin = UserFactory(role=Role.ADMIN)
    target = UserFactory(role=Role.MARAUDE)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, admin)
        url = reverse("admin:users_user_change", args=[target.pk])
        assert client.get(url).status_code == 200
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_REAUTH_MINUTES + 1))
        assert client.get(url)["Location"].startswith(reverse("accounts:reauth"))
        grant = target.grants.get()
        assert client.get(reverse("admin:users_accessgrant_change", args=[grant.pk]))["Location"].startswith(
            reverse("accounts:reauth")
        )


def test_the_right_of_access_export_asks_to_confirm_identity(client, settings):
    user = UserFactory(role=Role.COORDINATION)
    person = PersonFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, user)
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_REAUTH_MINUTES + 1))
        for name in ("rights:export_json", "rights:export_pdf"):
            response = client.get(reverse(name, args=[person.pk]))
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:reauth"))
