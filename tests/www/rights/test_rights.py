import json

import pytest
from django.urls import reverse

from relais.audit.enums import AccessAction
from relais.audit.models import AccessEvent
from relais.pathways.models import HealthNote
from relais.people.models import Consent, Person
from relais.people.services import person_merge
from relais.retention.models import AnonymisedPerson
from relais.stays.services import stay_admit
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, texts
from tests.people.factories import ContactFactory, HealthNoteFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db

NOTE = "Note clinique confidentielle"


@pytest.fixture
def coordination(client):
    user = UserFactory(role=Role.COORDINATION)
    client.force_login(user)
    return user


@pytest.fixture
def person():
    person = PersonFactory(alias="Bébert", consented=True)
    ContactFactory(person=person, location_label="Porte de la Chapelle")
    HealthNoteFactory(person=person, text=NOTE)
    return person


def test_coordination_exports_the_record_as_json_and_the_export_is_traced(client, coordination, person):
    response = client.get(reverse("rights:export_json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="droit-d-acces-{person.display_code}.json"'
    data = json.loads(response.content)
    assert data["fiches"][0]["nom_d_usage"] == "Bébert"
    assert data["rencontres"][0]["lieu"] == "Porte de la Chapelle"
    assert len(data["consentements"]) == 2
    assert len(data["notes_de_sante"]) == 1
    assert NOTE not in response.content.decode()  # the carer communicates health content (CSP L. 1111-7)
    event = AccessEvent.objects.get()
    assert (event.action, event.pseudonym, event.user) == (AccessAction.EXPORT, person.display_code, coordination)


def test_coordination_exports_a_readable_pdf(client, coordination, person):
    response = client.get(reverse("rights:export_pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessEvent.objects.get().action == AccessAction.EXPORT


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.SOIGNANT, Role.AUDITEUR, Role.ADMIN])
def test_other_roles_can_neither_export_nor_erase(client, person, role):
    client.force_login(UserFactory(role=role, organization=person.created_by_organization))
    assert client.get(reverse("rights:export_json", args=[person.pk])).status_code == 403
    assert client.post(reverse("rights:erase", args=[person.pk]), {"confirm": "yes"}).status_code == 403
    assert Person.objects.get(pk=person.pk).alias == "Bébert"
    assert not AccessEvent.objects.exists()


def test_erasure_empties_the_record_and_follows_the_merge(client, coordination, person):
    kept = PersonFactory(alias="Bébert le grand")
    person_merge(source=person, target=kept, by=coordination)
    response = client.post(reverse("rights:erase", args=[person.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    for record in Person.objects.filter(pk__in=[person.pk, kept.pk]):
        assert (record.alias, record.year_of_birth, record.matching_key[:5]) == ("", None, "anon-")
    assert AnonymisedPerson.objects.count() == 2
    assert not Consent.objects.exists()
    assert not HealthNote.objects.exists()
    assert AccessEvent.objects.get().action == AccessAction.ERASE
    page = client.get(reverse("rights:person_rights", args=[kept.pk]))
    assert any(paragraph.startswith("La fiche est effacée :") for paragraph in texts(page, "main p"))


def test_erasure_waits_for_the_end_of_a_stay_and_needs_confirmation(client, coordination, person):
    referral = ReferralFactory(person=person, accepted=True)
    stay_admit(person=person, structure=referral.to_structure, referral=referral, by=coordination)
    response = client.post(reverse("rights:erase", args=[person.pk]), {"confirm": "yes"}, follow=True)
    [error] = texts(response, "main .fr-alert--error p")
    assert "séjour en cours" in error
    response = client.post(reverse("rights:erase", args=[person.pk]), follow=True)
    [error] = texts(response, "main .fr-alert--error p")
    assert "Cochez la case de confirmation" in error
    assert Person.objects.get(pk=person.pk).alias == "Bébert"
    assert not AnonymisedPerson.objects.exists()


def test_the_person_page_links_to_the_rights_page_for_coordination_only(client, coordination, person):
    url = reverse("rights:person_rights", args=[person.pk])
    assert select(client.get(reverse("people:person_detail", args=[person.pk])), f'a[href="{url}"]')
    client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
    detail = client.get(reverse("people:person_detail", args=[person.pk]))
    assert detail.status_code == 200
    assert url not in detail.content.decode()  # neither as a link nor anywhere else
