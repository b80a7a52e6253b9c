"""The engine's benchmark on generated instances: a static table per size, and a 52-week replay
with weekly batches (arrivals, stays, exits) comparing first-come-first-served, strict priority and
the engine on the same scenario. Pure computation: no database."""

import time
import tracemalloc
from dataclasses import dataclass, replace

import numpy as np

from relais.orientation import engine, generate
from relais.orientation.engine import UNPLACED, Instance, Weights
from relais.orientation.metrics import GROUPS, assignment_metrics
from relais.orientation.waiting import DEFAULT_WEIGHTS

STATIC_SOLVERS = ("engine", "optimum", "fcfs", "priority", "greedy")
REPLAY_SOLVERS = ("fcfs", "priority", "engine")
WAITING_POINTS = DEFAULT_WEIGHTS["waiting"]


def _timed(function, *args):
    tracemalloc.start()
    start = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def static_rows(n_persons, n_places, *, seed, prevalences=None, weights=None, reference_up_to=1000):
    """One row per solver on one instance; the reference optimum only up to `reference_up_to` persons
    (it is cubic), the engine's value standing for the optimum above (equal wherever both ran)."""
    weights = weights or Weights()
    instance = generate.instance(n_persons, n_places, seed=seed, prevalences=prevalences)
    results = {}
    for name in STATIC_SOLVERS:
        if name == "optimum" and n_persons > reference_up_to:
            continue
        results[name] = _timed(engine.SOLVERS[name], instance, weights)
    optimum = engine.total_value(instance, weights, results.get("optimum", results["engine"])[0])
    again = engine.optimal(generate.instance(n_persons, n_places, seed=seed, prevalences=prevalences), weights)
    rows = []
    for name, (assignment, seconds, peak) in results.items():
        row = assignment_metrics(instance, weights, assignment, optimum)
        row.update(solver=name, seconds=round(seconds, 3), peak_mib=round(peak / 2**20, 1))
        if name == "engine":
            row["deterministic"] = bool((again == assignment).all())
        rows.append(row)
    return rows


def _subset(population: Instance, persons: np.ndarray, places: np.ndarray, priority, waited) -> Instance:
    return replace(
        population,
        person_keys=[int(i) for i in persons],
        priority=priority,
        waited=waited,
        female=population.female[persons],
        needs=population.needs[persons],
        somatic=population.somatic[persons],
        psychiatric=population.psychiatric[persons],
        wants=population.wants[persons],
        lat=population.lat[persons],
        lon=population.lon[persons],
        place_keys=[int(j) for j in places],
        kind=population.kind[places],
        women_only=population.women_only[places],
        attributes=population.attributes[places],
        place_lat=population.place_lat[places],
        place_lon=population.place_lon[places],
    )


@dataclass(frozen=True)
class Scenario:
    weeks: int = 52
    places: int = 400
    arrivals_per_week: int = 45
    mean_stay_weeks: float = 10.0
    mean_patience_weeks: float = 16.0  # then the person leaves the list (back to the street, lost from view)
    initial_occupancy: float = 0.9


def replay(scenario: Scenario, *, seed, prevalences=None, weights=None) -> list[dict]:
    """The same arrivals, stay lengths and patience for every policy; each week the free places are
    given by the policy to the persons waiting, whose priority ages by the week."""
    weights = weights or Weights()
    rng = np.random.default_rng(seed)
    arrivals = rng.poisson(scenario.arrivals_per_week, scenario.weeks)
    n = int(arrivals.sum())
    population = generate.instance(n, scenario.places, seed=seed, prevalences=prevalences)
    arrival_week = np.repeat(np.arange(scenario.weeks), arrivals)
    stay_weeks = rng.geometric(1 / scenario.mean_stay_weeks, n)
    patience = rng.geometric(1 / scenario.mean_patience_weeks, n)
    # The static part of the points (nights outside, care, age): the waiting part ages in the replay.
    base = population.priority - WAITING_POINTS * (population.waited // 7)
    initial_busy_until = np.where(
        rng.random(scenario.places) < scenario.initial_occupancy,
        rng.geometric(1 / scenario.mean_stay_weeks, scenario.places),
        0,
    )
    rows = []
    for name in REPLAY_SOLVERS:
        solver = engine.SOLVERS[name]
        busy_until = initial_busy_until.copy()
        placed_week = np.full(n, -1)
        left_week = np.full(n, -1)
        km = np.full(n, np.nan)
        value = 0
        seconds = 0.0
        for week in range(scenario.weeks):
            waiting = np.flatnonzero((arrival_week <= week) & (placed_week < 0) & (left_week < 0))
            gone = waiting[week - arrival_week[waiting] > patience[waiting]]
            left_week[gone] = week
            waiting = np.setdiff1d(waiting, gone)
            free = np.flatnonzero(busy_until <= week)
            if not len(waiting) or not len(free):
                continue
            weeks_waited = week - arrival_week[waiting]
            batch = _subset(population, waiting, free, base[waiting] + WAITING_POINTS * weeks_waited, weeks_waited * 7)
            start = time.perf_counter()
            assignment = solver(batch, weights)
            seconds += time.perf_counter() - start
            value += engine.total_value(batch, weights, assignment)
            for k in np.flatnonzero(assignment != UNPLACED):
                i, j = waiting[k], free[assignment[k]]
                placed_week[i] = week
                busy_until[j] = week + stay_weeks[i]
                km[i] = engine.distance_km(batch, np.array([k]), np.array([assignment[k]]))[0, 0]
        placed = placed_week >= 0
        rate = placed.mean()
        care = population.somatic | population.psychiatric
        rows.append(
            {
                "solver": name,
                "arrivals": n,
                "placements": int(placed.sum()),
                "value": value,
                "care_placed_pct": round(100 * placed[care].mean(), 1),
                "wait_placed_weeks": round(float((placed_week - arrival_week)[placed].mean()), 2),
                "left_unplaced": int((left_week >= 0).sum()),
                "still_waiting": int(((~placed) & (left_week < 0)).sum()),
                "mean_km": round(float(np.nanmean(km)), 2),
                "group_gaps_pts": {g: round(100 * (placed[f(population)].mean() - rate), 1) for g, f in GROUPS.items()},
                "seconds": round(seconds, 2),
            }
        )
    return rows
