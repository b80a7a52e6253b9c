"""The benchmark's SQL floors answer the same question as the pages they are measured against."""

import datetime
import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from relais.demo.bench_urls import COUNT, TOTALS, floor_sql, freshness_params
from relais.structures.board_sql import BoardRows, BoardSelection
from relais.structures.enums import StructureKind
from relais.structures.live import availability_refresh
from relais.structures.models import OccupancyDeclaration
from tests.factories import StructureFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL's SQL"),
]


def _one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def test_the_board_floor_gives_the_board_totals():
    StructureFactory(places=12, occupied=11)
    StructureFactory(places=5, occupied=9)  # more declared than open: no negative free place
    StructureFactory(places=5)  # never declared: stale
    old = StructureFactory(kind=StructureKind.LHSS, places=8, occupied=2)
    OccupancyDeclaration.objects.filter(structure=old).update(declared_at=timezone.now() - datetime.timedelta(days=30))
    StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    StructureFactory(places=4, status="closed")
    availability_refresh(structures=[old])
    totals = BoardRows(BoardSelection()).totals()
    assert _one(TOTALS, freshness_params()) == (totals["structures"], totals["open"], totals["free"], totals["stale"])
    assert _one(COUNT) == (totals["structures"],)


def test_the_board_floor_answers_a_page_and_its_totals():
    for n in range(3):
        StructureFactory(places=10, occupied=n)
    body = json.loads(floor_sql(RequestFactory().get("/"), "board").content)
    assert len(body["results"]) == 3
    assert body["totals"][:3] == [3, 30, 27]
