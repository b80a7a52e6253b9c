"""The occupancy the figures read (`catalogue.occupancy_by_structure`, three grouped queries) is the board's
one definition (`StructureQuerySet.with_availability`, one subquery per structure), structure by structure."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.indicators import registry
from relais.indicators.catalogue import occupancy_by_structure, occupancy_memo, open_on
from relais.structures.models import Structure

pytestmark = pytest.mark.django_db


def test_the_occupancy_of_each_structure_is_the_one_of_the_board_on_several_days(django_assert_num_queries):
    call_command("seed_demo", stdout=None)
    today = timezone.localdate()
    for back in (0, 1, 30, 200):
        as_of = registry.end_of(today - datetime.timedelta(days=back))
        day = timezone.localdate(as_of)
        expected = {
            row["pk"]: (row["occupied"], row["places_open"])
            for row in Structure.objects.filter(open_on(day))
            .with_availability(day, as_of=as_of)
            .values("pk", "occupied", "places_open")
        }
        with django_assert_num_queries(4):
            found = occupancy_by_structure(as_of)
        assert found == expected, back
        assert any(occupied for occupied, _ in found.values())


def test_a_fill_computes_each_moment_s_occupancy_once(django_assert_num_queries):
    call_command("seed_demo", stdout=None)
    as_of = registry.end_of(timezone.localdate())
    with occupancy_memo():
        occupancy_by_structure(as_of)
        with django_assert_num_queries(0):
            occupancy_by_structure(as_of)
