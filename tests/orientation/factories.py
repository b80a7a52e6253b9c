"""Persons waiting for a place: an open referral to a kind of place, sent `days` ago; or a wait for a
place put on the list `days` ago; a soignant's vulnerability flag."""

import datetime

from django.utils import timezone

from relais.orientation.models import PlaceWait, VulnerabilityFlag
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import UserFactory
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
