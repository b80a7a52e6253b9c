"""Admissions and exits move the live row by one stay (`availability_step`) instead of recomputing it:
after random sequences of every operation that touches a structure's availability, the rows stored are
those the history gives (`availability_drift`, the recomputation `check_availability` runs)."""

import contextlib
import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relais.people.enums import Sex
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.stays.services import stay_admit, stay_exit, stay_transfer
from relais.structures.enums import AvailabilityMode, PlaceAttribute, StructureKind
from relais.structures.live import availability_drift, compute_availability
from relais.structures.models import Place, StructureAvailability
from relais.structures.services import occupancy_declare, place_set_service, place_update, structure_update
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _network():
    computed = [
        StructureFactory(kind=StructureKind.LHSS, places=5, availability_mode=AvailabilityMode.COMPUTED)
        for _ in range(2)
    ]
    declared = StructureFactory(places=4, occupied=1)
    return [*computed, declared]


def _step(rng: random.Random, structures, user, persons) -> None:
    """One operation picked at random; a refusal (no place, place taken, already exited) changes nothing."""
    today = timezone.localdate()
    structure = rng.choice(structures)
    structure.refresh_from_db()
    open_stays = list(Stay.objects.open().filter(structure__in=structures))
    places = list(Place.objects.filter(structure=structure))
    action = rng.choice(["admit", "admit", "admit_place", "exit", "exit", "transfer", "attribute", "service", "mode"])
    if action == "admit":
        stay_admit(person=rng.choice(persons), structure=structure, by=user)
    elif action == "admit_place":
        stay_admit(person=rng.choice(persons), structure=structure, by=user, place=rng.choice(places))
    elif action == "exit" and open_stays:
        stay_exit(stay=rng.choice(open_stays), by=user, destination=ExitDestination.HOUSING)
    elif action == "transfer" and open_stays:
        stay = rng.choice(open_stays)
        others = [s for s in structures if s.pk != stay.structure_id]
        stay_transfer(stay=stay, to_structure=rng.choice(others), by=user)
    elif action == "attribute":
        place_update(place=rng.choice(places), data={rng.choice(PlaceAttribute.values): rng.random() < 0.5})
    elif action == "service":
        place = rng.choice(places)
        in_service = Place.objects.filter(pk=place.pk).in_service_on(today).exists()
        place_set_service(place=place, in_service=not in_service, on=today)
    elif action == "mode":
        modes = [AvailabilityMode.COMPUTED, AvailabilityMode.DECLARED]
        structure_update(structure=structure, data={"availability_mode": rng.choice(modes)})
        if structure.availability_mode == AvailabilityMode.DECLARED and rng.random() < 0.5:
            occupancy_declare(structure=structure, occupied=0, by=user)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rows_moved_by_steps_equal_the_rows_recomputed_from_the_history(seed):
    rng = random.Random(seed)
    structures = _network()
    user = UserFactory(operateur_of=structures[0].operator)
    persons = [PersonFactory(sex=rng.choice([Sex.MALE, Sex.FEMALE])) for _ in range(12)]
    for _ in range(60):
        # A refusal is whole: nothing written, the rows still follow the history.
        with contextlib.suppress(ValidationError):
            _step(rng, structures, user, persons)
        assert availability_drift(structures=structures) == []
    stays = Stay.objects.filter(structure__in=structures)
    assert stays.count() >= 5 and stays.filter(exited_at__isnull=False).count() >= 2  # steps both ways were taken


def test_a_row_of_another_day_is_recomputed_rather_than_moved():
    structure = StructureFactory(kind=StructureKind.LHSS, places=3, availability_mode=AvailabilityMode.COMPUTED)
    user = UserFactory(operateur_of=structure.operator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # The roll-over has not run: the row still tells yesterday's figures, a wrong occupancy among them.
    StructureAvailability.objects.filter(structure=structure).update(day=yesterday, occupied=2, free=1)
    stay_admit(person=PersonFactory(), structure=structure, by=user)
    row = StructureAvailability.objects.get(structure=structure)
    assert (row.day, row.occupied, row.free) == (timezone.localdate(), 1, 2)
    assert availability_drift(structures=[structure]) == []


def test_steps_count_the_attributes_of_the_place_taken_and_left():
    structure = StructureFactory(kind=StructureKind.LHSS, places=2, availability_mode=AvailabilityMode.COMPUTED)
    user = UserFactory(operateur_of=structure.operator)
    pets = Place.objects.filter(structure=structure).first()
    place_update(place=pets, data={"pets": True})
    stay = stay_admit(person=PersonFactory(), structure=structure, by=user, place=pets)
    row = StructureAvailability.objects.get(structure=structure)
    assert (row.occupied, row.free, row.occupied_pets, row.free_pets, row.occupied_couple) == (1, 1, 1, 0, 0)
    stay_exit(stay=stay, by=user, destination=ExitDestination.HOUSING)
    row = StructureAvailability.objects.get(structure=structure)
    assert (row.occupied, row.free, row.occupied_pets, row.free_pets) == (0, 2, 0, 1)
    (recomputed,) = compute_availability([structure.pk], timezone.localdate())
    assert recomputed.occupied_pets == 0
