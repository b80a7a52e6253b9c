"""The open-data files written from the facts are sent from disk: compressed when the client accepts it,
revalidated by version (ETag, 304), never stale after a refresh of the facts."""

import gzip
import json

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.indicators import facts, opendata
from relais.indicators.models import FactDay
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


def _fill(days=None):
    days = days or opendata.month_ends(timezone.localdate())
    facts.refresh(days=days, fill_window=False, only={"places_open"})


def _body(response) -> bytes:
    # Read whole, the test client closes the response (and its file).
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_file_from_the_facts_is_sent_whole_then_revalidated_by_its_version(client, kind):
    StructureFactory(places=12, cog="75118")
    _fill()
    url = reverse(f"opendata:{kind}", args=["places-ouvertes"])
    first = client.get(url)
    assert first.status_code == 200 and first.streaming
    assert first["Cache-Control"] == "public, no-cache" and "Accept-Encoding" in first["Vary"]
    assert first["Content-Type"].startswith({"csv": "text/csv", "json": "application/json"}[kind])
    assert ("attachment" in first["Content-Disposition"]) == (kind == "csv")
    body = _body(first)
    assert int(first["Content-Length"]) == len(body)
    again = client.get(url)
    assert _body(again) == body and again["ETag"] == first["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    # Compressed when asked: another representation, its own validator, the same bytes once decompressed.
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip" and packed["ETag"] != first["ETag"]
    assert gzip.decompress(_body(packed)) == body
    assert int(packed["Content-Length"]) < len(body)
    # A refresh of the facts: a new version, the old validator no longer holds.
    StructureFactory(places=7, cog="75118")
    _fill([timezone.localdate()])
    fresh = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]
    assert _body(fresh) != body


def test_the_written_json_file_gives_the_facts_refresh_as_its_date_and_the_licence(client):
    StructureFactory(places=12, cog="75118")
    _fill()
    data = client.get(reverse("opendata:json", args=["places-ouvertes"]))
    document = json.loads(_body(data))
    assert document["licence_url"] == opendata.LICENCE_URL and document["licence"] == opendata.LICENCE
    refreshed = FactDay.objects.aggregate(last=Max("refreshed_at"))["last"]
    assert document["genere_le"] == timezone.localtime(refreshed).isoformat()
    assert len({r["mois"] for r in document["donnees"]}) == opendata.MONTHS


def test_a_file_not_read_from_the_facts_is_computed_and_never_validated(client):
    StructureFactory(places=12, cog="75118")
    response = client.get(reverse("opendata:csv", args=["places-ouvertes"]))
    assert response.status_code == 200 and not response.streaming
    assert not response.has_header("ETag") and response["Cache-Control"] == "public, no-cache"
    assert response.content.startswith(b"mois;date_observation;code_commune;commune;valeur;statut\r\n")


def test_a_file_from_the_facts_costs_a_fixed_number_of_queries(client):
    StructureFactory(places=12, cog="75118")
    _fill()
    url = reverse("opendata:json", args=["places-ouvertes"])
    _body(client.get(url))  # written
    with CaptureQueriesContext(connection) as few:
        _body(client.get(url))
    StructureFactory.create_batch(5, places=3, cog="75119")
    _fill([timezone.localdate()])
    _body(client.get(url))
    with CaptureQueriesContext(connection) as more:
        _body(client.get(url))
    assert len(few) == len(more) <= 3  # the facts' days and pending changes (the reader), nothing per line
