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


def test_the_published_days_cover_the_de_duplicated_comparison():
    # A de-duplicated count is published as at the end of the month before the day asked (`_coarse`): the
    # comparison with the start of the period reads the end of the month before that start.
    today = datetime.date(2026, 11, 30)
    assert datetime.date(2025, 10, 31) in facts.read_days(today)  # the comité: 12 months
    assert datetime.date(2024, 10, 31) in facts.published_days(today)  # the report: 24 months


def test_the_first_fill_covers_every_indicator_of_the_report():
    # The tables of the comité's dashboard (hence of the report) and the communiqué's figures.
    assert {
        "nights_provided",
        "referrals_accepted",
        "referrals_declined",
        "referrals_expired",
        "psychiatric_steps",
    } <= facts.first_fill_codes()


def test_a_day_filled_before_an_indicator_joined_gets_only_the_missing_ones(monkeypatch):
    StructureFactory.create_batch(2)
    today = timezone.localdate()
    monkeypatch.setattr(refresh_facts, "read_days", lambda day: [today])
    monkeypatch.setattr(refresh_facts, "published_days", lambda day: [today])
    earlier = sorted(facts.first_fill_codes() - set(facts.REPORT_CODES))
    facts.write_day(today, earlier, as_of=timezone.now(), now=timezone.now())
    computed = []
    write_day = facts.write_day
    monkeypatch.setattr(
        facts, "write_day", lambda day, codes, **kw: computed.append(set(codes)) or write_day(day, codes, **kw)
    )
    call_command("refresh_facts", "--jours-lus", stdout=None)
    assert computed == [set(facts.REPORT_CODES)]
    assert set(FactDay.objects.get(day=today).partial) == facts.first_fill_codes()
    assert facts.check(today, today) == []
