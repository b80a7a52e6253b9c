"""The API's lists of person data are exports: a browser session confirms identity first."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from relais.api.views_people import ERROR_API_REAUTH
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.identity.test_sessions import GOOD, log_in
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_api_exports_of_person_data_ask_to_confirm_identity_in_a_session(client, settings):
    """A list of the API is an export (every row of the caller's scope, page after page): with a
    browser session it asks for a recent confirmation, as the pages' exports do."""
    user = UserFactory(role=Role.COORDINATION)
    person = PersonFactory()
    lists = [reverse("v1:person-list"), reverse("v1:referral-list"), reverse("v1:stay-list")]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, user)
        for url in lists:
            assert client.get(url).status_code == 200, url
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_REAUTH_MINUTES + 1))
        for url in lists:
            response = client.get(url)
            assert response.status_code == 403, url
            assert ERROR_API_REAUTH.format(url=reverse("accounts:reauth")) == response.json()["detail"]
            assert person.display_code not in response.content.decode()
        # One record is a read, not an export; figures without person data are not concerned.
        assert client.get(reverse("v1:person-detail", args=[person.pk])).status_code == 200
        assert client.get(reverse("v1:structure-list")).status_code == 200

        client.post(reverse("accounts:reauth"), {"password": GOOD})
        assert client.get(lists[0]).status_code == 200


def test_api_keys_export_without_a_confirmation(key_for):
    """A key has no one to confirm: its approval by a second person at creation, its role and its
    expiry stand for it (README, « Clés d'API »); each list is still an access event."""
    PersonFactory()
    assert key_for(Role.COORDINATION).get(reverse("v1:person-list")).status_code == 200
