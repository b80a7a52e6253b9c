"""Published universes computed once for every process: kept in the shared cache by the version of their
facts, and computed by `refresh_facts` before any reader asks."""

import contextlib
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from relais.indicators import dashboards, fact_memo, facts, publication, registry
from relais.indicators.dashboards import Filters
from relais.indicators.enums import Audience
from relais.indicators.warming import warm_published
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import CapacityTargetFactory, ProgrammeFactory, StructureFactory, UserFactory

pytestmark = pytest.mark.django_db


def _published_world():
    programme = ProgrammeFactory()
    CapacityTargetFactory(programme=programme)
    for n in range(3):
        StructureFactory(
            places=20 + n, occupied=12 + n, cog=f"7510{n + 1}", programme=programme, kind=StructureKind.HOTEL
        )
    today = timezone.localdate()
    facts.refresh(days=[today, dashboards.months_before(today, 12)], fill_window=False)


def _page(client) -> dict:
    """The comité's dashboard as the page drew it (the page's bytes differ by their CSP nonce)."""
    response = client.get(reverse("dashboards:comite"))
    assert response.status_code == 200
    return response.context["dashboard"]


@contextlib.contextmanager
def _no_universe_computed():
    """A published universe whose facts have a version computed from here on fails the test (those read
    from history, like the sites' tables, are computed each time: no version says when they change)."""
    originals = {"universe": publication.universe, "derived_universe": publication.derived_universe}

    def spy(name):
        def computed(indicator, *args):
            if registry.FACTS.get().version(indicator, args[-1]) is not None:
                raise AssertionError(f"universe recomputed: {indicator.code}")
            return originals[name](indicator, *args)

        return computed

    with (
        mock.patch.object(publication, "universe", spy("universe")),
        mock.patch.object(publication, "derived_universe", spy("derived_universe")),
    ):
        yield


def test_another_process_reads_the_universes_from_the_shared_cache(client):
    _published_world()
    client.force_login(UserFactory(role=Role.COMITE))
    first = _page(client)
    fact_memo.forget()  # another process: nothing in its own memo
    with _no_universe_computed():
        assert _page(client) == first


def test_new_facts_are_new_versions_never_read_from_the_old_entries(client):
    _published_world()
    client.force_login(UserFactory(role=Role.COMITE))
    _page(client)
    today = timezone.localdate()
    facts.refresh(days=[today], fill_window=False)  # today's facts written again: a new version
    with _no_universe_computed(), pytest.raises(AssertionError, match="universe recomputed"):
        client.get(reverse("dashboards:comite"))


def test_a_shared_key_is_the_same_whatever_the_time_zone_of_the_version():
    moment = timezone.now()
    key = ("universe", ("persons_housed", moment.date(), moment, None, moment, None))
    paris = ("universe", ("persons_housed", moment.date(), timezone.localtime(moment), None, moment, None))
    assert fact_memo.shared_key(key) == fact_memo.shared_key(paris)
    assert fact_memo.shared_key(key) != fact_memo.shared_key(("universe", ("persons_housed", None)))


def test_the_shared_key_depends_on_the_cell_key_secret(settings):
    key = ("universe", ("persons_housed",))
    before = fact_memo.shared_key(key)
    settings.RELAIS_CELL_KEY_SECRET = "another-secret-for-this-test"
    assert fact_memo.shared_key(key) != before


def test_warming_computes_the_published_dashboards_before_any_reader(client):
    _published_world()
    published = dashboards.build(Audience.COMITE, Filters(day=timezone.localdate()))
    cache.clear()  # nothing computed yet, anywhere
    fact_memo.forget()
    assert warm_published() == [Audience.COMITE, Audience.POLICE, Audience.COORDINATION]
    fact_memo.forget()
    client.force_login(UserFactory(role=Role.COMITE))
    with _no_universe_computed():
        assert _page(client) == published


def test_refresh_facts_warms_the_published_figures_unless_told_not_to():
    command = "relais.indicators.management.commands.refresh_facts"
    done = {"days": 0, "written": 0, "changes": 0}
    with mock.patch(f"{command}.refresh", return_value=done), mock.patch(f"{command}.warm_published") as warm:
        call_command("refresh_facts", stdout=None)
        assert warm.call_count == 1
        call_command("refresh_facts", "--sans-prechauffage", stdout=None)
        assert warm.call_count == 1
