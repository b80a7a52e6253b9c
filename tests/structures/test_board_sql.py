"""The board's hand-written reads give, for every filter, the rows, order and totals that the ORM's
definition of the board gives (the FilterSet's queryset, the live rows, `with_freshness`)."""

import datetime

import pytest
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.utils import timezone

from relais.structures.board import with_freshness
from relais.structures.board_sql import BoardRows, BoardSelection, board_row
from relais.structures.enums import AvailabilityMode, StructureKind, StructureStatus
from relais.structures.filters import AvailabilityFilter
from relais.structures.live import availability_refresh
from relais.structures.models import FreshnessRule, Place, Structure
from tests.factories import OrganizationFactory, ProgrammeFactory, StructureFactory

pytestmark = pytest.mark.django_db

COLUMNS = (
    "pk",
    "name",
    "kind",
    "cog",
    "operator_id",
    "availability_mode",
    "places_open",
    "occupied",
    "free",
    "declared_at",
    "declared_by_name",
    "declared_by_org",
    "stale",
    "freshness_hours",
)


def reference(data: dict, now) -> tuple[list[dict], dict]:
    """The board by the ORM: the FilterSet's queryset over the operating structures and their live figures."""
    structures = with_freshness(Structure.objects.operating().with_live_availability(), now)
    filters = AvailabilityFilter(data, queryset=structures)
    selected = filters.qs
    rows = list(selected.values(*COLUMNS))
    totals = selected.order_by().aggregate(
        t_open=Sum("places_open"),
        t_free=Sum(Case(When(free__gt=0, then=F("free")), default=Value(0))),
        t_stale=Count("pk", filter=Q(stale=True)),
        t_structures=Count("pk"),
    )
    return rows, {key.removeprefix("t_"): value or 0 for key, value in totals.items()}


@pytest.fixture
def network():
    now = timezone.now()
    FreshnessRule.objects.create(kind=StructureKind.LHSS, hours=6)
    assore = ProgrammeFactory(code="assore")
    short = OrganizationFactory(short_name="Court")
    StructureFactory(name="Fraîche", kind=StructureKind.LHSS, places=4, occupied=1, latitude=48.88, longitude=2.37)
    StructureFactory(
        name="Ancienne", kind=StructureKind.LHSS, places=3, occupied__at=now - datetime.timedelta(hours=7), occupied=3
    )
    StructureFactory(name="Sans point", kind=StructureKind.LHSS, places=2, latitude=None, longitude=None)
    StructureFactory(name="Jamais déclarée", kind=StructureKind.CAARUD, cog="75118", places=5, operator=short)
    StructureFactory(name="Complète", kind=StructureKind.REST_NIGHT, places=2, occupied=5, programme=assore)
    StructureFactory(name="Calculée", kind=StructureKind.HOTEL, places=3, availability_mode=AvailabilityMode.COMPUTED)
    StructureFactory(name="Fermée", kind=StructureKind.LHSS, places=2, status=StructureStatus.CLOSED)
    StructureFactory(name="Sans ligne", kind=StructureKind.LHSS, live=False)
    women = StructureFactory(name="Femmes", kind=StructureKind.REST_NIGHT, places=2, latitude=48.83, longitude=2.36)
    Place.objects.filter(structure=women).update(women_only=True)
    availability_refresh(structures=[women])
    return now


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"type": "lhss"},
        {"type": "lhss", "lat": "48.88", "lon": "2.38"},
        {"lat": "48.83", "lon": "2.36"},
        {"programme": "assore"},
        {"arrondissement": "75118"},
        {"caracteristique": "women_only"},
        {"caracteristique": "pets"},
        {"type": "inconnu", "arrondissement": "75119"},  # a wrong value is left out, the others apply
    ],
)
def test_rows_order_and_totals_are_the_orm_definitions(network, data):
    rows, totals = reference(data, network)
    read = BoardRows(AvailabilityFilter(data, queryset=Structure.objects.none()).selection(), now=network)
    assert [{c: getattr(row, c) for c in COLUMNS} for row in read[0:None]] == rows
    assert read.totals() == totals
    assert read.count() == len(rows)
    page = read[1:3]
    assert [row.pk for row in page] == [row["pk"] for row in rows[1:3]]
    # The page about to be shown read with the totals (by distance: one statement), or past the last row.
    for offset in (0, 1, 1000):
        together = BoardRows(read.selection, now=network)
        assert together.totals(page=(offset, 2)) == totals
        assert [{c: getattr(row, c) for c in COLUMNS} for row in together[offset : offset + 2]] == rows[
            offset : offset + 2
        ]


def test_totals_cover_what_the_fixture_declares(network):
    totals = BoardRows(BoardSelection(), now=network).totals()
    # Stale: the LHSS declared 7 hours ago (fresh 6 hours) and every declared one never declared.
    assert totals["structures"] == 8
    assert totals["stale"] == 5  # Ancienne, Sans point, Jamais déclarée, Sans ligne, Femmes
    names = [row.name for row in BoardRows(BoardSelection(kinds=("lhss",), near=(48.88, 2.38)))[0:None]]
    assert names[-1] == "Sans point"  # no point: after every structure that has one


def test_two_different_kinds_select_nothing(network):
    assert BoardRows(BoardSelection(kinds=("lhss", "caarud"))).count() == 0
    assert BoardRows(BoardSelection(kinds=("lhss", "lhss"))).count() == 4


def test_one_structure_by_its_key_even_closed(network):
    closed = Structure.objects.get(name="Fermée")
    row = board_row(closed.pk, now=network)
    assert (row.name, row.places_open, row.stale) == ("Fermée", 2, True)


def test_an_attribute_is_a_column_of_its_own_never_the_value_given():
    with pytest.raises(ValueError):
        BoardRows(BoardSelection(attribute="pets > 0 OR 1=1 --")).count()


def test_a_page_far_past_the_last_row_is_empty(network):
    rows = BoardRows(BoardSelection(near=(48.88, 2.38)))
    assert rows[10**30 : 10**30 + 20] == []
    assert rows.totals(page=(10**30, 20))["structures"] == 8
