import pytest
from rest_framework.test import APIClient

from relais.api.services import api_key_create
from relais.users.enums import GrantStatus
from relais.users.models import AccessGrant
from tests.factories import OrganizationFactory


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def key_for(db):
    """`key_for(role, organization)` -> an APIClient authenticated by a fresh key."""

    def make(role, organization=None, **kwargs):
        key, raw = api_key_create(
            name="Logiciel de test",
            organization=organization or OrganizationFactory(),
            role=role,
            expires_at=None,
            by=None,
            **kwargs,
        )
        # As if a coordinator of another organisation had approved it (tests/users/test_self_granting.py).
        AccessGrant.objects.filter(user=key.user).update(status=GrantStatus.APPROVED)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
        client.key = key
        return client

    return make
