"""Figures that contradict each other stop the report before anything is frozen, with a French message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.reports.checks import consistency_errors
from relais.reports.models import SituationReport
from relais.stays.enums import ExitDestination
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.models import OccupancyDeclaration, Place, PlaceServicePeriod
from relais.users.enums import Role
from tests.factories import ProgrammeFactory, StructureFactory, UserFactory
from tests.helpers import messages_of
from tests.people.factories import StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MEETING = D(2021, 9, 30)
OPENED = D(2021, 1, 1)


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _hotel(programme, rooms, *, start=OPENED, end=None):
    structure = StructureFactory(
        kind=StructureKind.HOTEL, programme=programme, availability_mode=AvailabilityMode.COMPUTED
    )
    for n in range(rooms):
        place = Place.objects.create(structure=structure, label=f"Chambre {n}", location_label="Hôtel du Canal")
        PlaceServicePeriod.objects.create(place=place, start=start, end=end)
    return structure


def _generate(client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    return client.post(reverse("reports:generate"), {"meeting_date": MEETING.isoformat()}, follow=True)


def test_consistent_figures_pass():
    group = ProgrammeFactory(code="hebergement", name="Hébergement accompagné")
    hotel = _hotel(ProgrammeFactory(code="assore", group=group), 2)
    StayFactory(structure=hotel, admitted_at=at(D(2021, 9, 1)), exited_at=at(D(2021, 10, 5)), exit_destination="street")
    assert consistency_errors(at(MEETING, 23)) == []


def test_more_persons_housed_than_places_open_stops_the_report(client):
    """Two rooms closed in August while their guests' stays run on to October: 2 housed for 1 open."""
    group = ProgrammeFactory(code="hebergement", name="Hébergement accompagné")
    hotel = _hotel(ProgrammeFactory(code="assore", group=group), 2, end=D(2021, 8, 1))
    Place.objects.create(structure=hotel, label="Chambre 9", location_label="Hôtel du Canal")
    PlaceServicePeriod.objects.create(place=hotel.places.get(label="Chambre 9"), start=D(2021, 1, 1))
    for _ in range(2):
        StayFactory(
            structure=hotel,
            admitted_at=at(D(2021, 7, 1)),
            exited_at=at(D(2021, 10, 5)),
            exit_destination=ExitDestination.STREET,
        )
    response = _generate(client)
    assert messages_of(response) == [
        f"Incohérence au 30 septembre 2021 : « {hotel.name} » compte 2 places occupées pour 1 places ouvertes "
        "(places libres et occupées ne font plus le total des places ouvertes). Corrigez la déclaration "
        "d'occupation ou les séjours, ou les périodes de service des places, avant de figer le point de situation.",
        "Incohérence au 30 septembre 2021 : le dispositif « Hébergement accompagné » compte 2 personnes hébergées "
        "pour 1 places ouvertes. Vérifiez les séjours et les périodes de service des places avant de figer le "
        "point de situation.",
    ]
    assert not SituationReport.objects.exists()


def test_a_declared_occupancy_above_the_places_open_stops_the_report(client):
    rest = StructureFactory(kind=StructureKind.REST_NIGHT, name="Espace de repos Rosa", places=5)
    OccupancyDeclaration.objects.create(
        structure=rest,
        occupied=7,
        declared_at=at(MEETING, 9),
        declared_by=UserFactory(operateur_of=rest.operator),
        organization=rest.operator,
    )
    response = _generate(client)
    assert messages_of(response)[0].startswith(
        "Incohérence au 30 septembre 2021 : « Espace de repos Rosa » compte 7 places occupées pour 5 places ouvertes"
    )
    assert not SituationReport.objects.exists()
