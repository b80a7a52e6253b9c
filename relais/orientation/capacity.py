"""How many places absorb a scene of N people within W weeks: measured from the records, answered by a
flow estimate and a discrete-event simulation (simpy) side by side, with the steady-state need after
absorption from queueing formulas (Erlang C for places people wait for, Erlang B for rest spaces
that turn people away)."""

import datetime
import math
import random
from dataclasses import dataclass

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


def measured_rates(*, until: datetime.date, weeks: int = WINDOW_WEEKS, kinds=ACCOMMODATION) -> Rates:
    """Arrivals (persons first met), lengths of stay and returns to the street over `weeks` before `until`."""
    since = until - datetime.timedelta(weeks=weeks)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time()))
    newcomers = (
        Person.objects.active()
        .annotate(first_met=Min("contacts__occurred_at"))
        .filter(first_met__gte=start, first_met__lt=end)
        .count()
    )
    stays = Stay.objects.filter(structure__kind__in=kinds, admitted_at__lt=end).exclude(exited_at__lt=start)
    rows = list(stays.values_list("admitted_at", "exited_at", "exit_destination"))
    admissions = sum(1 for came, _, _ in rows if came >= start)
    exits = [d for _, out, d in rows if out is not None and out < end]
    # Little's law on the window (length = time spent in places / admissions): stays still open, or
    # begun before the window, count for their part inside it, so long stays are not left out.
    inside = sum((min(out or end, end) - max(came, start)).total_seconds() for came, out, _ in rows)
    rates = dict(DEFAULTS)
    measured = {"arrivals_per_week": newcomers, "mean_stay_weeks": admissions, "return_share": len(exits)}
    if newcomers >= MIN_RECORDS:
        rates["arrivals_per_week"] = newcomers / weeks
    if admissions >= MIN_RECORDS:
        rates["mean_stay_weeks"] = inside / admissions / 604800
    if len(exits) >= MIN_RECORDS:
        rates["return_share"] = sum(1 for d in exits if d == ExitDestination.STREET) / len(exits)
    measured = {k: (v if v >= MIN_RECORDS else 0) for k, v in measured.items()}
    return Rates(**rates, measured=measured, since=since, until=until)


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


def back_test(*, at: datetime.date, weeks: int, kinds=ACCOMMODATION) -> dict:
    """Plan from the records before `at`, compare with what happened in the W weeks after: admissions
    expected from the places then in service and the measured stays, against the admissions recorded."""
    rates = measured_rates(until=at, kinds=kinds)
    start = timezone.make_aware(datetime.datetime.combine(at, datetime.time()))
    end = start + datetime.timedelta(weeks=weeks)
    occupied = Stay.objects.filter(structure__kind__in=kinds, admitted_at__lt=start).exclude(exited_at__lt=start)
    places = occupied.count()
    expected = places * weeks / rates.mean_stay_weeks
    actual = Stay.objects.filter(structure__kind__in=kinds, admitted_at__gte=start, admitted_at__lt=end).count()
    return {
        "at": at,
        "weeks": weeks,
        "rates": rates,
        "occupied": places,
        "expected_admissions": round(expected),
        "actual_admissions": actual,
        "error_pct": round(100 * (expected - actual) / actual, 1) if actual else None,
    }
