import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.structures.enums import StructureKind, StructureStatus
from relais.structures.models import OccupancyDeclaration, Place, Structure
from relais.users.enums import Role
from tests.factories import OrganizationFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_list_and_filter_structures(key_for):
    StructureFactory(kind="lhss", places=3)
    StructureFactory(kind="caarud", places=2)
    api = key_for(Role.POLICE)
    body = api.get(reverse("v1:structure-list"), {"kind": "lhss"}).json()
    assert body["count"] == 1
    assert body["results"][0]["places_open"] == 3


def test_operator_creates_its_structure_with_validated_identifiers(key_for):
    org = OrganizationFactory()
    api = key_for(Role.OPERATEUR, org)
    data = {
        "name": "LHSS API",
        "kind": "lhss",
        "operator": org.pk,
        "address": "1 rue Petit",
        "cog": "75119",
        "finess_et": "750000010",
    }
    response = api.post(reverse("v1:structure-list"), data, format="json")
    assert response.status_code == 201, response.json()
    bad = api.post(reverse("v1:structure-list"), {**data, "cog": "75121", "finess_et": "750000011"}, format="json")
    assert bad.status_code == 400
    assert "arrondissement de Paris" in bad.json()["cog"][0]
    assert "FINESS" in bad.json()["finess_et"][0]
    other = api.post(reverse("v1:structure-list"), {**data, "operator": OrganizationFactory().pk}, format="json")
    assert other.status_code == 403
    assert Structure.objects.count() == 1


def test_unknown_fields_are_refused(key_for):
    org = OrganizationFactory()
    api = key_for(Role.OPERATEUR, org)
    data = {
        "name": "X structure",
        "kind": "lhss",
        "operator": org.pk,
        "address": "1 rue",
        "cog": "75119",
        "nom_usager": "Dupont",
    }
    response = api.post(reverse("v1:structure-list"), data, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Champ(s) inconnu(s) refusé(s) : nom_usager. Rien n'a été enregistré."
    ]
    assert not Structure.objects.exists()


def test_operator_adds_places_and_declares_occupancy(key_for):
    structure = StructureFactory(places=2)
    api = key_for(Role.OPERATEUR, structure.operator)
    response = api.post(
        reverse("v1:structure-places", args=[structure.pk]),
        {"count": 3, "kind": "room", "label_prefix": "Chambre", "in_service_from": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 201
    assert Place.objects.filter(structure=structure).count() == 5
    response = api.post(reverse("v1:availability-declare", args=[structure.pk]), {"occupied": 4}, format="json")
    assert response.status_code == 201
    assert (response.json()["free"], response.json()["stale"]) == (1, False)
    response = api.post(reverse("v1:availability-declare", args=[structure.pk]), {"unchanged": True}, format="json")
    assert response.status_code == 201
    too_many = api.post(reverse("v1:availability-declare", args=[structure.pk]), {"occupied": 9}, format="json")
    assert too_many.status_code == 400
    assert "dépasse le nombre de places ouvertes" in too_many.json()["non_field_errors"][0]
    assert OccupancyDeclaration.objects.count() == 2


def test_operator_cannot_declare_for_another_organisation(key_for):
    structure = StructureFactory(places=2)
    api = key_for(Role.OPERATEUR, OrganizationFactory())
    response = api.post(reverse("v1:availability-declare", args=[structure.pk]), {"occupied": 1}, format="json")
    assert response.status_code == 403
    assert not OccupancyDeclaration.objects.exists()


def test_unknown_structure_is_404(key_for):
    api = key_for(Role.OPERATEUR)
    assert (
        api.post(reverse("v1:availability-declare", args=[999999]), {"occupied": 1}, format="json").status_code == 404
    )
    assert api.get(reverse("v1:structure-detail", args=[999999])).status_code == 404


def test_availability_feed(key_for):
    structure = StructureFactory(places=10, occupied=3)
    body = key_for(Role.MARAUDE).get(reverse("v1:availability-list")).json()
    row = next(r for r in body["results"] if r["structure"] == structure.pk)
    assert (row["places_open"], row["occupied"], row["free"]) == (10, 3, 7)  # they orient people there
    # The comité reads occupancy published: 3 occupied is a count of persons, and so is 7 free.
    body = key_for(Role.COMITE).get(reverse("v1:availability-list")).json()
    row = next(r for r in body["results"] if r["structure"] == structure.pk)
    assert (row["places_open"], row["occupied"], row["free"], row["occupied_status"]) == (10, None, None, "< 11")


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.COMITE])
def test_the_availability_feed_runs_a_fixed_number_of_queries_whatever_the_number_of_structures(
    key_for, django_assert_num_queries, role
):
    api = key_for(role)
    StructureFactory(places=12, occupied=11)
    api.get(reverse("v1:availability-list"))  # warm the key, the throttle and the published cells
    with CaptureQueriesContext(connection) as few:
        api.get(reverse("v1:availability-list"))
    queries = len(few.captured_queries)  # now: the next request empties the log
    for n in range(12):
        StructureFactory(places=20, occupied=n + 5)
        StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    api.get(reverse("v1:availability-list"))
    with django_assert_num_queries(queries):
        body = api.get(reverse("v1:availability-list"), {"lat": "48.88", "lon": "2.38"}).json()
    assert body["count"] == 25


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.COMITE])
def test_the_unfiltered_feed_is_the_feed_through_its_filters(key_for, django_assert_num_queries, role):
    """Without a filter the feed skips the filter form: the same JSON, count and number of queries as
    through the filters left empty, page after page; a closed structure stays out of the count."""
    api = key_for(role)
    for n in range(5):
        StructureFactory(name=f"Centre {n}", places=12, occupied=n)
        StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    StructureFactory(places=4, status=StructureStatus.CLOSED)
    StructureFactory(places=5)  # never declared
    empty_filters = {"type": "", "kind": "", "programme": "", "arrondissement": "", "caracteristique": ""}
    api.get(reverse("v1:availability-list"), empty_filters)  # warm the key, the throttle and the published cells
    with CaptureQueriesContext(connection) as filtered:
        through_filters = api.get(reverse("v1:availability-list"), {**empty_filters, "limit": 4, "offset": 4}).json()
    with django_assert_num_queries(len(filtered.captured_queries)):
        unfiltered = api.get(reverse("v1:availability-list"), {"limit": 4, "offset": 4}).json()
    assert unfiltered["count"] == through_filters["count"] == 11
    assert unfiltered["results"] == through_filters["results"]
    assert (
        api.get(reverse("v1:availability-list")).json()["results"]
        == (api.get(reverse("v1:availability-list"), empty_filters).json()["results"])
    )


@pytest.mark.parametrize("role", [Role.COORDINATION, Role.COMITE])
def test_the_availability_feed_is_what_its_serializer_gives(role):
    """The feed is built without the serializer, row by row the JSON the serializer (and the schema) gives."""
    from relais.api.serializers_structures import AvailabilitySerializer, availability_data
    from relais.indicators.availability import publish_availability
    from relais.indicators.publication import publisher_for
    from relais.structures.board import with_freshness
    from relais.structures.board_sql import BoardRows, BoardSelection
    from relais.structures.models import Structure

    StructureFactory(places=12, occupied=11)
    StructureFactory(places=40, occupied=25, operator=OrganizationFactory(short_name="Court"))
    StructureFactory(places=5)  # never declared
    StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    publisher = publisher_for(role)
    now = timezone.now()
    structures = with_freshness(Structure.objects.operating().with_live_availability(), now)
    models = publish_availability(structures.select_related("operator").order_by("kind", "name"), publisher)
    rows = publish_availability(BoardRows(BoardSelection(), now=now)[0:None], publisher)
    assert availability_data(rows) == AvailabilitySerializer(models, many=True).data
    assert any(row["confirmed_at"] for row in availability_data(rows))
    with timezone.override(datetime.UTC):  # UTC is written « Z », as DRF writes it
        utc = availability_data(rows)
        assert utc == AvailabilitySerializer(models, many=True).data
    assert any(row["confirmed_at"] and row["confirmed_at"].endswith("Z") for row in utc)


def test_session_authentication_for_the_browser(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.COORDINATION))
    assert client.get(reverse("v1:structure-list")).status_code == 200


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/structures/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "<style" not in html
    assert client.get("/api/docs/", {"script": ""}).status_code == 200
    redoc = client.get("/api/docs/redoc/")
    assert "fonts.googleapis" not in redoc.content.decode()


def test_an_offset_past_any_row_gives_an_empty_page(client):
    from tests.factories import StructureFactory, UserFactory

    client.force_login(UserFactory(role=Role.COORDINATION))
    StructureFactory(places=2)
    for query in (
        {"offset": "99999999999999999999999999"},
        {"offset": "99999999999999999999999999", "lat": "48.8", "lon": "2.3"},
    ):
        response = client.get(reverse("v1:availability-list"), query)
        assert response.status_code == 200
        assert (response.json()["count"], response.json()["results"]) == (1, [])
