"""How many places absorb a scene of N people within W weeks: measured from the records, answered by a
flow estimate and a discrete-event simulation (simpy) side by side, with the steady-state need after
absorption from queueing formulas (Erlang C for places people wait for, Erlang B for rest spaces
that turn people away)."""

import datetime
import functools
import math
import operator
import random
from dataclasses import dataclass, field

import simpy
from django.db.models import BooleanField, DurationField, ExpressionWrapper, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from relais.people.models import Person
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.structures.enums import StructureKind

ACCOMMODATION = (StructureKind.HOTEL, StructureKind.CHRS, StructureKind.LHSS, StructureKind.LAM)
REST_SPACES = (StructureKind.REST_DAY, StructureKind.REST_NIGHT)
WINDOW_WEEKS = 26
MIN_RECORDS = 10  # below this a measured rate is too thin to plan on (and to show): defaults stand in
DEFAULTS = {"arrivals_per_week": 10.0, "mean_stay_weeks": 12.0, "return_share": 0.15}


@dataclass
class Rates:
    arrivals_per_week: float
    mean_stay_weeks: float
    return_share: float
    measured: dict  # name → number of records behind it (0: the default stands in)
    since: datetime.date
    until: datetime.date


@dataclass
class Counts:
    """The records the rates rest on, counted over `weeks` before `until`. Each count is of persons
    (or of their stays): outside audiences read it through the publication (`relais/indicators/capacity.py`),
    which keys it by the ids in `records` and may hide it (None)."""

    newcomers: int | None
    admissions: int | None
    exits: int | None
    street_exits: int | None
    inside_weeks: float  # weeks spent in places over the window, all stays together
    since: datetime.date
    until: datetime.date
    records: dict = field(default_factory=dict, repr=False)  # count name → ids of the records counted


def _start(day: datetime.date) -> datetime.datetime:
    """Midnight (Paris) starting `day`, in UTC: two datetimes of the same zone subtract as wall-clock times,
    so a window across a change of clock would lose or gain its hour."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time())).astimezone(datetime.UTC)


@dataclass
class KindStays:
    """The stays of one kind of place overlapping a window, read once for the whole answer: the ids of
    those admitted, exited, exited to the street and still open at the window's end (the places occupied
    then, for a back-test from that date), and the time spent inside the window."""

    admissions: list = field(default_factory=list)
    exits: list = field(default_factory=list)
    street_exits: list = field(default_factory=list)
    occupied: list = field(default_factory=list)
    inside_seconds: float = 0.0


def stays_by_kind(*, since: datetime.date, until: datetime.date) -> dict[str, KindStays]:
    """Every stay overlapping [since, until) but those of rest spaces (they have their Erlang B answer),
    by kind of place: the whole and each kind read from this one reading. Two queries, and no date read
    into Python (each stay's place in the window is decided in SQL: at national scale, turning a million
    dates into Python objects cost seconds)."""
    start, end = _start(since), _start(until)
    stays = (
        Stay.objects.exclude(structure__kind__in=REST_SPACES).filter(admitted_at__lt=end).exclude(exited_at__lt=start)
    )
    by_kind: dict[str, KindStays] = {}
    rows = stays.values_list(
        "pk",
        "structure__kind",
        ExpressionWrapper(Q(admitted_at__gte=start), output_field=BooleanField()),
        ExpressionWrapper(Q(exited_at__lt=end), output_field=BooleanField()),
        ExpressionWrapper(Q(exit_destination=ExitDestination.STREET), output_field=BooleanField()),
    )
    for pk, kind, admitted, exited, street in rows:
        mine = by_kind.get(kind) or by_kind.setdefault(kind, KindStays())
        if admitted:
            mine.admissions.append(pk)
        if exited:
            mine.exits.append(pk)
            if street:
                mine.street_exits.append(pk)
        else:
            mine.occupied.append(pk)
    # Little's law on the window (length = time spent in places / admissions): stays still open, or begun
    # before the window, count for their part inside it, so long stays are not left out.
    inside = ExpressionWrapper(
        Least(Coalesce("exited_at", Value(end)), Value(end)) - Greatest("admitted_at", Value(start)),
        output_field=DurationField(),
    )
    for kind, total in (
        stays.order_by().values("structure__kind").annotate(t=Sum(inside)).values_list("structure__kind", "t")
    ):
        by_kind.setdefault(kind, KindStays()).inside_seconds = total.total_seconds() if total else 0.0
    return by_kind


def newcomers(*windows: tuple[datetime.date, datetime.date]) -> list[list]:
    """The persons first met in each window [since, until): their ids, one query for all the windows."""
    first_met = {f"in_{k}": Q(first_met__gte=_start(a), first_met__lt=_start(b)) for k, (a, b) in enumerate(windows)}
    rows = (
        Person.objects.active()
        .annotate(first_met=Min("contacts__occurred_at"))
        .annotate(**{name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in first_met.items()})
        .filter(functools.reduce(operator.or_, first_met.values()))
        .values_list("pk", *first_met)
    )
    met: list[list] = [[] for _ in windows]
    for pk, *flags in rows:
        for k, flag in enumerate(flags):
            if flag:
                met[k].append(pk)
    return met


def counts_from(stays: dict[str, KindStays], met: list, *, since, until, kinds=ACCOMMODATION) -> Counts:
    """The counts of the whole (the kinds of `kinds`) from the stays read by kind and the persons first met."""
    mine = [stays[k] for k in kinds if k in stays]

    def ids(name):
        return [pk for s in mine for pk in getattr(s, name)]

    records = {"newcomers": met, **{name: ids(name) for name in ("admissions", "exits", "street_exits")}}
    return Counts(
        **{name: len(value) for name, value in records.items()},
        inside_weeks=sum(s.inside_seconds for s in mine) / 604800,
        since=since,
        until=until,
        records=records,
    )


def measured_counts(*, until: datetime.date, weeks: int = WINDOW_WEEKS, kinds=ACCOMMODATION) -> Counts:
    """Arrivals (persons first met), admissions, exits and exits to the street over `weeks` before `until`."""
    since = until - datetime.timedelta(weeks=weeks)
    (met,) = newcomers((since, until))
    return counts_from(stays_by_kind(since=since, until=until), met, since=since, until=until, kinds=kinds)


def rates_from(counts: Counts) -> Rates:
    """The rates of a plan from its counts; a count under MIN_RECORDS, or hidden by the publication,
    leaves its default in place (and the page says so)."""
    weeks = (counts.until - counts.since).days / 7

    def enough(value):
        return value is not None and value >= MIN_RECORDS

    rates = dict(DEFAULTS)
    if enough(counts.newcomers):
        rates["arrivals_per_week"] = counts.newcomers / weeks
    if enough(counts.admissions):
        rates["mean_stay_weeks"] = counts.inside_weeks / counts.admissions
    if enough(counts.exits) and counts.street_exits is not None:
        rates["return_share"] = min(counts.street_exits / counts.exits, 1.0)
    measured = {
        "arrivals_per_week": counts.newcomers if enough(counts.newcomers) else 0,
        "mean_stay_weeks": counts.admissions if enough(counts.admissions) else 0,
        "return_share": counts.exits if enough(counts.exits) and counts.street_exits is not None else 0,
    }
    return Rates(**rates, measured=measured, since=counts.since, until=counts.until)


def measured_rates(*, until: datetime.date, weeks: int = WINDOW_WEEKS, kinds=ACCOMMODATION) -> Rates:
    """Arrivals (persons first met), lengths of stay and returns to the street over `weeks` before `until`."""
    return rates_from(measured_counts(until=until, weeks=weeks, kinds=kinds))


def flow_places(*, scene: int, weeks: int, rates: Rates) -> int:
    """Places (empty at the start) whose admissions by week W cover the scene, in the fluid
    approximation: P + P x W / S >= N. The scene is at the head of the queue: later arrivals and
    returns to the street wait behind it, and count in the steady-state need (`steady_need`)."""
    return math.ceil(scene / (1 + weeks / rates.mean_stay_weeks))


def simulate(*, scene: int, weeks: int, places: int, rates: Rates, runs: int = 200, seed: int = 2026) -> float:
    """Share of simulated runs in which every person of the scene is admitted by week W (FIFO queue,
    Poisson arrivals, exponential stays, a share of exits back to the street and the queue)."""
    if places <= 0:
        return 0.0 if scene else 1.0
    if not scene:
        return 1.0
    absorbed = 0
    for run in range(runs):
        rng = random.Random(seed * 1000 + run)  # noqa: S311 - a simulation, not a secret
        env = simpy.Environment()
        beds = simpy.Resource(env, capacity=places)
        admitted = [0]
        # The run's answer is known once the whole scene is admitted: it stops there rather than at week W
        # (each run has its own generator, so the other runs draw the same numbers).
        deadline, absorbed_now = env.timeout(weeks), env.event()

        def person(from_scene, rng=rng, env=env, beds=beds, admitted=admitted, absorbed_now=absorbed_now):
            with beds.request() as request:
                yield request
                if from_scene:
                    admitted[0] += 1
                    if admitted[0] == scene:
                        absorbed_now.succeed()
                yield env.timeout(rng.expovariate(1 / rates.mean_stay_weeks))
            if rng.random() < rates.return_share:
                env.process(person(False))

        def arrivals(rng=rng, env=env):
            while True:
                yield env.timeout(rng.expovariate(rates.arrivals_per_week) if rates.arrivals_per_week else weeks + 1)
                env.process(person(False))

        for _ in range(scene):
            env.process(person(True))
        env.process(arrivals())
        env.run(until=env.any_of([deadline, absorbed_now]))
        absorbed += admitted[0] >= scene
    return absorbed / runs


def erlang_b(servers: int, load: float) -> float:
    """Probability that an arrival finds every place taken and is turned away (M/M/c/c)."""
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival has to wait (M/M/c); 1 when the places cannot keep up."""
    if servers <= load:
        return 1.0
    blocking = erlang_b(servers, load)
    return servers * blocking / (servers - load * (1 - blocking))


def steady_need(rates: Rates, *, wait_probability: float = 0.2) -> dict:
    """After absorption: the places for which an arrival waits with probability <= `wait_probability`,
    and the mean wait then (arrivals include the returns to the street)."""
    arrivals = rates.arrivals_per_week / (1 - rates.return_share) if rates.return_share < 1 else math.inf
    if not rates.arrivals_per_week:
        # Nobody arrives (a kind that took no admission): nobody waits, no place (and no 0 x inf load).
        return {"places": 0, "load": 0.0, "wait_probability": 0.0, "mean_wait_days": 0.0}
    load = arrivals * rates.mean_stay_weeks
    servers = max(1, math.ceil(load))
    while erlang_c(servers, load) > wait_probability:
        servers += 1
    waiting = erlang_c(servers, load)
    mean_wait_weeks = waiting * rates.mean_stay_weeks / (servers - load)
    return {
        "places": servers,
        "load": round(load, 1),
        "wait_probability": waiting,
        "mean_wait_days": mean_wait_weeks * 7,
    }


def rest_space_need(*, arrivals_per_night: float, nights: float = 1.0, turned_away: float = 0.05) -> dict:
    """Rest spaces (a night each): the places for which at most `turned_away` of arrivals find it full."""
    load = arrivals_per_night * nights
    if not load:
        return {"places": 0, "turned_away": 0.0}  # no passage, no one turned away
    servers = 1
    while erlang_b(servers, load) > turned_away:
        servers += 1
    return {"places": servers, "turned_away": erlang_b(servers, load)}


def plan(*, scene: int, weeks: int, rates: Rates, runs: int = 60, seed: int = 2026) -> list[dict]:
    """Flow estimate and simulation side by side, for place counts around the flow estimate."""
    estimate = flow_places(scene=scene, weeks=weeks, rates=rates)
    counts = sorted({max(1, round(estimate * f)) for f in (0.7, 0.85, 1.0, 1.15, 1.3)})
    return [
        {
            "places": count,
            "flow_absorbs": count >= estimate,
            "probability": simulate(scene=scene, weeks=weeks, places=count, rates=rates, runs=runs, seed=seed),
        }
        for count in counts
    ]


def admissions_after(*, at: datetime.date, weeks: int) -> dict[str, list]:
    """Per kind of place, the ids of the stays admitted in the W weeks after `at` (what a back-test from
    `at` compares with). One query."""
    start = _start(at)
    admitted: dict[str, list] = {}
    rows = Stay.objects.filter(admitted_at__gte=start, admitted_at__lt=start + datetime.timedelta(weeks=weeks))
    for pk, kind in rows.values_list("pk", "structure__kind"):
        admitted.setdefault(kind, []).append(pk)
    return admitted


def back_test_counts(*, stays_before: dict[str, KindStays], after: dict[str, list], kinds=ACCOMMODATION) -> dict:
    """The counts of a back-test from `at`, given the stays of the window ending at `at` and the admissions
    after it: stays open at `at` (the places in service) and admissions in the W weeks after, each with the
    ids of its records (for the publication)."""
    return {
        "occupied": [pk for k in kinds if k in stays_before for pk in stays_before[k].occupied],
        "actual_admissions": [pk for k in kinds for pk in after.get(k, [])],
    }


def back_test_from(*, at, weeks, rates: Rates, occupied: int | None, actual: int | None) -> dict:
    """Plan from the records before `at`, compare with what happened in the W weeks after: admissions
    expected from the places then in service and the measured stays, against the admissions recorded.
    A count the publication hides (None) leaves what depends on it out."""
    expected = round(occupied * weeks / rates.mean_stay_weeks) if occupied is not None else None
    return {
        "at": at,
        "weeks": weeks,
        "rates": rates,
        "occupied": occupied,
        "expected_admissions": expected,
        "actual_admissions": actual,
        "error_pct": round(100 * (expected - actual) / actual, 1) if actual and expected is not None else None,
    }


def back_test(*, at: datetime.date, weeks: int, kinds=ACCOMMODATION) -> dict:
    """The back-test with exact counts (coordination, the command line): the stays read once."""
    since = at - datetime.timedelta(weeks=WINDOW_WEEKS)
    stays = stays_by_kind(since=since, until=at)
    (met,) = newcomers((since, at))
    counts = back_test_counts(stays_before=stays, after=admissions_after(at=at, weeks=weeks), kinds=kinds)
    return back_test_from(
        at=at,
        weeks=weeks,
        rates=rates_from(counts_from(stays, met, since=since, until=at, kinds=kinds)),
        occupied=len(counts["occupied"]),
        actual=len(counts["actual_admissions"]),
    )
