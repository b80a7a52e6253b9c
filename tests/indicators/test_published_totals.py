"""The month-by-month published totals (the comité's dashboard and its situation report) are computed once
per version of the facts they come from, then read back by any process without their universe; the figures
are those of the publisher itself, and a refresh of a day computes that day again."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from relais.indicators import fact_memo, facts, opendata, publication, registry
from relais.indicators.fact_reader import reading
from relais.indicators.publication import Publisher, publisher_for
from relais.indicators.published_totals import published_totals
from relais.indicators.registry import end_of
from relais.users.enums import Role
from tests.factories import StructureFactory
from tests.indicators.people_world import at
from tests.people.factories import StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counted(monkeypatch):
    """The universes computed (the seconds a published total costs at national scale)."""
    computed = []
    universe = publication.universe
    monkeypatch.setattr(publication, "universe", lambda *args: computed.append(args) or universe(*args))
    return computed


def _housed(count: int, since: datetime.date):
    structure = StructureFactory(places=40, availability_mode="computed")
    for _ in range(count):
        StayFactory(structure=structure, admitted_at=at(since))


def test_published_totals_are_computed_once_per_version_of_the_facts(counted):
    today = timezone.localdate()
    days = opendata.month_ends(today, 4)[:3]  # three past month ends
    _housed(23, days[0] - datetime.timedelta(days=40))
    facts.refresh(days=days, fill_window=False, only={"persons_housed"})
    indicator = registry.get("persons_housed")
    moments = [end_of(day) for day in days]
    with reading():
        expected = [publisher_for(Role.COMITE).total(indicator, as_of=moment) for moment in moments]
    assert all(cell.value for cell in expected)
    del counted[:]
    # Another process, and nothing shared yet (the universes too are kept in the shared cache).
    fact_memo.forget()
    cache.clear()
    with reading():
        first = published_totals(publisher_for(Role.COMITE), indicator, moments)
    assert first == expected and len(counted) == len(moments)
    fact_memo.forget()
    with reading():
        again = published_totals(Publisher(), indicator, moments)  # the public's publisher: the same cells
    assert again == expected and len(counted) == len(moments)
    # Two more persons housed from the first month: refreshing that day computes it again, and only it.
    _housed(2, days[0] - datetime.timedelta(days=1))
    facts.refresh(days=[days[0]], fill_window=False, only={"persons_housed"})
    fact_memo.forget()
    with reading():
        after = published_totals(publisher_for(Role.COMITE), indicator, moments)
        fresh = publisher_for(Role.COMITE).total(indicator, as_of=moments[0])
    assert len(counted) == len(moments) + 1
    assert after[0] == fresh and after[1:] == expected[1:]


def test_exact_figures_and_days_outside_the_facts_are_not_kept(counted):
    today = timezone.localdate()
    days = opendata.month_ends(today, 3)[:2]
    _housed(23, days[0] - datetime.timedelta(days=40))
    facts.refresh(days=days[:1], fill_window=False, only={"persons_housed"})
    indicator = registry.get("persons_housed")
    moments = [end_of(day) for day in days]
    for _ in range(2):
        fact_memo.forget()
        with reading():
            cells = published_totals(publisher_for(Role.COMITE), indicator, moments)
            exact = published_totals(publisher_for(Role.COORDINATION), indicator, moments)
    assert len(counted) == 1 + 2  # the day in the facts once, the day read from history each time
    assert [c.value for c in exact] == [23, 23] and all(c.value for c in cells)
    kept = [key for key in cache._cache if "published-total:" in key]  # the local memory cache's store
    assert len(kept) == 1
