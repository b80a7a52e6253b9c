import csv
import io
import warnings

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.indicators.opendata import DATASETS, month_ends
from relais.indicators.publication import MASKED, SMALL
from tests.factories import StructureFactory
from tests.helpers import assert_published, select, select_one, text, texts

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
    links = {link["href"] for link in select(response, "main a[href]")}
    for slug in ("places-ouvertes", "structures-en-fonctionnement", "places-occupees-declarees"):
        assert reverse("opendata:csv", args=[slug]) in links
        assert reverse("opendata:json", args=[slug]) in links
    assert "< 11" in text(select_one(response, "main"))
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


LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def test_the_page_gives_the_licence_the_last_update_and_a_preview_of_each_file(client, structures):
    page = client.get(reverse("opendata:index"))
    licence = select_one(page, "[data-testid=licence] a")
    assert (licence["href"], text(licence)) == (LICENCE_URL, "Licence Ouverte / Open Licence version 2.0")
    today = timezone.localdate()
    assert text(select_one(page, "[data-testid=updated]")) == f"Dernière mise à jour : {today:%d/%m/%Y}"
    previews = [a["href"] for a in select(page, "a[data-testid=preview]")]
    assert previews == [reverse("opendata:preview", args=[d.slug]) for d in DATASETS]

    preview = client.get(reverse("opendata:preview", args=["places-ouvertes"]))
    assert texts(preview, "table thead th") == [
        "mois",
        "date_observation",
        "code_commune",
        "commune",
        "valeur",
        "statut",
    ]
    first = texts(select(preview, "table tbody tr")[0], "td")
    assert first[0] == month_ends(today)[0].strftime("%Y-%m") and first[2] == "75101"  # the file's first line
    assert "Licence Ouverte / Open Licence version 2.0" in text(select_one(preview, "[data-testid=licence]"))
    assert client.get(reverse("opendata:preview", args=["inconnu"])).status_code == 404


def test_a_dcat_catalogue_describes_every_dataset_for_a_national_portal(client):
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, RDF

    response = client.get(reverse("opendata:catalogue"))
    assert response["Content-Type"] == "application/ld+json"
    with warnings.catch_warnings():  # rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalogue, DCTERMS.title) is not None
    assert graph.value(catalogue, DCTERMS.publisher) is not None
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert str(graph.value(dataset, DCTERMS.license)) == LICENCE_URL
        assert str(graph.value(dataset, DCTERMS.modified)) == timezone.localdate().isoformat()
        assert graph.value(dataset, DCTERMS.title) and graph.value(dataset, DCTERMS.description)
        assert str(graph.value(dataset, DCAT.landingPage)).startswith("http://testserver/donnees-ouvertes/")
        formats = set()
        for distribution in graph.objects(dataset, DCAT.distribution):
            url = str(graph.value(distribution, DCAT.downloadURL))
            assert url.startswith("http://testserver/donnees-ouvertes/")
            assert client.get(url.removeprefix("http://testserver")).status_code == 200
            formats.add(str(graph.value(distribution, DCAT.mediaType)))
            assert str(graph.value(distribution, DCTERMS.license)) == LICENCE_URL
        assert formats == {
            "https://www.iana.org/assignments/media-types/text/csv",
            "https://www.iana.org/assignments/media-types/application/json",
        }
