"""The allocation archive holds the waiting list as it was: a person whose record is erased (or anonymised
at the end of retention) leaves it; the others' lines, and every match, stay explainable."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relais.orientation.models import Allocation
from relais.orientation.services import allocation_propose
from relais.people.models import Person
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.retention.anonymise import persons_anonymise
from relais.retention.enums import AnonymisationReason
from relais.retention.rights import person_erase
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import select_one, text
from tests.orientation.factories import waiting_person
from tests.people.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    StructureFactory(kind=StructureKind.HOTEL, places=2, availability_mode=AvailabilityMode.COMPUTED)
    erased = waiting_person(days=30, alias="Mado")
    ContactFactory(person=erased, latitude=48.8932, longitude=2.3712)  # where the person was last met
    kept = waiting_person(days=2)
    coordination = UserFactory(role=Role.COORDINATION)
    allocation = allocation_propose(persons=Person.objects.all(), by=coordination)
    assert {p["code"] for p in allocation.persons} == {erased.display_code, kept.display_code}
    assert 48.8932 in [p["lat"] for p in allocation.persons]
    return allocation, erased, kept, coordination


def _line(allocation, code):
    return next(p for p in allocation.persons if p["code"] == code)


def test_erasure_removes_the_person_from_every_archived_allocation(client, archive):
    allocation, erased, kept, coordination = archive
    kept_line = _line(allocation, kept.display_code)
    index = allocation.persons.index(_line(allocation, erased.display_code))
    with pytest.raises(ValidationError):
        person_erase(erased)  # still waiting: the open referral goes first
    Referral.objects.filter(person=erased).update(status=ReferralStatus.CANCELLED)
    person_erase(erased)
    allocation.refresh_from_db()
    line = allocation.persons[index]
    assert line["id"] is None and line["code"] == "Personne effacée" and line["reasons"] == []
    assert (line["lat"], line["lon"]) == (None, None) and not any(line["needs"].values())
    assert str(erased.pk) not in str(allocation.persons) and erased.display_code not in str(allocation.persons)
    match = next(m for m in allocation.matches if m["person"] == index)
    assert match.get("distance_km") is None  # a distance to a place would say where the person was met
    assert _line(allocation, kept.display_code) == kept_line  # the others' lines are untouched
    client.force_login(coordination)
    page = client.get(reverse("orientation:allocation_detail", args=[allocation.pk]))
    assert "Personne effacée" in text(select_one(page, "[data-testid=matches]"))


def test_anonymisation_at_the_end_of_retention_also_leaves_the_archive(archive):
    allocation, erased, kept, _ = archive
    persons_anonymise([erased.pk], reason=AnonymisationReason.RETENTION, on=erased.created_at.date())
    allocation.refresh_from_db()
    assert erased.display_code not in str(Allocation.objects.get(pk=allocation.pk).persons)
    assert kept.display_code in str(allocation.persons)
