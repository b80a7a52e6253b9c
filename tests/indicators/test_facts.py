"""Daily indicator facts: equal to the live computation, corrected day by day, read "as known on" a date."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.indicators import dashboards, fact_journal, facts, registry
from relais.indicators.dashboards import Filters
from relais.indicators.enums import Audience
from relais.indicators.fact_reader import reading
from relais.indicators.models import FactChange, FactDay, IndicatorFact
from relais.indicators.registry import end_of
from relais.people.services import person_merge, person_merge_undo
from relais.reports.models import SituationReport
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind
from relais.structures.models import Structure
from relais.structures.services import places_add
from relais.users.enums import Role
from tests.factories import CapacityTargetFactory, ProgrammeFactory, StructureFactory, UserFactory
from tests.helpers import assert_published
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _live_rows(indicator, as_of, by=(), where=None):
    return indicator.rows(as_of=as_of, by=by, where=where, keys=True, live=True)


def _read_rows(indicator, as_of, by=(), where=None):
    with reading() as reader:
        found = reader.rows(indicator, as_of=as_of, by=tuple(by), where=dict(where or {}))
    assert found is not None, (indicator.code, by, where)
    return [{**r, "value": indicator.clean(r["value"])} for r in found]


def _same(rows, dimension=None):
    """Rows compared whatever their order, on what facts keep (the dimension, the value, the cell key);
    a row without a cell key has the key None (publication.perturb)."""
    return sorted(repr((r.get(dimension), r["value"], r.get("_key"))) for r in rows)


def test_facts_equal_the_live_figures_on_the_demo_data(client, django_assert_num_queries):
    call_command("seed_demo", stdout=None)
    today = timezone.localdate()
    days = [today - 3 * DAY, today - DAY, today]
    facts.refresh(days=days, fill_window=False)
    assert set(days) <= set(FactDay.objects.values_list("day", flat=True))
    # Every catalogue indicator, its total and each stored dimension, and one value of it as a filter.
    assert facts.check(days[0], today) == []
    for day in days:
        as_of = FactDay.objects.get(day=day).as_of
        for indicator in facts.catalogue().values():
            assert _same(_read_rows(indicator, as_of)) == _same(_live_rows(indicator, as_of)), indicator.code
            for dimension in indicator.paths:
                live = _live_rows(indicator, as_of, by=[dimension])
                read = _read_rows(indicator, as_of, by=[dimension])
                assert _same(read, dimension) == _same(live, dimension), (indicator.code, dimension)
                for row in live[:2]:
                    where = {dimension: row[dimension]}
                    expected = _live_rows(indicator, as_of, where=where)
                    read = _read_rows(indicator, as_of, where=where)
                    assert [r["value"] for r in read] == [r["value"] for r in expected], (indicator.code, where)

    # The comité's dashboard read from the facts is the one computed from history, cell for cell
    # (published figures included: the same values and the same cell keys give the same noise).
    filters = Filters(day=today - DAY)
    from_facts = dashboards.build(Audience.COMITE, filters)
    FactDay.objects.all().delete()
    assert dashboards.build(Audience.COMITE, filters) == from_facts
    facts.refresh(days=[today, today - DAY, dashboards.months_before(today, 12)], fill_window=False)
    as_of = timezone.localtime(FactDay.objects.get(day=today).as_of)
    today_from_facts = dashboards.build(Audience.COMITE, Filters(day=today))
    assert today_from_facts["as_of"] == as_of.isoformat()
    assert today_from_facts == dashboards._build(Audience.COMITE, Filters(day=today), as_of, None)

    # Outside audiences still get published figures.
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("dashboards:comite"))
    shown = next(f for f in response.context["dashboard"]["figures"] if f["id"] == "persons_housed")
    assert_published(shown["display"], registry.get("persons_housed").total(as_of=as_of, live=True))


def _computed_structure() -> Structure:
    return (
        Structure.objects.filter(availability_mode=AvailabilityMode.COMPUTED, kind=StructureKind.HOTEL)
        .order_by("pk")
        .first()
    )


def test_a_back_dated_stay_changes_exactly_the_days_it_touches(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=None)
    today = timezone.localdate()
    days = [today - n * DAY for n in range(14, -1, -1)]
    facts.refresh(days=days, fill_window=False)
    report = SituationReport.objects.latest("pk")
    frozen = (report.snapshot, report.pdf_sha256)
    # The facts were entered yesterday.
    yesterday = end_of(today - DAY)
    IndicatorFact.objects.update(recorded_at=yesterday - datetime.timedelta(hours=1))
    structure = _computed_structure()
    before = {
        day: _read_rows(registry.get("places_occupied"), end_of(day), where={"structure": structure.pk})[0]["value"]
        for day in days[:-1]
    }

    started = today - 10 * DAY
    fact_journal.discard()
    with django_capture_on_commit_callbacks(execute=True):
        Stay.objects.create(
            person=PersonFactory(),
            structure=structure,
            admitted_at=timezone.make_aware(datetime.datetime.combine(started, datetime.time(11))),
            admitted_by=UserFactory(role=Role.OPERATEUR),
        )
    assert set(FactChange.objects.values_list("area", "day")) == {("stays", started), ("people", today)}
    # Not refreshed yet: the days it touches are read from history, the others still from the facts.
    with reading() as reader:
        assert reader.covers(registry.get("places_occupied"), end_of(started), set()) is None
        assert reader.covers(registry.get("places_occupied"), end_of(started - DAY), set()) is not None

    now = timezone.now()
    facts.refresh(now=now, days=days, fill_window=False)
    rewritten = IndicatorFact.objects.filter(recorded_at=now)
    assert min(rewritten.values_list("day", flat=True)) == started
    occupied = rewritten.filter(indicator="places_occupied", dimension="structure", member=str(structure.pk))
    assert sorted(occupied.values_list("day", flat=True)) == [d for d in days if d >= started]
    for day in days[:-1]:
        read = _read_rows(registry.get("places_occupied"), end_of(day), where={"structure": structure.pk})
        assert read[0]["value"] == before[day] + (1 if day >= started else 0)
        # As known yesterday: the figure given then.
        with reading(known_on=yesterday) as reader:
            known = reader.rows(
                registry.get("places_occupied"), as_of=end_of(day), by=(), where={"structure": structure.pk}
            )
        assert known[0]["value"] == before[day]
    drift = facts.check(days[0], today)
    assert drift == [], "\n".join(drift[:8] + drift[-8:])
    assert not FactChange.objects.exists()
    # A frozen situation report keeps the figures it was made with.
    report.refresh_from_db()
    assert (report.snapshot, report.pdf_sha256) == frozen


def test_the_comite_dashboard_runs_a_fixed_number_of_queries_on_facts(client, django_assert_num_queries):
    client.force_login(UserFactory(role=Role.COMITE))
    programme = ProgrammeFactory()
    CapacityTargetFactory(programme=programme)
    StructureFactory(places=2, occupied=1, programme=programme, kind=StructureKind.HOTEL)
    today = timezone.localdate()
    wanted = [today, dashboards.months_before(today, 12)]
    facts.refresh(days=wanted, fill_window=False)
    client.get(reverse("dashboards:comite"))
    facts.refresh(days=wanted, fill_window=False)  # the published universes are computed again...
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("dashboards:comite"))
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("dashboards:comite"))  # ...then read from the memo of the facts' version
    assert len(again.captured_queries) < len(first.captured_queries)
    for n in range(6):
        other = ProgrammeFactory()
        CapacityTargetFactory(programme=other, places=10 + n)
        StructureFactory(places=3, occupied=2, cog=f"751{n + 10}", programme=other, kind=StructureKind.HOTEL)
        StructureFactory(places=4, kind=StructureKind.LHSS)
    facts.refresh(days=wanted, fill_window=False)
    FactChange.objects.all().delete()  # the test's writes are not committed: their journal is not written
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("dashboards:comite"))
    with django_assert_num_queries(len(again.captured_queries)):
        client.get(reverse("dashboards:comite"))


def test_the_journal_notes_the_earliest_day_once_committed(django_capture_on_commit_callbacks):
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED)
    FactChange.objects.all().delete()
    person = PersonFactory()
    FactChange.objects.all().delete()
    entered = timezone.now() - 5 * DAY
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stay = Stay.objects.create(
            person=person, structure=structure, admitted_at=entered, admitted_by=UserFactory(role=Role.OPERATEUR)
        )
        assert not FactChange.objects.exists()  # nothing written inside the transaction
    assert callbacks
    # (Notes of the test's uncommitted transactions come along: a rolled back change is written at the next commit.)
    assert _noted("stays") == [timezone.localdate(entered)]
    FactChange.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        stay.exited_at, stay.exit_destination = timezone.now() - DAY, ExitDestination.values[0]
        stay.save(update_fields=["exited_at", "exit_destination"])
    # An exit touches the days from the exit, not from the admission.
    assert _noted("stays") == [timezone.localdate(stay.exited_at)]


def _noted(area):
    return list(FactChange.objects.filter(area=area).values_list("day", flat=True))


def test_places_added_in_bulk_from_a_past_day_are_noted_from_that_day(django_capture_on_commit_callbacks):
    structure = StructureFactory(places=0)
    FactChange.objects.all().delete()
    fact_journal.discard()  # the notes of the test's own uncommitted writes (a new structure: every day)
    since = timezone.localdate() - 7 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        places_add(structure=structure, count=3, kind=PlaceKind.BED, label_prefix="Lit", in_service_from=since)
    assert _noted("structures") == [since]


def test_a_merge_of_two_records_touches_every_day_of_the_rows_it_moves(django_capture_on_commit_callbacks):
    source, target = PersonFactory(), PersonFactory()
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED)
    Stay.objects.create(
        person=source,
        structure=structure,
        admitted_at=timezone.now() - 400 * DAY,
        exited_at=timezone.now() - 300 * DAY,
        exit_destination=ExitDestination.values[0],
        admitted_by=UserFactory(role=Role.OPERATEUR),
    )
    FactChange.objects.all().delete()
    fact_journal.discard()
    with django_capture_on_commit_callbacks(execute=True):
        merge = person_merge(source=source, target=target, by=UserFactory(role=Role.COORDINATION))
    assert None in _noted("stays")  # distinct persons change on every day the moved stay counted
    FactChange.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        person_merge_undo(merge=merge, by=UserFactory(role=Role.COORDINATION))
    assert None in _noted("stays")


def test_a_date_moved_later_touches_the_days_from_its_old_value(django_capture_on_commit_callbacks):
    """An admission moved from the 3rd to the 10th un-counts days 3 to 9: they are recomputed too."""
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED, kind=StructureKind.HOTEL)
    today = timezone.localdate()
    days = [today - n * DAY for n in range(12, -1, -1)]
    first, moved = today - 10 * DAY, today - 3 * DAY
    stay = Stay.objects.create(
        person=PersonFactory(),
        structure=structure,
        admitted_at=timezone.make_aware(datetime.datetime.combine(first, datetime.time(11))),
        admitted_by=UserFactory(role=Role.OPERATEUR),
    )
    facts.refresh(days=days, fill_window=False)
    assert facts.check(days[0], today) == []
    fact_journal.discard()
    FactChange.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        stay.admitted_at = timezone.make_aware(datetime.datetime.combine(moved, datetime.time(11)))
        stay.save(update_fields=["admitted_at"])
    assert _noted("stays") == [first]
    facts.refresh(fill_window=False)  # only what the journal says changed
    drift = facts.check(days[0], today)
    assert drift == [], "\n".join(drift[:8])

    # Likewise an exit moved later (a plain save, every field), and a row loaded without its dates.
    with django_capture_on_commit_callbacks(execute=True):
        stay.exited_at = timezone.make_aware(datetime.datetime.combine(today - 2 * DAY, datetime.time(9)))
        stay.exit_destination = ExitDestination.values[0]
        stay.save()
    facts.refresh(fill_window=False)
    FactChange.objects.all().delete()
    fact_journal.discard()
    with django_capture_on_commit_callbacks(execute=True):
        partial = Stay.objects.only("pk").get(pk=stay.pk)
        partial.exited_at = timezone.now()
        partial.save(update_fields=["exited_at"])
    assert _noted("stays") == [today - 2 * DAY]
    facts.refresh(fill_window=False)
    drift = facts.check(days[0], today)
    assert drift == [], "\n".join(drift[:8])
