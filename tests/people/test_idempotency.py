"""The same submission arriving several times at once (an outbox replaying while the first answer was
lost): one encounter, one new person, one referral; every copy gets the first result. On SQLite and
PostgreSQL, each thread with its own connection."""

import uuid

import pytest

from relais.people.models import Contact, Person
from relais.people.services import PersonData, contact_record
from relais.referrals.models import Referral
from relais.referrals.services import referral_send
from relais.structures.enums import AvailabilityMode
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory
from tests.stays.test_concurrency import _run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)
COPIES = 8


def test_an_encounter_with_a_new_person_sent_at_once_many_times_is_recorded_once():
    user = UserFactory(role=Role.MARAUDE)
    key = uuid.uuid4()

    def send(_):
        return contact_record(
            by=user, location_label="Jardins d'Éole", new_person=PersonData(alias="Zaza"), idempotency_key=key
        )

    results = _run_concurrently(send, COPIES)

    assert all(isinstance(r, Contact) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    assert Contact.objects.count() == 1 and Person.objects.count() == 1


def test_a_referral_sent_at_once_many_times_is_recorded_once():
    person = PersonFactory(consented=True)
    user = UserFactory(role=Role.MARAUDE, organization=person.created_by_organization)
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED)
    key = uuid.uuid4()

    results = _run_concurrently(
        lambda _: referral_send(person=person, by=user, to_structure=structure, idempotency_key=key), COPIES
    )

    assert all(isinstance(r, Referral) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Referral.objects.count() == 1 and Referral.objects.get().transitions.count() == 1
