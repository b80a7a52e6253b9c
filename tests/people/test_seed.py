"""The demo data: realistic, every state present, idempotent."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from relais.people.models import Contact, Person
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.models import Structure

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Person.objects.count(),
        Contact.objects.count(),
        Stay.objects.count(),
        Stay.objects.open().count(),
        dict(Referral.objects.values_list("status").annotate(n=Count("pk")).order_by()),
    )


def test_seed_demo_is_realistic_and_idempotent(settings):
    settings.RELAIS_DEMO = True
    call_command("seed_demo", stdout=None)
    first = _snapshot()
    persons, _, stays, open_stays, by_status = first
    assert 1400 <= persons <= 1600
    assert stays > open_stays > 100
    assert set(by_status) == set(ReferralStatus.values)
    hotels = list(
        Structure.objects.operating()
        .filter(kind=StructureKind.HOTEL, availability_mode=AvailabilityMode.COMPUTED)
        .with_availability(timezone.localdate())
        .filter(places_open__gt=0)
    )
    assert hotels
    occupied = sum(h.occupied for h in hotels)
    places = sum(h.places_open for h in hotels)
    assert 0.85 <= occupied / places <= 0.95
    assert Stay.objects.exclude(exit_destination="").values("exit_destination").distinct().count() >= 8
    call_command("seed_demo", stdout=None)
    assert _snapshot() == first
