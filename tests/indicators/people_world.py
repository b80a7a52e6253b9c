"""A hand-built world of persons, stays, referrals, contacts and steps whose indicators are known (March 2024)."""

import datetime

from django.utils import timezone

from relais.pathways.enums import StepKind, StepStatus
from relais.referrals.enums import DeclineReason, ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.stays.enums import ExitDestination
from relais.structures.enums import StructureKind
from tests.factories import OrganizationFactory, ProgrammeFactory, StructureFactory
from tests.people.factories import ContactFactory, PathwayStepFactory, PersonFactory, StayFactory

D = datetime.date
H = datetime.timedelta(hours=1)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


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


def build_world():
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
        kind=StructureKind.HOTEL,
        programme=assore,
        operator=horizon,
        cog="75119",
        places=5,
        availability_mode="computed",
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
