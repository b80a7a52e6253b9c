"""The live availability rows: kept equal to the history by every service, rolled over each night,
checked by `check_availability`; the board and the API read them with a fixed number of queries."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.stays.enums import ExitDestination
from relais.stays.services import stay_admit, stay_exit, stay_transfer
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.live import availability_drift, availability_rollover
from relais.structures.models import OccupancyDeclaration, Place, StructureAvailability
from relais.structures.services import (
    occupancy_declare,
    place_set_service,
    place_update,
    places_add,
    structure_update,
)
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def live(structure) -> StructureAvailability:
    return StructureAvailability.objects.get(structure=structure)


def test_every_service_keeps_the_row_equal_to_the_history():
    today = timezone.localdate()
    declared = StructureFactory(places=4)
    computed = StructureFactory(kind=StructureKind.LHSS, places=3, availability_mode=AvailabilityMode.COMPUTED)
    other = StructureFactory(kind=StructureKind.LAM, places=2, availability_mode=AvailabilityMode.COMPUTED)
    operator = UserFactory(operateur_of=declared.operator)
    assert (live(declared).places_open, live(declared).occupied, live(declared).free) == (4, None, None)
    occupancy_declare(structure=declared, occupied=3, by=operator)
    assert (live(declared).occupied, live(declared).free, live(declared).declared_by_name) == (3, 1, operator.username)
    places_add(structure=declared, count=2, kind="bed", label_prefix="Lit", in_service_from=today)
    assert (live(declared).places_open, live(declared).free) == (6, 3)
    place_set_service(place=Place.objects.filter(structure=declared).first(), in_service=False, on=today)
    assert live(declared).places_open == 5
    place_update(place=Place.objects.filter(structure=computed).first(), data={"pets": True})
    assert (live(computed).open_pets, live(computed).free_pets) == (1, 1)
    admitted = [stay_admit(person=PersonFactory(), structure=computed, by=operator) for _ in range(2)]
    assert (live(computed).occupied, live(computed).free) == (2, 1)
    stay_exit(stay=admitted[0], by=operator, destination=ExitDestination.HOUSING)
    assert live(computed).occupied == 1
    stay_transfer(stay=admitted[1], to_structure=other, by=operator)
    assert (live(computed).occupied, live(other).occupied, live(other).free) == (0, 1, 1)
    structure_update(structure=declared, data={"availability_mode": AvailabilityMode.COMPUTED})
    assert (live(declared).occupied, live(declared).free) == (0, 5)
    assert availability_drift() == []


def test_a_failed_admission_leaves_the_row_as_it_was():
    computed = StructureFactory(places=1, availability_mode=AvailabilityMode.COMPUTED)
    operator = UserFactory(operateur_of=computed.operator)
    stay_admit(person=PersonFactory(), structure=computed, by=operator)
    with pytest.raises(Exception):  # noqa: B017 - no place left
        stay_admit(person=PersonFactory(), structure=computed, by=operator)
    assert (live(computed).occupied, live(computed).free) == (1, 0)
    assert availability_drift() == []


def test_check_command_reports_drift_and_repairs_it(capsys):
    structure = StructureFactory(places=5, occupied=2)
    call_command("check_availability")
    assert "Écarts : 0 (dans 0 structure(s) sur 1 vérifiée(s))." in capsys.readouterr().out
    # Written behind the services' back: the row no longer says what the history says.
    OccupancyDeclaration.objects.create(
        structure=structure, occupied=4, declared_by=UserFactory(), organization=structure.operator
    )
    StructureAvailability.objects.filter(structure=StructureFactory(places=1)).delete()
    with pytest.raises(CommandError):
        call_command("check_availability")
    out = capsys.readouterr().out
    assert f"structure {structure.pk} : occupied = 2, attendu 4" in out
    assert "row = None, attendu 'missing'" in out
    # occupied, free, declared_at, declared_by, missing row
    assert "Écarts : 5 (dans 2 structure(s) sur 2 vérifiée(s))." in out
    call_command("check_availability", "--repair")
    assert "Après réécriture, écarts : 0." in capsys.readouterr().out
    assert live(structure).occupied == 4


def test_nightly_rollover_counts_the_periods_that_start_or_end():
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    structure = StructureFactory(places=3)
    places_add(structure=structure, count=2, kind="bed", label_prefix="Renfort", in_service_from=tomorrow)
    place_set_service(place=Place.objects.get(structure=structure, label="Lit 1"), in_service=False, on=tomorrow)
    assert live(structure).places_open == 3
    assert availability_drift(day=tomorrow) != []
    availability_rollover(day=tomorrow)
    assert (live(structure).day, live(structure).places_open) == (tomorrow, 4)
    assert availability_drift(day=tomorrow) == []


def _grow(n):
    for i in range(n):
        kind = StructureKind.LHSS if i % 2 else StructureKind.REST_NIGHT
        mode = AvailabilityMode.COMPUTED if i % 2 else AvailabilityMode.DECLARED
        StructureFactory(kind=kind, availability_mode=mode, places=3, occupied=None if i % 2 else 1)


@pytest.mark.parametrize(
    "url",
    [
        reverse("board:index"),
        reverse("board:index") + "?type=lhss&lat=48.88&lon=2.38&caracteristique=pets",
        "/api/v1/availability/",
        "/api/v1/availability/?type=lhss&lat=48.88&lon=2.38",
    ],
)
def test_find_a_place_runs_a_fixed_number_of_queries(client, url, django_assert_num_queries):
    _grow(2)
    client.force_login(UserFactory(role=Role.COORDINATION))
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(8)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_mode_changed_in_the_administration_moves_the_row(rf):
    from django.contrib.admin.sites import site

    from relais.structures.admin import StructureAdmin
    from relais.structures.models import Structure

    structure = StructureFactory(places=2, occupied=1)
    structure.availability_mode = AvailabilityMode.COMPUTED
    StructureAdmin(Structure, site).save_model(rf.post("/"), structure, form=None, change=True)
    assert (live(structure).occupied, live(structure).free) == (0, 2)
    assert availability_drift() == []
