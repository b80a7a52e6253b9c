"""Person-level indicators against a hand-built fixture whose answers are known, now and as of past dates."""

import datetime

import pytest
from django.utils import timezone

from relais.indicators import registry
from relais.indicators.people import MEDIAN_MIN_COUNT
from relais.indicators.registry import end_of
from relais.pathways.enums import StepKind, StepStatus
from relais.referrals.enums import DeclineReason, ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.stays.enums import ExitDestination
from relais.structures.enums import StructureKind
from tests.factories import OrganizationFactory, ProgrammeFactory, StructureFactory
from tests.people.factories import ContactFactory, PathwayStepFactory, PersonFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date
H = datetime.timedelta(hours=1)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def total(code, day, where=None):
    return registry.get(code).total(as_of=end_of(day), where=where)


def by(code, day, dimension, where=None):
    return {r[dimension]: r["value"] for r in registry.get(code).rows(as_of=end_of(day), by=[dimension], where=where)}


def referral(person, structure, sent, *steps, reason=""):
    """A referral sent at `sent`, then each (status, at) transition; the dated fields follow them."""
    r = Referral.objects.create(
        person=person,
        from_organization=person.created_by_organization,
        sent_by=person.created_by,
        to_structure=structure,
        to_kind=structure.kind,
        sent_at=sent,
    )
    ReferralTransition.objects.create(referral=r, status=ReferralStatus.SENT, at=sent)
    for status, moment in steps:
        ReferralTransition.objects.create(
            referral=r, status=status, at=moment, reason=reason if status == ReferralStatus.DECLINED else ""
        )
        r.status = status
        if status == ReferralStatus.ACKNOWLEDGED:
            r.acknowledged_at = moment
        if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
            r.acknowledged_at = r.acknowledged_at or moment
            r.answered_at = moment
        if status == ReferralStatus.DECLINED:
            r.decline_reason = reason
        if status == ReferralStatus.ADMITTED:
            r.admitted_at = moment
    r.save()
    return r


@pytest.fixture
def world():
    """March 2024 (the period of 30 days ending on 31 March 2024):

    Stays — A in the hotel since 20 Feb (open); B in the hotel 10 → 15 March (exit to housing);
    C in the night space 30 March → 2 April (exit to the street); D in the night space January only;
    E admitted on 5 April. Referrals — r1 A→hotel sent 2 Mar, acknowledged +2 h, accepted 3 Mar, admitted
    4 Mar; r2 B→hotel sent 5 Mar, acknowledged +4 h, declined 6 Mar (no place); r3 C→night sent 20 Mar,
    expired 28 Mar; r4 A→night sent 25 Feb, accepted 10 Mar; r5 B→night sent 29 Mar, acknowledged 1 Apr,
    accepted 2 Apr. Contacts in March — F and F2 (two associations, same alias: one person), G (merged into A),
    K (no matching key). Steps — C psychiatric assessment 10 Mar (done), A CSAPA 12 Mar (in progress),
    B psychiatric hospitalisation 15 Mar (planned), A somatic 20 Mar (cancelled), D housing 10 Feb.
    """
    horizon, phare, other = (OrganizationFactory(short_name=n) for n in ("Horizon", "Phare", "Autre"))
    assore = ProgrammeFactory(code="assore", name="ASSORE", operator=horizon)
    hotel = StructureFactory(
        kind=StructureKind.HOTEL, programme=assore, operator=horizon, cog="75119", places=5, availability_mode="computed"
    )
    night = StructureFactory(
        kind=StructureKind.REST_NIGHT, operator=phare, cog="75118", places=5, availability_mode="computed"
    )
    a, b, c, d, e = (PersonFactory(organization=other, consented=True) for _ in range(5))
    StayFactory(person=a, structure=hotel, admitted_at=at(D(2024, 2, 20), 20))
    StayFactory(
        person=b,
        structure=hotel,
        admitted_at=at(D(2024, 3, 10), 18),
        exited_at=at(D(2024, 3, 15), 10),
        exit_destination=ExitDestination.HOUSING,
    )
    StayFactory(
        person=c,
        structure=night,
        admitted_at=at(D(2024, 3, 30), 21),
        exited_at=at(D(2024, 4, 2), 9),
        exit_destination=ExitDestination.STREET,
    )
    StayFactory(
        person=d,
        structure=night,
        admitted_at=at(D(2024, 1, 5)),
        exited_at=at(D(2024, 2, 1)),
        exit_destination=ExitDestination.LOST,
    )
    StayFactory(person=e, structure=night, admitted_at=at(D(2024, 4, 5)))
    referral(
        a,
        hotel,
        at(D(2024, 3, 2), 10),
        (ReferralStatus.ACKNOWLEDGED, at(D(2024, 3, 2), 12)),
        (ReferralStatus.ACCEPTED, at(D(2024, 3, 3), 10)),
        (ReferralStatus.ADMITTED, at(D(2024, 3, 4), 10)),
    )
    referral(
        b,
        hotel,
        at(D(2024, 3, 5), 10),
        (ReferralStatus.ACKNOWLEDGED, at(D(2024, 3, 5), 14)),
        (ReferralStatus.DECLINED, at(D(2024, 3, 6), 10)),
        reason=DeclineReason.NO_PLACE,
    )
    referral(c, night, at(D(2024, 3, 20), 10), (ReferralStatus.EXPIRED, at(D(2024, 3, 28), 10)))
    referral(a, night, at(D(2024, 2, 25), 10), (ReferralStatus.ACCEPTED, at(D(2024, 3, 10), 10)))
    referral(
        b,
        night,
        at(D(2024, 3, 29), 10),
        (ReferralStatus.ACKNOWLEDGED, at(D(2024, 4, 1), 10)),
        (ReferralStatus.ACCEPTED, at(D(2024, 4, 2), 10)),
    )
    f = PersonFactory(organization=horizon, alias="Le Grand", year_of_birth=1980)
    f2 = PersonFactory(organization=phare, alias="le grand", year_of_birth=1980)
    assert f.matching_key == f2.matching_key and f.pk != f2.pk
    g = PersonFactory(organization=phare, merged_into=a)
    k = PersonFactory(organization=phare, matching_key="")
    for person, day in ((f, 5), (f2, 6), (g, 7), (k, 8)):
        ContactFactory(person=person, occurred_at=at(D(2024, 3, day)))
    ContactFactory(person=None, organization=phare, occurred_at=at(D(2024, 3, 9)), people_count=4)
    PathwayStepFactory(person=c, kind=StepKind.PSY_ASSESSMENT, on=D(2024, 3, 10), organization=other)
    PathwayStepFactory(
        person=a, kind=StepKind.CSAPA, on=D(2024, 3, 12), organization=other, status=StepStatus.IN_PROGRESS
    )
    PathwayStepFactory(
        person=b, kind=StepKind.PSY_HOSPITALISATION, on=D(2024, 3, 15), organization=other, status=StepStatus.PLANNED
    )
    PathwayStepFactory(
        person=a, kind=StepKind.SOMATIC, on=D(2024, 3, 20), organization=other, status=StepStatus.CANCELLED
    )
    PathwayStepFactory(person=d, kind=StepKind.HOUSING, on=D(2024, 2, 10), organization=other)
    return {"hotel": hotel, "night": night, "horizon": horizon, "phare": phare}


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
    assert by("exits", D(2024, 3, 31), "destination") == {ExitDestination.HOUSING: 1}
    assert by("exits", D(2024, 4, 30), "destination") == {ExitDestination.STREET: 1}
    assert by("exits", D(2024, 2, 15), "destination") == {ExitDestination.LOST: 1}


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


def test_every_person_level_indicator_is_person_derived():
    codes = [
        "persons_housed",
        "nights_provided",
        "persons_distinct",
        "referrals_sent",
        "referrals_accepted",
        "referrals_declined",
        "referrals_expired",
        "referrals_pending",
        "referral_wait_acknowledged",
        "referral_wait_admitted",
        "exits",
        "pathway_steps",
        "psychiatric_steps",
    ]
    for code in codes:
        assert registry.get(code).person_derived, code
        assert registry.get(code).definition, code
