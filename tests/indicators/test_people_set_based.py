"""The person-level indicators rewritten for national scale give the same figures as their first, plainer
formulation (kept here as the reference), day after day, on the hand-built world and more persons."""

import datetime

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from relais.indicators import registry
from relais.indicators.people import _in_period, _person_key, period_start
from relais.indicators.registry import end_of
from relais.pathways.enums import StepKind, StepStatus
from relais.pathways.models import PathwayStep
from relais.people.models import Contact, Person
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.stays.models import Stay
from tests.indicators.people_world import at, build_world, referral
from tests.people.factories import ContactFactory, PathwayStepFactory, PersonFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def persons_distinct_reference(as_of):
    """The first formulation: every person tried against the four sources, one `IN` subquery each."""
    start, day = period_start(as_of), timezone.localdate(as_of)
    first = timezone.localdate(start)
    active = (
        Q(pk__in=Contact.objects.filter(_in_period("occurred_at", as_of)).values("person_id"))
        | Q(pk__in=Referral.objects.filter(_in_period("sent_at", as_of)).values("person_id"))
        | Q(
            pk__in=Stay.objects.filter(
                Q(exited_at__isnull=True) | Q(exited_at__gt=start), admitted_at__lte=as_of
            ).values("person_id")
        )
        | Q(
            pk__in=PathwayStep.objects.filter(on__gt=first, on__lte=day)
            .exclude(status=StepStatus.CANCELLED)
            .values("person_id")
        )
    )
    persons = Person.objects.filter(active).annotate(key=_person_key())
    return persons.aggregate(value=Count("key", distinct=True))["value"]


@pytest.fixture
def crowd():
    """The world, and around it persons known several times, merged, without key, seen by one source or
    several, in and out of each period."""
    world = build_world()
    hotel, night = world["hotel"], world["night"]
    someone = PersonFactory(organization=world["phare"], alias="Mêmenom", year_of_birth=1975)
    for n in range(12):
        person = PersonFactory(
            organization=world["horizon"] if n % 2 else world["phare"],
            alias="Mêmenom" if n % 4 == 0 else f"Personne {n}",
            year_of_birth=1975 if n % 4 == 0 else 1960 + n,
            merged_into=someone if n % 5 == 3 else None,
        )
        if n % 6 == 5:
            Person.objects.filter(pk=person.pk).update(matching_key="")
        day = D(2024, 1, 3) + datetime.timedelta(days=9 * n)
        if n % 3 == 0:
            ContactFactory(person=person, occurred_at=at(day))
        if n % 3 == 1:
            StayFactory(
                person=person,
                structure=night if n % 2 else hotel,
                admitted_at=at(day),
                exited_at=at(day + datetime.timedelta(days=20)) if n % 4 else None,
                exit_destination="housing" if n % 4 else "",
            )
        if n % 4 == 2:
            referral(person, hotel, at(day), (ReferralStatus.DECLINED, at(day + datetime.timedelta(days=1))))
        if n % 5 == 0:
            status = StepStatus.CANCELLED if n % 2 else StepStatus.DONE
            PathwayStepFactory(
                person=person, kind=StepKind.HOUSING, on=day, organization=world["horizon"], status=status
            )
    return world


def test_distinct_persons_as_before_every_few_days(crowd):
    indicator = registry.get("persons_distinct")
    day, seen = D(2023, 12, 20), set()
    while day <= D(2024, 6, 1):
        expected = persons_distinct_reference(end_of(day))
        assert indicator.total(as_of=end_of(day)) == expected, day
        seen.add(expected)
        day += datetime.timedelta(days=4)
    assert len(seen) > 4  # the figure moved over the months: the comparison says something
