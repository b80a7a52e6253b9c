"""Persons waiting for a place: an open referral to a kind of place, sent `days` ago."""

import datetime

from django.utils import timezone

from relais.structures.enums import StructureKind
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
