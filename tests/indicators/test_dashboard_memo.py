"""The comité's and coordination's dashboards kept whole while nothing they were built from changed."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.indicators import dashboard_memo, dashboards, facts
from relais.indicators.models import FactChange
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import CapacityTargetFactory, ProgrammeFactory, StructureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comite(client):
    programme = ProgrammeFactory()
    CapacityTargetFactory(programme=programme)
    StructureFactory(places=20, occupied=12, programme=programme, kind=StructureKind.HOTEL)
    today = timezone.localdate()
    facts.refresh(days=[today, dashboards.months_before(today, 12)], fill_window=False)
    FactChange.objects.all().delete()  # the test's writes are not committed: their journal is not written
    client.force_login(UserFactory(role=Role.COMITE))
    return client


def _builds(client, url="dashboards:comite") -> int:
    with mock.patch.object(dashboards, "_build", wraps=dashboards._build) as build:
        assert client.get(reverse(url)).status_code == 200
    return build.call_count


def test_the_dashboard_is_built_once_then_kept_for_every_process(comite):
    assert _builds(comite) == 1
    assert _builds(comite) == 0
    dashboard_memo.forget()  # another process: read from the shared cache
    assert _builds(comite) == 0


def test_a_change_of_an_area_read_from_history_builds_it_again(comite):
    assert _builds(comite) == 1
    FactChange.objects.create(area="sites", day=None)  # a site's change, committed
    assert _builds(comite) == 1
    assert _builds(comite) == 0


def test_a_correction_pending_in_an_area_read_from_facts_builds_it_again(comite):
    assert _builds(comite) == 1
    # An admission dated a week ago: the figures of the days since are read from history until applied.
    FactChange.objects.create(area="stays", day=timezone.localdate() - dashboards.datetime.timedelta(days=7))
    assert _builds(comite) == 1


def test_new_facts_build_it_again(comite):
    assert _builds(comite) == 1
    facts.refresh(days=[timezone.localdate()], fill_window=False)
    assert _builds(comite) == 1


def test_a_day_without_facts_is_never_kept(comite):
    day = (timezone.localdate() - dashboards.datetime.timedelta(days=3)).isoformat()
    for _ in range(2):
        with mock.patch.object(dashboards, "_build", wraps=dashboards._build) as build:
            assert comite.get(reverse("dashboards:comite"), {"au": day}).status_code == 200
        assert build.call_count == 1
