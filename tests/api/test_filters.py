"""The API lists take the pages' filters through the same FilterSets: the same answer, and a wrong
value refused with the pages' French message."""

import pytest
from django.urls import reverse

from relais.sites.enums import SiteStatus
from relais.structures.enums import StructureKind
from relais.structures.models import Place, Structure
from relais.users.enums import Role
from tests.factories import ProgrammeFactory, StructureFactory, UserFactory
from tests.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures():
    programme = ProgrammeFactory(code="assore")
    StructureFactory(name="A", kind=StructureKind.LHSS, places=2, latitude=48.897, longitude=2.389)
    StructureFactory(name="B", kind=StructureKind.LHSS, places=2, latitude=48.828, longitude=2.362, cog="75113")
    StructureFactory(name="C", kind=StructureKind.HOTEL, places=2, programme=programme)
    Place.objects.filter(structure__name="B").update(women_only=True)


@pytest.mark.parametrize(
    "query",
    [
        {"type": "lhss", "lat": "48.83", "lon": "2.36"},
        {"arrondissement": "75113"},
        {"caracteristique": "women_only"},
        {"programme": "assore"},
        {},
    ],
)
def test_availability_api_and_board_give_the_same_rows(client, key_for, structures, query):
    client.force_login(UserFactory(role=Role.MARAUDE))
    page = [r.name for r in client.get(reverse("board:index"), query).context["rows"]]
    api = [r["name"] for r in key_for(Role.MARAUDE).get(reverse("v1:availability-list"), query).json()["results"]]
    assert api == page
    if "type" in query:  # the API's own name for the type
        kind = {"kind": query["type"], **{k: v for k, v in query.items() if k != "type"}}
        assert [
            r["name"] for r in key_for(Role.MARAUDE).get(reverse("v1:availability-list"), kind).json()["results"]
        ] == page


def test_the_api_refuses_a_wrong_filter_value_in_french(key_for, structures):
    response = key_for(Role.COMITE).get(reverse("v1:availability-list"), {"kind": "inconnu", "lat": "nord"})
    assert response.status_code == 400
    assert response.json() == {
        "kind": ["« inconnu » ne fait pas partie des valeurs proposées pour ce filtre."],
        "lat": ["Saisissez un nombre, par exemple 48.85."],
    }
    response = key_for(Role.COMITE).get(reverse("v1:structure-list"), {"cog": "99999"})
    assert response.status_code == 400
    assert "cog" in response.json()


def test_structures_api_and_registry_give_the_same_structures(client, key_for, structures):
    StructureFactory(name="D", cog="93066")  # outside Paris: the API's `cog` takes any commune
    client.force_login(UserFactory(role=Role.MARAUDE))
    api = key_for(Role.MARAUDE)
    for page_query, api_query in [
        ({"type": "lhss"}, {"kind": "lhss"}),
        ({"arrondissement": "75113"}, {"cog": "75113"}),
        ({}, {}),
    ]:
        page = sorted(s.name for s in client.get(reverse("registry:structure_list"), page_query).context["page"])
        assert sorted(r["name"] for r in api.get(reverse("v1:structure-list"), api_query).json()["results"]) == page
    outside = api.get(reverse("v1:structure-list"), {"cog": "93066"}).json()["results"]
    assert [r["name"] for r in outside] == ["D"]
    assert [r["name"] for r in api.get(reverse("v1:structure-list"), {"programme": "assore"}).json()["results"]] == [
        "C"
    ]
    assert Structure.objects.count() == 4


@pytest.mark.parametrize("query", [{"statut": "actifs"}, {"statut": "dismantled"}, {"arrondissement": "75118"}, {}])
def test_sites_api_and_sites_page_give_the_same_sites(client, key_for, query):
    SiteFactory(name="Assigné", cog="75119")
    SiteFactory(name="Démantelé", cog="75118", status_change__status=SiteStatus.DISMANTLED)
    client.force_login(UserFactory(role=Role.VILLE))
    page = sorted(s.name for s in client.get(reverse("sites:list"), query).context["sites"])
    api = key_for(Role.VILLE).get(reverse("v1:site-list"), query).json()["results"]
    assert sorted(s["name"] for s in api) == page
