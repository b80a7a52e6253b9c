import datetime

import pytest
from django.urls import reverse

from relais.users.enums import Role
from tests.factories import CapacityTargetFactory, ProgrammeFactory, StructureFactory
from tests.people.factories import StayFactory

pytestmark = pytest.mark.django_db


def test_indicator_as_of_a_past_date(key_for):
    programme = ProgrammeFactory()
    CapacityTargetFactory(programme=programme, effective_on=datetime.date(2021, 9, 30), places=400)
    StructureFactory(programme=programme, kind="hotel", places=60, places__since=datetime.date(2018, 6, 1))
    StructureFactory(programme=programme, kind="hotel", places=340, places__since=datetime.date(2021, 6, 1))
    api = key_for(Role.COMITE)
    codes = {i["code"] for i in api.get(reverse("v1:indicator-list")).json()}
    assert "places_open" in codes
    url = reverse("v1:indicator-detail", args=["places_open"])
    assert api.get(url, {"as_of": "2020-01-01"}).json()["rows"][0]["value"] == 60
    body = api.get(url, {"as_of": "2021-10-01", "by": "kind"}).json()
    assert body["rows"] == [{"group": {"kind": "hotel"}, "value": 400, "status": "publié"}]
    assert body["published"] is False  # places are not person-derived


def test_bad_parameters_are_400_in_french(key_for):
    api = key_for(Role.COMITE)
    url = reverse("v1:indicator-detail", args=["places_open"])
    assert api.get(url, {"as_of": "hier"}).json() == {"as_of": ["Date « as_of » attendue au format AAAA-MM-JJ."]}
    response = api.get(url, {"by": "couleur"})
    assert response.status_code == 400 and "ne se ventile pas" in response.json()["by"][0]
    assert api.get(reverse("v1:indicator-detail", args=["inconnu"])).status_code == 404


def test_person_derived_figures_are_published_outside_coordination(key_for):
    structure = StructureFactory(places=10, availability_mode="computed")
    for _ in range(3):
        StayFactory(structure=structure)
    person_derived = [
        i["code"] for i in key_for(Role.COORDINATION).get(reverse("v1:indicator-list")).json() if i["person_derived"]
    ]
    if not person_derived:
        pytest.skip("no person-derived indicator in the catalogue yet")
    url = reverse("v1:indicator-detail", args=[person_derived[0]])
    police = key_for(Role.POLICE).get(url).json()
    assert police["published"] is True
    assert all(row["status"] in {"publié", "< 11", "s"} for row in police["rows"])
    assert all(row["value"] is None or row["value"] == 0 or row["value"] >= 11 for row in police["rows"])
    assert key_for(Role.COORDINATION).get(url).json()["published"] is False


def test_open_data_needs_no_authentication(api_client):
    datasets = api_client.get(reverse("v1:open-data-list")).json()
    assert {"slug": "places-ouvertes", "title": datasets[0]["title"], "indicator": "places_open"} == datasets[0]
    body = api_client.get(reverse("v1:open-data-detail", args=["places-ouvertes"])).json()
    assert body["jeu_de_donnees"] == "places-ouvertes"
    assert api_client.get(reverse("v1:open-data-detail", args=["inconnu"])).status_code == 404
