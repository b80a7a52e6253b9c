"""Each indicator against a hand-built fixture whose right answer is known, now and as of past dates."""

import datetime

import pytest
from django.utils import timezone

from relais.indicators import registry
from relais.indicators.registry import UnsupportedDimension, end_of
from relais.structures.enums import AvailabilityMode, StructureKind, StructureStatus
from relais.structures.models import FreshnessRule, OccupancyDeclaration, Place, PlaceServicePeriod
from tests.factories import CapacityTargetFactory, OrganizationFactory, ProgrammeFactory, StructureFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def rows(code, as_of, by=(), where=None):
    return registry.get(code).rows(as_of=as_of, by=by, where=where)


def total(code, as_of, where=None):
    return registry.get(code).total(as_of=as_of, where=where)


def _hotel(structure, hotel, rooms, start, end=None):
    for n in range(rooms):
        place = Place.objects.create(structure=structure, label=f"Chambre {n}", location_label=hotel)
        PlaceServicePeriod.objects.create(place=place, start=start, end=end)


@pytest.fixture
def world():
    """Two programmes, hotels opening and closing, a rest space, a closed unit and a planned one.

    On 1 Jan 2022: ASSORE 20 rooms in 2 hotels (target 30 since 1 Dec 2021), PHASE 5 rooms in 1 hotel
    (target 10), the night space 8 seats: 33 places. On 1 Mar 2022 a third ASSORE hotel opens (+10) and
    the first closes on 1 Apr 2022 (-10); the ASSORE target becomes 50 on 1 Mar 2022.
    """
    horizon, phare = OrganizationFactory(short_name="Horizon"), OrganizationFactory(short_name="Phare")
    assore = ProgrammeFactory(code="assore", name="ASSORE", operator=horizon)
    phase = ProgrammeFactory(code="phase", name="PHASE", operator=phare)
    CapacityTargetFactory(programme=assore, effective_on=D(2021, 1, 1), places=20)
    CapacityTargetFactory(programme=assore, effective_on=D(2021, 12, 1), places=30)
    CapacityTargetFactory(programme=assore, effective_on=D(2022, 3, 1), places=50)
    CapacityTargetFactory(programme=phase, effective_on=D(2021, 6, 1), places=10)
    a = StructureFactory(
        kind=StructureKind.HOTEL, programme=assore, operator=horizon, cog="75119", opened_on=D(2021, 1, 1)
    )
    p = StructureFactory(
        kind=StructureKind.HOTEL, programme=phase, operator=phare, cog="75120", opened_on=D(2021, 6, 1)
    )
    _hotel(a, "Hôtel Alpha", 10, D(2021, 1, 1), D(2022, 4, 1))
    _hotel(a, "Hôtel Bravo", 10, D(2021, 6, 1))
    _hotel(a, "Hôtel Charlie", 10, D(2022, 3, 1))
    _hotel(p, "Hôtel Delta", 5, D(2021, 6, 1))
    night = StructureFactory(
        kind=StructureKind.REST_NIGHT,
        operator=phare,
        cog="75119",
        opened_on=D(2021, 9, 1),
        places=8,
        places__since=D(2021, 9, 1),
    )
    StructureFactory(
        kind=StructureKind.ONSITE_CARE,
        operator=horizon,
        cog="75118",
        opened_on=D(2020, 1, 1),
        closed_on=D(2021, 12, 1),
        status=StructureStatus.CLOSED,
    )
    StructureFactory(
        kind=StructureKind.LHSS, operator=horizon, cog="75110", opened_on=None, status=StructureStatus.PLANNED
    )
    declarer = UserFactory(operateur_of=phare)
    for structure, occupied, when in (
        (night, 6, at(D(2022, 1, 1), 9)),
        (night, 7, at(D(2022, 1, 3), 9)),
        (p, 4, at(D(2022, 1, 2), 9)),
    ):
        OccupancyDeclaration.objects.create(
            structure=structure, occupied=occupied, declared_at=when, declared_by=declarer, organization=phare
        )
    return {"assore": a, "phase": p, "night": night, "horizon": horizon, "phare": phare}


def test_places_open_by_kind_and_programme(world):
    as_of = end_of(D(2022, 1, 1))
    assert total("places_open", as_of) == 33
    assert rows("places_open", as_of, by=["kind"]) == [
        {"kind": "hotel", "value": 25},
        {"kind": "rest_night", "value": 8},
    ]
    assert rows("places_open", as_of, by=["programme"]) == [
        {"programme": None, "value": 8},
        {"programme": "assore", "value": 20},
        {"programme": "phase", "value": 5},
    ]
    assert total("places_open", as_of, where={"arrondissement": "75119"}) == 28
    assert total("places_open", as_of, where={"organization": world["phare"].pk}) == 13


def test_places_open_and_target_as_of_across_a_capacity_change(world):
    assore = {"programme": "assore"}
    figures = [
        (day, total("places_open", end_of(day), assore), total("capacity_target", end_of(day), assore))
        for day in (D(2021, 11, 30), D(2022, 2, 28), D(2022, 3, 1), D(2022, 3, 31), D(2022, 4, 1))
    ]
    assert figures == [
        (D(2021, 11, 30), 20, 20),
        (D(2022, 2, 28), 20, 30),
        (D(2022, 3, 1), 30, 50),  # the third hotel and the new target the same day
        (D(2022, 3, 31), 30, 50),
        (D(2022, 4, 1), 20, 50),  # the first hotel closed: its end date is exclusive
    ]
    assert total("capacity_target", end_of(D(2020, 12, 31)), assore) == 0


def test_a_retroactive_target_is_not_known_before_its_decision(world):
    programme = world["assore"].programme
    CapacityTargetFactory(programme=programme, effective_on=D(2022, 1, 1), places=40, decided_on=D(2022, 1, 20))
    assore = {"programme": "assore"}
    assert total("capacity_target", end_of(D(2022, 1, 10)), assore) == 30  # what was known on 10 January
    assert total("capacity_target", end_of(D(2022, 1, 20)), assore) == 40
    assert rows("target_attainment", end_of(D(2022, 3, 1)), by=["programme"]) == [
        {"programme": "assore", "value": 60.0},
        {"programme": "phase", "value": 50.0},
    ]
    assert total("target_attainment", end_of(D(2022, 3, 1))) == 58.3  # 35 / 60


def test_hotels_in_use(world):
    assert rows("hotels_in_use", end_of(D(2022, 3, 15)), by=["programme"]) == [
        {"programme": "assore", "value": 3},
        {"programme": "phase", "value": 1},
    ]
    assert total("hotels_in_use", end_of(D(2022, 4, 1)), {"programme": "assore"}) == 2
    assert total("hotels_in_use", end_of(D(2020, 12, 31))) == 0


def test_structures_open_by_kind_and_arrondissement(world):
    assert total("structures_open", end_of(D(2021, 10, 1))) == 4  # both hotels, the night space, the unit
    assert total("structures_open", end_of(D(2022, 1, 1))) == 3  # the unit closed on 1 Dec, the LHSS is planned
    assert rows("structures_open", end_of(D(2022, 1, 1)), by=["arrondissement"]) == [
        {"arrondissement": "75119", "value": 2},
        {"arrondissement": "75120", "value": 1},
    ]
    assert rows("structures_open", end_of(D(2021, 7, 1)), by=["kind"]) == [
        {"kind": "hotel", "value": 2},
        {"kind": "onsite_care", "value": 1},
    ]


def test_declared_figures_as_known_at_the_time(world):
    night = world["night"]
    # Morning of 2 Jan: the night space's 6 of 1 Jan, PHASE's 4 declared at 9:00 that day.
    assert rows("places_occupied", at(D(2022, 1, 2), 8), by=["structure"]) == [{"structure": night.pk, "value": 6}]
    assert total("places_occupied", at(D(2022, 1, 2), 10)) == 10
    assert total("places_occupied", at(D(2022, 1, 4))) == 11  # 7 + 4
    assert total("places_free", at(D(2022, 1, 4))) == 2  # (8 - 7) + (5 - 4): ASSORE never declared
    assert rows("places_free", at(D(2022, 1, 4)), by=["kind"]) == [
        {"kind": "hotel", "value": 1},
        {"kind": "rest_night", "value": 1},
    ]
    assert total("occupancy_rate", at(D(2022, 1, 4))) == 84.6  # 11 / 13
    assert rows("occupancy_rate", at(D(2022, 1, 4)), by=["structure"]) == [
        {"structure": world["phase"].pk, "value": 80.0},
        {"structure": night.pk, "value": 87.5},
    ]
    assert total("places_occupied", at(D(2021, 12, 31))) == 0
    assert total("occupancy_rate", at(D(2021, 12, 31))) is None


def test_stale_figures_as_of(world):
    # 3 Jan noon: the night space (24 h limit) declared 3 Jan 9:00 is fresh; PHASE (hotel, 72 h) declared
    # 2 Jan 9:00 is fresh; ASSORE never declared: 1 stale.
    assert total("stale_figures", at(D(2022, 1, 3))) == 1
    # 4 Jan noon: the night space's figure is 27 h old.
    assert rows("stale_figures", at(D(2022, 1, 4)), by=["kind"]) == [
        {"kind": "hotel", "value": 1},
        {"kind": "rest_night", "value": 1},
    ]
    FreshnessRule.objects.create(kind=StructureKind.HOTEL, hours=12)
    assert total("stale_figures", at(D(2022, 1, 3))) == 2  # PHASE's figure is 27 h old


def test_computed_mode_structures_are_not_declared_figures(world):
    night = world["night"]
    night.availability_mode = AvailabilityMode.COMPUTED
    night.save()
    assert total("places_occupied", at(D(2022, 1, 4))) == 4
    assert total("stale_figures", at(D(2022, 1, 4))) == 1


def test_catalogue_metadata_and_unsupported_breakdowns():
    places = registry.get("places_open")
    assert places.disaggregations == (
        "kind",
        "programme",
        "dispositif",
        "structure",
        "arrondissement",
        "organization",
        "period",
    )
    assert not places.person_derived
    assert registry.get("places_occupied").person_derived
    with pytest.raises(UnsupportedDimension):
        registry.get("capacity_target").rows(as_of=timezone.now(), by=["kind"])
    with pytest.raises(KeyError):
        registry.get("no_such_indicator")
    for indicator in registry.INDICATORS.values():
        assert indicator.label and indicator.definition and indicator.source


def test_series_gives_the_figure_on_each_day(world):
    days = [D(2022, 2, 1), D(2022, 3, 1), D(2022, 4, 1)]
    assert registry.get("places_open").series(days, where={"programme": "assore"}) == list(
        zip(days, [20, 30, 20], strict=True)
    )
