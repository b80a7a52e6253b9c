import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from relais.api.models import ApiKey, hash_key
from relais.api.services import api_key_create, api_key_revoke
from relais.api.throttling import ApiKeyRateThrottle
from relais.users.enums import Role
from relais.users.services import grant_approve
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.helpers import messages_of

pytestmark = pytest.mark.django_db


def test_admin_creates_a_key_shown_once_and_stored_hashed(client, synced_roles):
    org = OrganizationFactory()
    client.force_login(UserFactory(role=Role.ADMIN))
    response = client.post(
        reverse("admin:api_apikey_add"),
        {"name": "Logiciel SI-asso", "organization": org.pk, "role": "operateur"},
        follow=True,
    )
    notice = next(m for m in messages_of(response) if "ne sera plus jamais affichée" in m)
    raw = notice.rsplit(" ", 1)[-1]
    key = ApiKey.objects.get()
    assert key.hashed_key == hash_key(raw) and raw not in key.hashed_key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    # A person-data role: nothing until a coordinator of another organisation approves.
    assert api.get(reverse("v1:structure-list")).status_code == 403
    grant_approve(grant=key.user.grants.get(), by=UserFactory(role=Role.COORDINATION))
    key.user = type(key.user).objects.get(pk=key.user_id)
    assert (key.user.role, key.user.organization) == ("operateur", org)
    assert api.get(reverse("v1:structure-list")).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert raw not in client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()


def test_only_admin_manages_keys(client, synced_roles):
    client.force_login(UserFactory(role=Role.COORDINATION))
    assert client.get(reverse("admin:api_apikey_add")).status_code == 302
    assert not ApiKey.objects.exists()


def test_revoked_expired_or_wrong_keys_are_refused(key_for):
    api = key_for(Role.MARAUDE)
    url = reverse("v1:structure-list")
    assert api.get(url).status_code == 200
    api_key_revoke(key=api.key)
    response = api.get(url)
    assert response.status_code == 401
    assert response.json()["detail"] == "Clé d'API invalide, expirée ou révoquée."
    soon = timezone.now() + datetime.timedelta(hours=1)
    key, raw = api_key_create(
        name="Vieux", organization=OrganizationFactory(), role=Role.MARAUDE, expires_at=soon, by=None
    )
    grant_approve(grant=key.user.grants.get(), by=UserFactory(role=Role.COORDINATION))
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api.get(url).status_code == 200
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api.get(url).status_code == 401
    with pytest.raises(ValidationError):
        api_key_create(
            name="Passé", organization=OrganizationFactory(), role=Role.MARAUDE, expires_at=timezone.now(), by=None
        )
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw[:8]}faux")
    assert api.get(url).status_code == 401
    api.credentials()
    assert api.get(url).status_code in (401, 403)


def test_a_key_has_exactly_the_rights_of_its_role(key_for):
    structure = StructureFactory(places=5, occupied=1)
    auditor = key_for(Role.AUDITEUR)
    assert auditor.get(reverse("v1:structure-list")).status_code == 403
    marauder = key_for(Role.MARAUDE)
    response = marauder.post(reverse("v1:availability-declare", args=[structure.pk]), {"occupied": 2}, format="json")
    assert response.status_code == 403


def test_rate_limit_per_key(key_for, monkeypatch):
    monkeypatch.setattr(ApiKeyRateThrottle, "THROTTLE_RATES", {"api_key": "3/minute"})
    first, second = key_for(Role.MARAUDE), key_for(Role.MARAUDE)
    url = reverse("v1:structure-list")
    assert [first.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get(url).status_code == 200
