"""Person-level indicators against a hand-built fixture whose answers are known, now and as of past dates."""

import datetime

import pytest

from relais.indicators import registry
from relais.indicators.people import MEDIAN_MIN_COUNT, PERSON_INDICATORS
from relais.indicators.registry import UnsupportedDimension, end_of
from relais.pathways.enums import StepKind
from relais.people.models import Person
from relais.referrals.enums import DeclineReason, ReferralStatus
from relais.stays.enums import ExitDestination
from relais.structures.enums import StructureKind
from tests.factories import StructureFactory
from tests.indicators.people_world import H, at, build_world, referral
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world():
    return build_world()


def total(code, day, where=None):
    return registry.get(code).total(as_of=end_of(day), where=where)


def by(code, day, dimension, where=None):
    return {r[dimension]: r["value"] for r in registry.get(code).rows(as_of=end_of(day), by=[dimension], where=where)}


def test_persons_housed_tonight_as_of_dates(world):
    assert total("persons_housed", D(2024, 3, 31)) == 2  # A and C
    assert by("persons_housed", D(2024, 3, 31), "kind") == {StructureKind.HOTEL: 1, StructureKind.REST_NIGHT: 1}
    assert by("persons_housed", D(2024, 3, 12), "programme") == {"assore": 2}  # A and B in the hotel
    assert total("persons_housed", D(2024, 1, 10)) == 1  # D
    assert total("persons_housed", D(2024, 4, 3)) == 1  # C left on 2 April
    assert total("persons_housed", D(2024, 3, 31), where={"organization": world["phare"].pk}) == 1


def test_nights_provided_in_the_period(world):
    # A: 1 → 31 March (30 nights in the period), B: 10 → 15 March (5), C: 30 → 31 March so far (1).
    assert total("nights_provided", D(2024, 3, 31)) == 36
    assert by("nights_provided", D(2024, 3, 31), "kind") == {StructureKind.HOTEL: 35, StructureKind.REST_NIGHT: 1}
    # On 31 January: D from 5 January (26 nights, the period starts on 1 January).
    assert total("nights_provided", D(2024, 1, 31)) == 26
    assert total("nights_provided", D(2023, 12, 31)) == 0


def test_distinct_persons_across_associations_and_merges(world):
    # A, B, C (stays, referrals), F = F2 (same matching key), G counted as A, K without key; not D, nor the
    # anonymous contact.
    assert total("persons_distinct", D(2024, 3, 31)) == 5
    # In February: A (stay, referral r4), D (stay until 1 Feb, step on 10 Feb).
    assert total("persons_distinct", D(2024, 2, 29)) == 2
    rows = registry.get("persons_distinct").rows(as_of=end_of(D(2024, 3, 31)))
    assert rows == [{"value": 5}]  # a count, nothing that names anyone


def test_referrals_sent_answered_and_expired_in_the_period(world):
    day = D(2024, 3, 31)
    assert total("referrals_sent", day) == 4  # r1, r2, r3, r5 (r4 was sent in February)
    assert by("referrals_sent", day, "kind") == {StructureKind.HOTEL: 2, StructureKind.REST_NIGHT: 2}
    assert total("referrals_accepted", day) == 2  # r1, r4
    assert total("referrals_declined", day) == 1
    assert by("referrals_declined", day, "reason") == {DeclineReason.NO_PLACE: 1}
    assert total("referrals_expired", day) == 1
    assert total("referrals_sent", day, where={"organization": world["horizon"].pk}) == 2


def test_as_of_across_a_referrals_transitions(world):
    """r4 (sent 25 Feb) is pending until it is accepted on 10 March; r5 (sent 29 Mar) until 2 April."""
    assert total("referrals_pending", D(2024, 3, 9)) == 1  # r4
    assert total("referrals_accepted", D(2024, 3, 9)) == 1  # r1 only
    assert total("referrals_pending", D(2024, 3, 10)) == 0
    assert total("referrals_accepted", D(2024, 3, 10)) == 2  # r1 and r4
    assert total("referrals_pending", D(2024, 3, 5)) == 2  # r4 and r2 (acknowledged, not yet declined)
    assert total("referrals_pending", D(2024, 3, 25)) == 1  # r3, expired on 28 March
    assert total("referrals_pending", D(2024, 3, 31)) == 1  # r5, sent
    assert total("referrals_pending", D(2024, 4, 1)) == 1  # r5, acknowledged
    assert total("referrals_pending", D(2024, 4, 2)) == 0  # r5 accepted
    # The window of 2 April starts after r1's acceptance (3 March 10:00 < 3 March end of day).
    assert total("referrals_accepted", D(2024, 4, 2)) == 2  # r4 and r5


def test_exits_by_destination(world):
    assert by("exits", D(2024, 3, 31), "exit_destination") == {ExitDestination.HOUSING: 1}
    assert by("exits", D(2024, 4, 30), "exit_destination") == {ExitDestination.STREET: 1}
    assert by("exits", D(2024, 2, 15), "exit_destination") == {ExitDestination.LOST: 1}


def test_pathway_steps_by_kind_psychiatric_among_them(world):
    day = D(2024, 3, 31)
    assert by("pathway_steps", day, "step_kind") == {StepKind.PSY_ASSESSMENT: 1, StepKind.CSAPA: 1}
    assert total("psychiatric_steps", day) == 1
    assert total("pathway_steps", D(2024, 2, 29)) == 1  # D's housing application


def _waiting(n, structure, sent_day, hours_to_ack, hours_to_admit=None):
    for i in range(n):
        sent = at(sent_day, 8)
        steps = [(ReferralStatus.ACKNOWLEDGED, sent + (hours_to_ack + i) * H)]
        if hours_to_admit is not None:
            steps += [
                (ReferralStatus.ACCEPTED, sent + (hours_to_ack + i) * H),
                (ReferralStatus.ADMITTED, sent + (hours_to_admit + 2 * i) * H),
            ]
        referral(PersonFactory(consented=True), structure, sent, *steps)


def test_median_waiting_times_need_enough_referrals():
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=3)
    night = StructureFactory(kind=StructureKind.REST_NIGHT, places=3)
    day = D(2024, 6, 30)
    # 11 to the hotel: acknowledged after 1 … 11 hours, admitted after 24, 26 … 44 hours.
    _waiting(MEDIAN_MIN_COUNT, hotel, D(2024, 6, 10), 1, 24)
    # 4 to the night space: too few for a median of their own.
    _waiting(4, night, D(2024, 6, 12), 20)
    assert total("referral_wait_acknowledged", day) == 8.0  # median of 1…11 and 20…23 (15 values)
    assert by("referral_wait_acknowledged", day, "kind") == {StructureKind.HOTEL: 6.0, StructureKind.REST_NIGHT: None}
    assert total("referral_wait_admitted", day) == 34.0
    assert total("referral_wait_admitted", D(2024, 5, 31)) is None  # nothing in that period
    # Before the admissions happened (on 10 June at 08:00 + 24 h at the earliest), no admission delay is known.
    assert total("referral_wait_admitted", D(2024, 6, 10)) is None


def test_a_median_over_an_even_count():
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=3)
    _waiting(12, hotel, D(2024, 6, 10), 1)  # 1 … 12 hours
    assert total("referral_wait_acknowledged", D(2024, 6, 30)) == 6.5


def test_every_person_level_indicator_is_person_derived_and_defined():
    assert len(PERSON_INDICATORS) == 13
    for code in PERSON_INDICATORS:
        indicator = registry.get(code)
        assert indicator.person_derived and indicator.definition and indicator.source, code
    with pytest.raises(UnsupportedDimension):
        registry.get("persons_distinct").rows(as_of=end_of(D(2024, 3, 31)), by=["kind"])
    with pytest.raises(UnsupportedDimension):
        registry.get("pathway_steps").rows(as_of=end_of(D(2024, 3, 31)), by=["kind"])


def test_undoing_a_merge_counts_the_record_apart_again(world):
    assert total("persons_distinct", D(2024, 3, 31)) == 5
    Person.objects.filter(merged_into__isnull=False).update(merged_into=None)
    assert total("persons_distinct", D(2024, 3, 31)) == 6
