"""Persons waiting for a place: an open referral to a kind of place, sent `days` ago; or a wait for a
place put on the list `days` ago; a soignant's vulnerability flag; a hotel with a history of stays for the
capacity plan."""

import datetime

from django.utils import timezone

from relais.orientation.models import PlaceWait, VulnerabilityFlag
from relais.stays.models import Stay
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory, ReferralFactory


def waiting_person(days=0, kind=StructureKind.HOTEL, **person):
    person = PersonFactory(consented=True, **person)
    ReferralFactory(
        person=person,
        to_structure=None,
        to_kind=kind,
        sent_at=timezone.now() - datetime.timedelta(days=days),
    )
    return person


def on_the_list(days=0, kind=StructureKind.HOTEL, **person):
    """Waiting for a kind of place without a referral, put on the list by a maraude of the person's organisation."""
    person = PersonFactory(consented=True, **person)
    PlaceWait.objects.create(
        person=person,
        kind=kind,
        since=timezone.now() - datetime.timedelta(days=days),
        organization=person.created_by_organization,
        created_by=person.created_by,
    )
    return person


def flagged(person, reason="", days=0):
    """Flagged vulnerable by a soignant of the person's organisation, `days` ago."""
    soignant = UserFactory(role=Role.SOIGNANT, organization=person.created_by_organization)
    return VulnerabilityFlag.objects.create(
        person=person,
        reason=reason,
        organization=soignant.organization,
        flagged_by=soignant,
        flagged_at=timezone.now() - datetime.timedelta(days=days),
    )


def hotel_with_stays(*, housed_since: datetime.datetime):
    """A hotel of 30 places (computed mode): fourteen stays ended 30 days ago after 30 days, three of them
    back on the street; three persons housed since `housed_since`. Returns the hotel and its operator."""
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=30, availability_mode="computed")
    operator = UserFactory(operateur_of=hotel.operator)
    now = timezone.now()
    for k in range(14):
        Stay.objects.create(
            person=PersonFactory(),
            structure=hotel,
            admitted_by=operator,
            admitted_at=now - datetime.timedelta(days=60),
            exited_at=now - datetime.timedelta(days=30),
            exit_destination="street" if k < 3 else "housing",
        )
    for _ in range(3):
        Stay.objects.create(person=PersonFactory(), structure=hotel, admitted_by=operator, admitted_at=housed_since)
    return hotel, operator
