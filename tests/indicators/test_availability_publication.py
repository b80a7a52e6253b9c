"""The occupancy by structure that outside audiences read, computed from the live rows and kept per
process, is the publisher's cell for cell (the slow way recomputes it from the history)."""

import datetime

import pytest
from django.utils import timezone

from relais.indicators.availability import forget_published, published_cells
from relais.indicators.publication import Publisher
from relais.stays.enums import ExitDestination
from relais.structures.enums import StructureKind
from relais.structures.services import occupancy_declare
from tests.factories import ProgrammeFactory, StructureFactory, UserFactory
from tests.people.factories import StayFactory

pytestmark = pytest.mark.django_db


def _network():
    group = ProgrammeFactory(code="dispositif")
    member = ProgrammeFactory(code="membre", group=group)
    declared = [
        StructureFactory(places=40, occupied=n, kind=kind, cog=cog, programme=programme)
        for n, kind, cog, programme in (
            (0, StructureKind.CHRS, "75118", None),
            (3, StructureKind.CHRS, "75118", member),
            (12, StructureKind.REST_NIGHT, "75119", member),
            (25, StructureKind.REST_NIGHT, "75119", group),
            (38, StructureKind.CHRS, "75120", None),
        )
    ]
    computed = [
        StructureFactory(places=30, availability_mode="computed", kind=StructureKind.HOTEL, cog=cog, programme=member)
        for cog in ("75118", "75119", "75120")
    ]
    for structure, stays in zip(computed, (2, 14, 21), strict=True):
        by = UserFactory(operateur_of=structure.operator)
        for _ in range(stays):
            StayFactory(structure=structure, admitted_by=by)
    return declared, computed


def test_live_cells_are_the_publishers_cells_recomputed_from_the_history():
    declared, computed = _network()
    live = published_cells(Publisher())
    history = published_cells(Publisher(), as_of=timezone.now())
    assert live == history
    assert set(live["declared"]) >= {s.pk for s in declared[1:]}
    assert set(live["computed"]) == {s.pk for s in computed}
    assert live["computed"][computed[0].pk].mark  # 2 persons: never given


def test_a_declaration_gives_the_new_cell_at_once():
    declared, _ = _network()
    before = published_cells(Publisher())["declared"][declared[3].pk]
    occupancy_declare(structure=declared[3], occupied=31, by=UserFactory(operateur_of=declared[3].operator))
    after = published_cells(Publisher())
    assert after == published_cells(Publisher(), as_of=timezone.now())
    assert after["declared"][declared[3].pk] != before
    forget_published()
    assert published_cells(Publisher()) == after


def test_a_person_counted_in_two_structures_sends_the_breakdowns_back_to_the_indicator():
    """A stay whose exit is dated ahead overlaps the next one: the sums of structures would count the
    person twice, the total tells, and the indicator gives its own breakdowns."""
    _, computed = _network()
    moved = StayFactory(structure=computed[1]).person
    StayFactory(
        person=moved,
        structure=computed[2],
        admitted_at=timezone.now() - datetime.timedelta(days=3),
        exited_at=timezone.now() + datetime.timedelta(days=1),
        exit_destination=ExitDestination.OTHER_STRUCTURE,
    )
    # Persons housed only: the live rows count a stay open until its exit is recorded, the history
    # until the date written on it, so places occupied differ in this case (`with_availability`).
    live, history = published_cells(Publisher()), published_cells(Publisher(), as_of=timezone.now())
    assert live["computed"] == history["computed"]


def test_another_process_s_write_is_seen_within_the_recheck_delay_this_process_s_at_once(
    settings, monkeypatch, django_assert_num_queries
):
    """Whether the live rows changed is asked at most every RELAIS_PUBLISHED_RECHECK_SECONDS; a write of
    live rows by this process makes the next reading ask at once."""
    from relais.indicators import availability

    declared, _ = _network()
    by = UserFactory(operateur_of=declared[3].operator)
    settings.RELAIS_PUBLISHED_RECHECK_SECONDS = 3600
    first = published_cells(Publisher())
    # Another process declares: its write reaches the database, not this process's count of its writes.
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(availability, "writes_made", lambda: availability._published["writes"])
        occupancy_declare(structure=declared[3], occupied=35, by=by)
        with django_assert_num_queries(0):
            assert published_cells(Publisher()) is first
    settings.RELAIS_PUBLISHED_RECHECK_SECONDS = 0  # the delay has passed
    second = published_cells(Publisher())
    assert second["declared"][declared[3].pk] != first["declared"][declared[3].pk]
    assert second == published_cells(Publisher(), as_of=timezone.now())
    settings.RELAIS_PUBLISHED_RECHECK_SECONDS = 3600
    occupancy_declare(structure=declared[3], occupied=10, by=by)  # this process: seen at once
    third = published_cells(Publisher())
    assert third["declared"][declared[3].pk] != second["declared"][declared[3].pk]
    assert third == published_cells(Publisher(), as_of=timezone.now())
