import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.indicators.publication import MASKED, SMALL
from tests.factories import StructureFactory
from tests.helpers import assert_published, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures():
    StructureFactory(cog="75119", places=20, occupied=4)
    StructureFactory(cog="75120", places=60, occupied=30)
    StructureFactory(cog="75110", places=15, occupied=12)


def _current(records, code):
    month = timezone.localdate().strftime("%Y-%m")
    return next(r for r in records if r["mois"] == month and r["code_commune"] == code)


def test_open_data_page_is_public_and_links_csv_and_json(client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = text_of(response)
    for slug in ("places-ouvertes", "structures-en-fonctionnement", "places-occupees-declarees"):
        assert reverse("opendata:csv", args=[slug]) in html
        assert reverse("opendata:json", args=[slug]) in html
    assert "< 11" in html
    assert client.get(reverse("opendata:json", args=["inconnu"])).status_code == 404


def test_places_are_published_as_they_are(client, structures):
    data = client.get(reverse("opendata:json", args=["places-ouvertes"])).json()
    assert data["indicateur"]["compte_des_personnes"] is False
    records = data["donnees"]
    assert len({r["mois"] for r in records}) == 24
    assert _current(records, "75119") == {**_current(records, "75119"), "valeur": 20, "statut": "publié"}
    assert _current(records, "75056")["valeur"] == 95  # Paris total
    assert _current(records, "75101")["valeur"] == 0


def test_person_derived_counts_never_reach_the_open_data(client, structures):
    data = client.get(reverse("opendata:json", args=["places-occupees-declarees"])).json()
    records = data["donnees"]
    small = _current(records, "75119")
    assert (small["valeur"], small["statut"]) == (None, SMALL)
    # 12, 30 and the total 46 are perturbed (or masked): 46 - 12 - 30 no longer gives the 4 away.
    for cog, true in (("75110", 12), ("75120", 30), ("75056", 46)):
        record = _current(records, cog)
        assert_published(record["valeur"] if record["statut"] != MASKED else MASKED, true)
    published = {r["valeur"] for r in records if r["mois"] == small["mois"]}
    assert not published & set(range(1, 11))
    # The CSV holds the same published values, never the raw ones.
    content = client.get(reverse("opendata:csv", args=["places-occupees-declarees"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    row = next(r for r in rows if r["mois"] == small["mois"] and r["code_commune"] == "75119")
    assert (row["valeur"], row["statut"]) == ("", SMALL)
    assert not any(r["valeur"] in {str(n) for n in range(1, 11)} for r in rows)
