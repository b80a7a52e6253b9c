"""How many places absorb a scene of N people within W weeks: measured from the records, answered by a
flow estimate and a discrete-event simulation (simpy) side by side, with the steady-state need after
absorption from queueing formulas (Erlang C for places people wait for, Erlang B for rest spaces
that turn people away)."""

import datetime
import math
import random
from dataclasses import dataclass, field

import simpy
from django.db.models import Min
from django.utils import timezone

from relais.people.models import Person
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.structures.enums import StructureKind

ACCOMMODATION = (StructureKind.HOTEL, StructureKind.CHRS, StructureKind.LHSS, StructureKind.LAM)
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


def measured_counts(*, until: datetime.date, weeks: int = WINDOW_WEEKS, kinds=ACCOMMODATION) -> Counts:
    """Arrivals (persons first met), admissions, exits and exits to the street over `weeks` before `until`."""
    since = until - datetime.timedelta(weeks=weeks)
    start, end = _start(since), _start(until)
    newcomers = list(
        Person.objects.active()
        .annotate(first_met=Min("contacts__occurred_at"))
        .filter(first_met__gte=start, first_met__lt=end)
        .values_list("pk", flat=True)
    )
    stays = Stay.objects.filter(structure__kind__in=kinds, admitted_at__lt=end).exclude(exited_at__lt=start)
    rows = list(stays.values_list("pk", "admitted_at", "exited_at", "exit_destination"))
    admissions = [pk for pk, came, _, _ in rows if came >= start]
    exits = [(pk, d) for pk, _, out, d in rows if out is not None and out < end]
    street = [pk for pk, d in exits if d == ExitDestination.STREET]
    # Little's law on the window (length = time spent in places / admissions): stays still open, or
    # begun before the window, count for their part inside it, so long stays are not left out.
    inside = sum((min(out or end, end) - max(came, start)).total_seconds() for _, came, out, _ in rows)
    return Counts(
        newcomers=len(newcomers),
        admissions=len(admissions),
        exits=len(exits),
        street_exits=len(street),
        inside_weeks=inside / 604800,
        since=since,
        until=until,
        records={
            "newcomers": newcomers,
            "admissions": admissions,
            "exits": [pk for pk, _ in exits],
            "street_exits": street,
        },
    )


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
    absorbed = 0
    for run in range(runs):
        rng = random.Random(seed * 1000 + run)  # noqa: S311 - a simulation, not a secret
        env = simpy.Environment()
        beds = simpy.Resource(env, capacity=places)
        admitted = [0]

        def person(from_scene, rng=rng, env=env, beds=beds, admitted=admitted):
            with beds.request() as request:
                yield request
                if from_scene:
                    admitted[0] += 1
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
        env.run(until=weeks)
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


def back_test_counts(*, at: datetime.date, weeks: int, kinds=ACCOMMODATION) -> dict:
    """The counts of a back-test: stays open at `at` (the places in service) and admissions in the W weeks
    after, each with the ids of its records (for the publication)."""
    start = _start(at)
    end = start + datetime.timedelta(weeks=weeks)
    occupied = list(
        Stay.objects.filter(structure__kind__in=kinds, admitted_at__lt=start)
        .exclude(exited_at__lt=start)
        .values_list("pk", flat=True)
    )
    actual = list(
        Stay.objects.filter(structure__kind__in=kinds, admitted_at__gte=start, admitted_at__lt=end).values_list(
            "pk", flat=True
        )
    )
    return {"occupied": occupied, "actual_admissions": actual}


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
    """The back-test with exact counts (coordination, the command line)."""
    counts = back_test_counts(at=at, weeks=weeks, kinds=kinds)
    return back_test_from(
        at=at,
        weeks=weeks,
        rates=measured_rates(until=at, kinds=kinds),
        occupied=len(counts["occupied"]),
        actual=len(counts["actual_admissions"]),
    )
