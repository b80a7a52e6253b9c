"""An open-data file read from the daily facts is computed once per refresh of the facts, then served from
the shared cache; a refresh gives the new figures, and a month not covered by facts is never cached."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from relais.indicators import facts, opendata
from relais.indicators.fact_reader import reading
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_file_is_computed_once_per_refresh_of_the_facts(monkeypatch):
    StructureFactory(places=12, cog="75118")
    dataset = opendata.BY_SLUG["places-ouvertes"]
    today = timezone.localdate()
    with reading():
        live = opendata.records(dataset)  # no facts yet: computed, not cached
    facts.refresh(days=opendata.month_ends(today), fill_window=False, only={"places_open"})
    computed = []
    compute = opendata._records
    monkeypatch.setattr(opendata, "_records", lambda *a: computed.append(a) or compute(*a))
    with reading():
        first = opendata.records(dataset)
    with reading():
        again = opendata.records(dataset)
    assert first == again == live and len(computed) == 1
    StructureFactory(places=7, cog="75118")
    facts.refresh(days=[today], fill_window=False, only={"places_open"})
    with reading():
        after = opendata.records(dataset)
    assert len(computed) == 2 and after != first
    total = [r for r in after if r["code_commune"] == opendata.PARIS_COG][-1]
    assert total["valeur"] == 19


def test_a_file_with_a_month_not_in_the_facts_is_not_cached(monkeypatch):
    StructureFactory(places=12, cog="75118")
    today = timezone.localdate()
    facts.refresh(days=opendata.month_ends(today)[1:], fill_window=False, only={"places_open"})
    computed = []
    compute = opendata._records
    monkeypatch.setattr(opendata, "_records", lambda *a: computed.append(a) or compute(*a))
    for _ in range(2):
        with reading():
            opendata.records(opendata.BY_SLUG["places-ouvertes"])
    assert len(computed) == 2


def test_the_files_themselves_are_kept_until_the_next_refresh(monkeypatch):
    StructureFactory(places=12, cog="75118")
    dataset = opendata.BY_SLUG["places-ouvertes"]
    facts.refresh(days=opendata.month_ends(timezone.localdate()), fill_window=False, only={"places_open"})
    written = []
    as_csv = opendata.as_csv
    monkeypatch.setattr(opendata, "as_csv", lambda *a: written.append(a) or as_csv(*a))
    with reading():
        first = opendata.file_content(dataset, "csv")
        assert opendata.file_content(dataset, "csv") == first == as_csv(dataset)
        assert b'"jeu_de_donnees": "places-ouvertes"' in opendata.file_content(dataset, "json")
    assert len(written) == 1
