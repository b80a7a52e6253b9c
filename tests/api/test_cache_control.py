"""Authenticated pages stay off shared phones: `Cache-Control: no-store, private` on every one."""

import pytest
from django.urls import reverse

from relais.users.access import AUTH_AT, session_now
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_every_authenticated_page_is_no_store_and_private(client):
    person = PersonFactory()
    client.force_login(UserFactory(role=Role.COORDINATION))
    session = client.session
    session[AUTH_AT] = session_now()  # the API's list of persons is an export: identity confirmed
    session.save()
    for url in [
        reverse("people:person_detail", args=[person.pk]),
        reverse("people:person_list"),
        reverse("board:index"),
        "/",
        reverse("v1:person-list"),
        reverse("v1:structure-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= _directives(response), url


def test_api_key_responses_too(key_for):
    response = key_for(Role.COORDINATION).get(reverse("v1:person-list"))
    assert {"no-store", "private"} <= _directives(response)
