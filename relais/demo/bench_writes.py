"""Writes at rate (`manage.py bench_writes`): processes that each run, through the services, the
referral → acceptance → admission → exit cycle on the computed-mode structures of the generated national
data, then the invariants: no place with two open stays, never more open stays than places in service,
the live rows equal to the history (no drift)."""

import datetime
import multiprocessing
import random
import time

from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection
from django.db.models import Count
from django.utils import timezone

from relais.demo.national import OPERATOR_PREFIX
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent, Person
from relais.referrals.enums import PENDING, ReferralStatus
from relais.referrals.services import referral_accept, referral_send
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.stays.services import stay_admit, stay_exit
from relais.structures.enums import AvailabilityMode
from relais.structures.live import availability_drift
from relais.structures.models import PlaceServicePeriod, Structure
from relais.users.enums import GrantStatus, OrganizationKind, Role
from relais.users.models import AccessGrant, Organization, User

WRITER = "bench-writes"


def _writer() -> User:
    org, _ = Organization.objects.get_or_create(
        name=f"{OPERATOR_PREFIX} coordination", defaults={"short_name": "RNGC", "kind": OrganizationKind.ASSOCIATION}
    )
    user, created = User.objects.get_or_create(username=WRITER)
    if created:
        user.set_unusable_password()
        user.save()
        AccessGrant.objects.create(
            user=user,
            organization=org,
            role=Role.COORDINATION,
            valid_from=datetime.date(2018, 1, 1),
            status=GrantStatus.APPROVED,
        )
    return user


def prepare(*, persons: int) -> tuple[int, list[int], list[str]]:
    """The writer, the structures written to (computed mode, with a free place), persons with consent
    and no open stay."""
    user = _writer()
    structures = list(
        Structure.objects.filter(availability_mode=AvailabilityMode.COMPUTED, availability__free__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    people = list(
        Person.objects.filter(created_by_organization__name__startswith=OPERATOR_PREFIX)
        .exclude(stays__exited_at__isnull=True)
        .exclude(referrals__status__in=PENDING | {ReferralStatus.ACCEPTED})
        .values_list("pk", flat=True)[:persons]
    )
    with_consent = set(
        Consent.objects.filter(person__in=people, purpose=ConsentPurpose.COORDINATION).values_list("person", flat=True)
    )
    Consent.objects.bulk_create(
        [
            Consent(person_id=p, purpose=ConsentPurpose.COORDINATION, recorded_by=user, organization=user.organization)
            for p in people
            if p not in with_consent
        ],
        batch_size=5000,
    )
    return user.pk, structures, [str(p) for p in people]


def _worker(args) -> tuple[int, int, int]:
    """Cycles until `deadline`; returns (operations, refusals, errors)."""
    user_pk, structures, people, deadline, seed = args
    connection.close()  # a connection of its own, not the parent's
    rng = random.Random(seed)
    user = User.objects.get(pk=user_pk)
    operations = refusals = errors = 0
    for person_pk in people:
        if time.monotonic() >= deadline:
            break
        person = Person.objects.get(pk=person_pk)
        structure = Structure.objects.get(pk=rng.choice(structures))
        try:
            referral = referral_send(person=person, by=user, to_structure=structure)
            referral = referral_accept(referral=referral, by=user)
            stay = stay_admit(person=person, structure=structure, by=user, referral=referral)
            operations += 3
            stay_exit(stay=stay, by=user, destination=ExitDestination.HOUSING)
            operations += 1
        except ValidationError:
            refusals += 1  # no place left meanwhile: refused, as it must be
        except OperationalError:
            errors += 1  # a deadlock or a serialisation failure: the transaction rolled back
        close_old_connections()
    connection.close()
    return operations, refusals, errors


def run(*, processes: int, seconds: float, persons: int) -> dict:
    user_pk, structures, people = prepare(persons=persons)
    if not structures or not people:
        raise RuntimeError("Pas de structure à places libres ou de personne générée : lancez generate_national.")
    connection.close()
    shares = [people[i::processes] for i in range(processes)]
    began = time.monotonic()
    deadline = began + seconds
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_worker, [(user_pk, structures, s, deadline, i) for i, s in enumerate(shares)])
    elapsed = time.monotonic() - began
    operations = sum(r[0] for r in results)
    return {
        "operations": operations,
        "per_second": operations / elapsed,
        "refusals": sum(r[1] for r in results),
        "errors": sum(r[2] for r in results),
        "seconds": elapsed,
        "violations": violations(structures),
    }


def violations(structure_ids: list[int]) -> dict[str, int]:
    """Places with two open stays, structures with more open stays than places in service, drift."""
    today = timezone.localdate()
    double = (
        Stay.objects.open().filter(place__isnull=False).values("place").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    over = 0
    open_by_structure = dict(
        Stay.objects.open()
        .filter(structure__in=structure_ids)
        .values_list("structure")
        .annotate(n=Count("pk"))
        .order_by()
    )
    places_by_structure = dict(
        PlaceServicePeriod.objects.covering(today)
        .filter(place__structure__in=structure_ids)
        .values_list("place__structure")
        .annotate(n=Count("place", distinct=True))
        .order_by()
    )
    for structure, n in open_by_structure.items():
        if n > places_by_structure.get(structure, 0):
            over += 1
    drift = len(availability_drift())
    return {"double_booked_places": double, "over_capacity_structures": over, "drift": drift}
