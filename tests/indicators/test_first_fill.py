"""The first fill of the facts at national scale (`refresh_facts --jours-lus`): the days the comité's
dashboard reads first, then those of the report and the open data, in parts, each day once; the facts it
writes are those of the computation from history (`check_facts`: no drift)."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from relais.indicators import facts, registry
from relais.indicators.fact_reader import reading
from relais.indicators.management.commands import refresh_facts
from relais.indicators.models import FactDay
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_the_first_fill_writes_each_read_day_once_in_parts_without_drift(monkeypatch):
    StructureFactory.create_batch(2)
    today = timezone.localdate()
    comite, report = [today, today - 2 * DAY], [today - 40 * DAY, today - 2 * DAY, today - 70 * DAY]
    monkeypatch.setattr(refresh_facts, "read_days", lambda day: comite)
    monkeypatch.setattr(refresh_facts, "published_days", lambda day: sorted({*comite, *report}))
    call_command("refresh_facts", "--jours-lus", "--part", "1/2", stdout=None)
    first_half = set(FactDay.objects.values_list("day", flat=True))
    assert first_half and first_half < {*comite, *report}
    call_command("refresh_facts", "--jours-lus", "--part", "2/2", stdout=None)
    assert set(FactDay.objects.values_list("day", flat=True)) == {*comite, *report}
    assert facts.check(today - 70 * DAY, today) == []
    # Only the indicators the comité and the open data read: the days say so, the others come from history.
    assert {tuple(p) for p in FactDay.objects.values_list("partial", flat=True)} == {
        tuple(sorted(facts.first_fill_codes()))
    }
    as_of = FactDay.objects.get(day=today - 2 * DAY).as_of
    with reading() as reader:
        assert reader.covers(registry.get("places_open"), as_of, set()) == today - 2 * DAY
        assert reader.covers(registry.get("referrals_pending"), as_of, set()) is None
    refreshed = dict(FactDay.objects.values_list("day", "refreshed_at"))
    call_command("refresh_facts", "--jours-lus", stdout=None)  # nothing left to fill: nothing redone
    assert dict(FactDay.objects.values_list("day", "refreshed_at")) == refreshed
    # The window's refresh completes the days it keeps: every indicator again.
    facts.refresh(days=[today], fill_window=False)
    assert FactDay.objects.get(day=today).partial is None
    assert facts.check(today, today) == []


def test_a_bad_part_is_refused_in_french():
    with pytest.raises(CommandError, match="Part invalide"):
        call_command("refresh_facts", "--jours-lus", "--part", "moitié")


def test_the_published_days_cover_the_comite_the_report_and_the_open_data():
    today = datetime.date(2026, 11, 30)
    days = set(facts.published_days(today))
    assert set(facts.read_days(today)) <= days
    assert set(facts.read_days(today, 24)) <= days
    assert datetime.date(2024, 12, 31) in days  # a month end of the open data's 24 months
