"""The national generator at a small scale: seeded, idempotent, and its live rows equal to its history."""

import pytest
from django.core.management import call_command

from relais.people.models import Person
from relais.stays.models import Stay
from relais.structures.live import availability_drift
from relais.structures.models import Place, PlaceServicePeriod, Structure, StructureAvailability

pytestmark = pytest.mark.django_db(transaction=True)


def _counts():
    return (
        Structure.objects.count(),
        Place.objects.count(),
        PlaceServicePeriod.objects.count(),
        Person.objects.count(),
        Stay.objects.count(),
        Stay.objects.open().count(),
        sorted(StructureAvailability.objects.values_list("places_open", "occupied", "free")),
    )


def test_generate_national_is_seeded_idempotent_and_without_drift(settings):
    settings.RELAIS_DEMO = True
    call_command("generate_national", "--scale", "0.002", stdout=None)
    first = _counts()
    structures, places, periods, persons, stays, open_stays, _ = first
    assert (structures, places, persons, stays) == (10, 400, 2000, 3000)
    assert periods > places  # closed spans, then back in service
    assert 0 < open_stays < places
    assert availability_drift() == []
    call_command("generate_national", "--scale", "0.002", stdout=None)
    assert _counts() == first
    assert availability_drift() == []
