"""Writes at rate (`manage.py bench_writes`): processes that each run, through the services, the
referral → acceptance → admission → exit cycle on the computed-mode structures of the generated national
data, then the invariants (`violations`).

Each process keeps one connection for the whole run (as a web worker does with `CONN_MAX_AGE`), loads its
persons and structures before the clock starts, runs cycles for `warm_up` seconds without counting them
(the tables' and indexes' pages that every write reaches, read back into memory as on a server that has
been writing all day: measured cold, right after other loads, the same code gave half the rate), and
counts its own CPU time and, when PostgreSQL runs on this machine, its server process's: the CPU cost of
one operation, which predicts the rate on idle cores whatever else the machine is doing while it is
measured. The invariants are checked over every write, the warm-up's included."""

import datetime
import multiprocessing
import os
import random
import time
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from relais.demo.national import OPERATOR_PREFIX
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent, Person
from relais.referrals.enums import PENDING, ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
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
# The four operations of a cycle, in order.
OPERATIONS = ("orientation", "acceptation", "admission", "sortie")
START_DELAY = 1.0  # seconds given to the processes to load their data before the clock starts
WARM_UP = 5.0  # seconds of cycles before the counted ones


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


def _server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL process, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None  # another machine, or not Linux
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    operations: int = 0
    refusals: int = 0
    errors: int = 0
    queries: int = 0
    python_cpu: float = 0.0
    server_cpu: float | None = None
    seconds: float = 0.0


def _cycle(person, structure, user) -> int:
    """One referral sent, accepted, admitted and closed by the exit; returns the operations done."""
    referral = referral_send(person=person, by=user, to_structure=structure)
    referral = referral_accept(referral=referral, by=user)
    stay = stay_admit(person=person, structure=structure, by=user, referral=referral)
    stay_exit(stay=stay, by=user, destination=ExitDestination.HOUSING)
    return len(OPERATIONS)


def _cycles(people, persons: dict, structures: list, user, rng, *, until: float, tally: Tally) -> None:
    """Cycles for the next persons of `people` until `until` (monotonic clock), counted in `tally`."""
    while time.monotonic() < until:
        person_pk = next(people, None)
        if person_pk is None:
            return
        try:
            tally.operations += _cycle(persons[person_pk], rng.choice(structures), user)
        except ValidationError:
            tally.refusals += 1  # no place left, or none that takes the person: refused, as it must be
        except OperationalError:
            tally.errors += 1  # a deadlock or a serialisation failure: the transaction rolled back


def _worker(args) -> Tally:
    """Cycles from `start`, counted from `counted_from` until `deadline` (monotonic clock, shared by the
    processes)."""
    user_pk, structure_ids, people, start, counted_from, deadline, seed = args
    connection.close()  # a connection of its own, not the parent's
    rng = random.Random(seed)
    user = User.objects.get(pk=user_pk)
    user.organization  # noqa: B018 - its grant, read once as a request would
    persons = {str(pk): person for pk, person in Person.objects.in_bulk(people).items()}
    structures = list(Structure.objects.filter(pk__in=structure_ids))
    tally = Tally()

    def count(execute, sql, params, many, context):
        tally.queries += 1
        return execute(sql, params, many, context)

    time.sleep(max(start - time.monotonic(), 0))
    people = iter(people)
    warm = Tally()
    _cycles(people, persons, structures, user, rng, until=counted_from, tally=warm)
    tally.errors = warm.errors  # a failed write is one, counted or not
    server_before, python_before, began = _server_cpu(), time.process_time(), time.monotonic()
    with connection.execute_wrapper(count):
        _cycles(people, persons, structures, user, rng, until=deadline, tally=tally)
    tally.seconds = time.monotonic() - began
    tally.python_cpu = time.process_time() - python_before
    server_after = _server_cpu()
    if server_before is not None and server_after is not None:
        tally.server_cpu = server_after - server_before
    connection.close()
    return tally


def run(*, processes: int, seconds: float, persons: int, warm_up: float = WARM_UP) -> dict:
    user_pk, structures, people = prepare(persons=persons)
    if not structures or not people:
        raise RuntimeError("Pas de structure à places libres ou de personne générée : lancez generate_national.")
    # Loaded once here and inherited by the processes: the URL resolver that the notices' links use.
    reverse("people:referral_detail", args=[0])
    connection.close()
    shares = [people[i::processes] for i in range(processes)]
    start = time.monotonic() + START_DELAY
    counted_from = start + warm_up
    deadline = counted_from + seconds
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        tallies = pool.map(
            _worker, [(user_pk, structures, s, start, counted_from, deadline, i) for i, s in enumerate(shares)]
        )
    operations = sum(t.operations for t in tallies)
    elapsed = max(t.seconds for t in tallies)
    python_cpu = sum(t.python_cpu for t in tallies)
    server = [t.server_cpu for t in tallies]
    server_cpu = sum(server) if None not in server else None
    per_operation = {
        "queries": sum(t.queries for t in tallies) / operations if operations else 0,
        "python_ms": 1000 * python_cpu / operations if operations else 0,
        "server_ms": 1000 * server_cpu / operations if operations and server_cpu is not None else None,
    }
    return {
        "operations": operations,
        "per_second": operations / elapsed if elapsed else 0,
        "refusals": sum(t.refusals for t in tallies),
        "errors": sum(t.errors for t in tallies),
        "seconds": elapsed,
        "per_operation": per_operation,
        "violations": violations(structures, writer=user_pk),
    }


def violations(structure_ids: list[int], *, writer: int | None = None) -> dict[str, int]:
    """What must never happen, whatever the rate: a place with two open stays, a structure with more
    open stays than places in service, a live row that differs from the history; and for the writer's
    referrals, a status that is not their last transition, an admitted one without its stay, a change
    missing from the change history."""
    today = timezone.localdate()
    double = (
        Stay.objects.open().filter(place__isnull=False).values("place").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
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
    over = sum(1 for s, n in open_by_structure.items() if n > places_by_structure.get(s, 0))
    result = {
        "double_booked_places": double,
        "over_capacity_structures": over,
        "drift": len(availability_drift(structures=structure_ids)),
    }
    if writer is not None:
        result.update(_referral_violations(writer))
    return result


def _referral_violations(writer: int) -> dict[str, int]:
    referrals = Referral.objects.filter(sent_by=writer)
    last = ReferralTransition.objects.filter(referral=OuterRef("pk")).order_by("-at", "-pk").values("status")[:1]
    entries = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Referral), object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    transitions = (
        ReferralTransition.objects.filter(referral=OuterRef("pk"))
        .order_by()
        .values("referral")
        .annotate(n=Count("pk"))
        .values("n")
    )
    audited = referrals.annotate(
        n_entries=Coalesce(Subquery(entries, output_field=IntegerField()), 0),
        n_transitions=Coalesce(Subquery(transitions, output_field=IntegerField()), 0),
    )
    return {
        "status_not_history": referrals.exclude(status=Subquery(last)).count(),
        "admitted_without_stay": referrals.filter(status=ReferralStatus.ADMITTED, stay__isnull=True).count(),
        # One entry per change of a referral: its creation (sent), then each transition.
        "unaudited_changes": audited.exclude(n_entries=F("n_transitions")).count(),
    }
