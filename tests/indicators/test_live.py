"""The live figures a measure target names by code, computed in SQL from the registry."""

import datetime

import pytest

from relais.indicators.live import LIVE_VALUES, indicator_label, live_values, register_live_value
from relais.indicators.publication import EXACT
from relais.structures.models import PlaceServicePeriod
from tests.factories import ProgrammeFactory, StructureFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 2, 1)


@pytest.fixture
def registry():
    assore = StructureFactory(kind="hotel", programme=ProgrammeFactory(code="assore"), places=6)
    StructureFactory(kind="hotel", programme=ProgrammeFactory(code="phase"), places=2)
    StructureFactory(kind="rest_day", places=3)
    StructureFactory(kind="rest_night", places=4)
    StructureFactory(kind="lhss", places=5)
    # Two ASSORE places closed before DAY, one opened after: neither counts on DAY.
    periods = PlaceServicePeriod.objects.filter(place__structure=assore).order_by("pk")
    for period in periods[:2]:
        period.end = datetime.date(2021, 1, 1)
        period.save()
    last = periods.last()
    last.start = datetime.date(2023, 1, 1)
    last.save()


def test_places_open_by_programme_and_kind(registry, django_assert_num_queries):
    codes = [
        "places_open_programmes",
        "places_open_assore",
        "places_open_phase",
        "places_open_rest",
        "places_open_lhss",
        "places_open_medical",
        "places_open_total",
        "places_open_caarud",
    ]
    with django_assert_num_queries(1):
        values = live_values(codes, DAY, publisher=EXACT)
    assert values == {
        "places_open_programmes": 5,
        "places_open_assore": 3,
        "places_open_phase": 2,
        "places_open_rest": 7,
        "places_open_lhss": 5,
        "places_open_medical": 5,
        "places_open_total": 17,
        "places_open_caarud": 0,
    }
    assert LIVE_VALUES["places_open_programmes"](DAY) == 5


def test_unknown_codes_have_no_value_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert live_values(["people_housed_tonight"], DAY, publisher=EXACT) == {"people_housed_tonight": None}
    assert indicator_label("people_housed_tonight") == "people_housed_tonight"


def test_another_catalogue_plugs_its_codes_in(registry):
    register_live_value("test_people_housed", "Personnes hébergées", lambda as_of: 42, unit="personnes")
    try:
        assert live_values(["test_people_housed", "places_open_assore"], DAY, publisher=EXACT) == {
            "test_people_housed": 42,
            "places_open_assore": 3,
        }
        assert indicator_label("test_people_housed") == "Personnes hébergées"
    finally:
        from relais.indicators import live

        live.LIVE_VALUES.pop("test_people_housed")
        live.INDICATORS.pop("test_people_housed")
