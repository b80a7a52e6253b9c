"""Exactly one access event per access, with the pseudonym and the category right."""

import pytest
from django.urls import reverse

from relais.audit.models import AccessEvent
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.people.factories import HealthNoteFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _events():
    return list(AccessEvent.objects.order_by("pk").values_list("category", "action", "pseudonym"))


def test_an_alias_search_that_finds_one_person_logs_its_pseudonym(client):
    person = PersonFactory(alias="Sentinelle")
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.post(reverse("people:person_list"), {"alias": "Sentinelle", "year_of_birth": 1985, "sex": "male"})
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"]] == [person.pk]
    assert _events() == [("person", "search", person.display_code)]


def test_reading_health_notes_is_logged_as_such(client):
    person = PersonFactory()
    note = HealthNoteFactory(person=person, organization=person.created_by_organization)
    nurse = UserFactory(role=Role.SOIGNANT, organization=note.organization)
    client.force_login(nurse)
    response = client.get(reverse("people:person_detail", args=[note.person.pk]))
    assert response.status_code == 200
    code = note.person.display_code
    # One event for the page, in the category of the most sensitive data it showed.
    assert _events() == [("health_note", "read", code)]


def test_a_merge_logs_its_source_and_its_target(client):
    source, target = PersonFactory(), PersonFactory()
    client.force_login(UserFactory(role=Role.COORDINATION))
    client.post(reverse("people:merge"), {"source": source.pk, "target": target.pk})
    source.refresh_from_db()
    assert source.merged_into_id == target.pk
    assert _events() == [("person", "update", source.display_code), ("person", "update", target.display_code)]


def test_writing_a_health_note_and_recording_a_step_are_logged_in_their_category(client):
    person = PersonFactory(consented=True)
    nurse = UserFactory(role=Role.SOIGNANT, organization=person.created_by_organization)
    client.force_login(nurse)
    client.post(reverse("people:health_note_add", args=[person.pk]), {"text": "Note"})
    client.post(
        reverse("people:step_add", args=[person.pk]), {"kind": "csapa", "on": "2026-01-05", "status": "planned"}
    )
    code = person.display_code
    assert _events() == [("health_note", "create", code), ("pathway", "create", code)]
