"""A dispositif groups programmes (ASSORE + PHASE): its own targets, its members' places, nothing counted twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from relais.indicators import registry
from relais.indicators.registry import end_of
from relais.structures.capacity import targets_series
from relais.structures.enums import StructureKind
from relais.structures.models import CapacityTarget, Place, PlaceServicePeriod, Programme
from relais.users.enums import Role
from tests.factories import CapacityTargetFactory, ProgrammeFactory, StructureFactory, UserFactory
from tests.helpers import select, select_one, text

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2021, 10, 1)
SINCE = D(2020, 1, 1)


def total(code, where=None, day=DAY):
    return registry.get(code).total(as_of=end_of(day), where=where)


def rows(code, by, day=DAY):
    return {r[by[0]]: r["value"] for r in registry.get(code).rows(as_of=end_of(day), by=by)}


def _rooms(programme, hotel, rooms, start=SINCE):
    structure = StructureFactory(kind=StructureKind.HOTEL, programme=programme)
    for n in range(rooms):
        place = Place.objects.create(structure=structure, label=f"Chambre {n}", location_label=hotel)
        PlaceServicePeriod.objects.create(place=place, start=start)


@pytest.fixture
def dispositif():
    group = ProgrammeFactory(code="hebergement", name="Hébergement accompagné")
    assore = ProgrammeFactory(code="assore", name="ASSORE", group=group)
    phase = ProgrammeFactory(code="phase", name="PHASE", group=group)
    winter = ProgrammeFactory(code="hiver", name="Plan hiver")
    _rooms(assore, "Hôtel A", 30)
    _rooms(assore, "Hôtel B", 10)
    _rooms(phase, "Hôtel C", 10)
    _rooms(winter, "Hôtel D", 5)
    CapacityTargetFactory(programme=group, effective_on=D(2018, 6, 1), places=6)
    CapacityTargetFactory(programme=group, effective_on=D(2019, 5, 27), places=20)
    CapacityTargetFactory(programme=phase, effective_on=D(2020, 1, 1), places=10)  # its own convention
    CapacityTargetFactory(programme=winter, effective_on=D(2020, 1, 1), places=5)
    return group


def test_places_of_the_dispositif_are_the_sum_of_its_programmes(dispositif):
    assert total("places_open", {"dispositif": "hebergement"}) == 50
    assert rows("places_open", ["programme"]) == {"assore": 40, "phase": 10, "hiver": 5}
    assert rows("places_open", ["dispositif"]) == {"hebergement": 50, "hiver": 5}
    assert total("hotels_in_use", {"dispositif": "hebergement"}) == 3
    assert total("hotels_in_use", {"programme": "phase"}) == 1


def test_the_dispositif_target_stands_for_its_members_and_is_not_counted_twice(dispositif):
    assert total("capacity_target", {"dispositif": "hebergement"}) == 20
    assert total("capacity_target") == 25  # 20 for the dispositif, 5 for the winter plan; PHASE's 10 not added
    assert total("target_attainment", {"dispositif": "hebergement"}) == 250.0
    assert targets_series(CapacityTarget.objects.all(), [D(2019, 1, 1), D(2019, 6, 1), DAY]) == [6, 20, 25]
    # Before the dispositif had a target of its own, its members' count.
    CapacityTarget.objects.filter(programme=dispositif).delete()
    assert total("capacity_target") == 15


def test_a_dispositif_cannot_be_nested_nor_its_own_group(dispositif):
    assore = Programme.objects.get(code="assore")
    dispositif.group = assore
    with pytest.raises(ValidationError):
        dispositif.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=assore.pk).update(group=assore)


def test_the_dispositif_page_shows_the_places_of_its_programmes(dispositif, client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("registry:programme_detail", args=["hebergement"]))
    assert text(select_one(response, ".fr-callout__title")) == "50 places ouvertes aujourd'hui"


def test_the_programme_list_counts_a_dispositif_by_its_programmes(dispositif, client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    rows = {
        text(row.select("td")[0]): [text(cell) for cell in row.select("td")[1:]]
        for row in select(client.get(reverse("registry:programme_list")), "tbody tr")
    }
    assert rows["Hébergement accompagné"][2:] == ["3", "50"] and rows["Hébergement accompagné"][0] == "—"
    assert rows["PHASE"][0] == "Hébergement accompagné" and rows["PHASE"][2:] == ["1", "10"]
