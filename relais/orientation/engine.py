"""The allocation engine: free fitting places x persons waiting, solved as an optimal assignment.

Pure computation on arrays (no database): the same instance feeds the engine, the first-come-first-
served, strict-priority and greedy baselines, the benchmark and the archive of a proposal.

The value of giving place j to person i is
    placement + priority x points_i - km x distance_ij - scarce x (scarce attributes of j that i does not need)
for the pairs where the place takes the person (relais/referrals/eligibility.py), and 0 elsewhere
(no pair). Every eligible pair is worth more than 0, so the maximum-value assignment of the full
matrix (scipy's `linear_sum_assignment`) less its zero pairs is the maximum-value set of matches.
Places that are interchangeable (same structure kind, attributes, address) are one type with a
capacity, and the engine solves the assignment as a min-cost flow on persons → types (OR-Tools): at
5,000 x 5,000 a dense `linear_sum_assignment` takes a minute on two cores, the flow seconds. The
dense assignment stays as the reference optimum the engine is checked against.
"""

import math
from dataclasses import asdict, dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from relais.referrals.eligibility import KIND_NEEDS
from relais.structures.enums import StructureKind

KINDS = list(StructureKind.values)
KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
ATTRIBUTES = ("accessible", "pets", "couple")  # a need for each requires the place attribute
NEED_OF_ATTRIBUTE = {"accessible": "need_mobility", "pets": "need_pets", "couple": "need_couple"}
KM_PER_DEGREE = 111.2
UNPLACED = -1


@dataclass(frozen=True)
class Weights:
    placement: int = 1000  # any placement is worth more than any distance: place as many as possible
    priority: int = 10  # per priority point
    km: int = 20  # per kilometre between where the person was met and the place
    scarce: int = 50  # per scarce attribute (couple room, wheelchair access) given to someone who does not need it
    scarce_attributes: tuple[str, ...] = ("couple", "accessible")

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Instance:
    """Persons (rows) and free places (columns) as arrays; `*_keys` identify them outside."""

    person_keys: list
    priority: np.ndarray  # int points under the rules in force
    waited: np.ndarray  # days on the list (FCFS order: the longest first)
    female: np.ndarray  # bool
    needs: np.ndarray  # bool (n, len(ATTRIBUTES))
    somatic: np.ndarray  # bool
    psychiatric: np.ndarray  # bool
    wants: np.ndarray  # bool (n, len(KINDS)): kinds of place the person is referred to (all when none)
    lat: np.ndarray
    lon: np.ndarray
    place_keys: list
    kind: np.ndarray  # int index in KINDS
    women_only: np.ndarray  # bool
    attributes: np.ndarray  # bool (m, len(ATTRIBUTES))
    place_lat: np.ndarray
    place_lon: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.person_keys), len(self.place_keys)


def _kind_need_mask(instance: Instance) -> tuple[np.ndarray, np.ndarray]:
    """Per place: does its kind require a somatic / psychiatric need?"""
    somatic_kinds = [KIND_INDEX[k] for k, need in KIND_NEEDS.items() if need == "need_somatic"]
    psychiatric_kinds = [KIND_INDEX[k] for k, need in KIND_NEEDS.items() if need == "need_psychiatric"]
    return np.isin(instance.kind, somatic_kinds), np.isin(instance.kind, psychiatric_kinds)


def eligible(instance: Instance, rows=None, cols=None) -> np.ndarray:
    """Boolean matrix: the place takes the person (same rules as relais/referrals/eligibility.py)."""
    rows = slice(None) if rows is None else rows
    cols = slice(None) if cols is None else cols
    kind = instance.kind[cols]
    fits = instance.wants[rows][:, kind]
    fits &= instance.female[rows][:, None] | ~instance.women_only[cols][None, :]
    needs, attributes = instance.needs[rows], instance.attributes[cols]
    for a in range(len(ATTRIBUTES)):
        fits &= ~needs[:, a][:, None] | attributes[:, a][None, :]
    needs_somatic, needs_psychiatric = _kind_need_mask(instance)
    fits &= instance.somatic[rows][:, None] | ~needs_somatic[cols][None, :]
    fits &= instance.psychiatric[rows][:, None] | ~needs_psychiatric[cols][None, :]
    return fits


def distance_km(instance: Instance, rows=None, cols=None) -> np.ndarray:
    rows = slice(None) if rows is None else rows
    cols = slice(None) if cols is None else cols
    lat, lon = instance.lat[rows].astype(np.float32), instance.lon[rows].astype(np.float32)
    place_lat, place_lon = instance.place_lat[cols].astype(np.float32), instance.place_lon[cols].astype(np.float32)
    scale = np.float32(math.cos(math.radians(float(np.mean(instance.place_lat)) if len(instance.place_lat) else 48.86)))
    dy = lat[:, None] - place_lat[None, :]
    dx = (lon[:, None] - place_lon[None, :]) * scale
    return np.sqrt(dx * dx + dy * dy) * np.float32(KM_PER_DEGREE)


def values(instance: Instance, weights: Weights, rows=None, cols=None) -> np.ndarray:
    """Integer value of each pair (0: the place does not take the person), as float64 for the solver."""
    rows_ = slice(None) if rows is None else rows
    cols_ = slice(None) if cols is None else cols
    km_cost = np.rint(distance_km(instance, rows, cols) * weights.km)
    wasted = np.zeros(km_cost.shape, dtype=np.float32)
    for name in weights.scarce_attributes:
        a = ATTRIBUTES.index(name)
        wasted += instance.attributes[cols_][:, a][None, :] & ~instance.needs[rows_][:, a][:, None]
    value = weights.placement + weights.priority * instance.priority[rows_][:, None].astype(np.float32)
    value = value - km_cost - weights.scarce * wasted
    np.maximum(value, 1, out=value)  # an eligible pair always beats no pair
    value[~eligible(instance, rows, cols)] = 0
    return value.astype(np.float64)


def place_types(instance: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Places that are interchangeable (same kind, attributes and address) as one type with a capacity:
    (first place of each type, type of each place, capacity of each type)."""
    if not len(instance.place_keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    key = np.column_stack(
        [
            instance.kind,
            instance.women_only,
            instance.attributes,
            np.round(instance.place_lat * 1e6),
            np.round(instance.place_lon * 1e6),
        ]
    )
    _, first, of_place, capacity = np.unique(key, axis=0, return_index=True, return_inverse=True, return_counts=True)
    return first, of_place.ravel(), capacity


def _pairs(instance: Instance, weights: Weights, first: np.ndarray, block: int = 512):
    """Eligible (person, type, value) triples, computed by blocks of persons to bound memory."""
    rows, cols, vals = [], [], []
    n = len(instance.person_keys)
    for start in range(0, n, block):
        persons = np.arange(start, min(start + block, n))
        value = values(instance, weights, persons, first)
        i, t = np.nonzero(value)
        rows.append(persons[i])
        cols.append(t)
        vals.append(value[i, t].astype(np.int64))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _places_of_types(of_place: np.ndarray, chosen_types: np.ndarray) -> np.ndarray:
    """The places given to persons who got types `chosen_types`, lowest place index first in each type."""
    places = np.full(len(chosen_types), UNPLACED)
    queues = {}
    for j in range(len(of_place)):
        queues.setdefault(int(of_place[j]), []).append(j)
    taken = dict.fromkeys(queues, 0)
    for k, t in enumerate(chosen_types):
        t = int(t)
        places[k] = queues[t][taken[t]]
        taken[t] += 1
    return places


def optimal(instance: Instance, weights: Weights) -> np.ndarray:
    """The place index given to each person (UNPLACED: none), maximising the total value.

    A min-cost flow (OR-Tools) on persons → types of place → sink, with a bypass arc for the persons
    left unplaced; exact, and equal to `reference_optimum` (tests and benchmark check it)."""
    n = len(instance.person_keys)
    assignment = np.full(n, UNPLACED)
    first, of_place, capacity = place_types(instance)
    persons, types, vals = _pairs(instance, weights, first)
    if not len(vals):
        return assignment
    n_types = len(first)
    source, sink = n + n_types, n + n_types + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(n, source), persons, n + np.arange(n_types), [source]])
    heads = np.concatenate([np.arange(n), n + types, np.full(n_types, sink), [sink]])
    capacities = np.concatenate([np.ones(n + len(vals), dtype=np.int64), capacity.astype(np.int64), [n]])
    costs = np.concatenate([np.zeros(n, dtype=np.int64), -vals, np.zeros(n_types + 1, dtype=np.int64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
    if flow.solve() != flow.OPTIMAL:  # cannot happen: the bypass arc always carries the rest
        raise RuntimeError("min-cost flow not optimal")
    used = flow.flows(np.arange(n, n + len(vals))) > 0
    placed = persons[used]
    order = np.argsort(placed, kind="stable")
    assignment[placed[order]] = _places_of_types(of_place, types[used][order])
    return assignment


def kind_groups(instance: Instance) -> list[tuple[np.ndarray, np.ndarray]]:
    """(persons, places) of each connected group of kinds: no person of one group fits a place of another."""
    n_kinds = len(KINDS)
    person_rows, kind_cols = np.nonzero(instance.wants)
    graph = coo_matrix(
        (np.ones(len(person_rows), dtype=np.int8), (person_rows + n_kinds, kind_cols)),
        shape=(len(instance.person_keys) + n_kinds,) * 2,
    )
    _, labels = connected_components(graph, directed=False)
    kind_label, person_label = labels[:n_kinds], labels[n_kinds:]
    place_label = kind_label[instance.kind]
    groups = []
    for label in np.unique(place_label):
        persons = np.flatnonzero(person_label == label)
        places = np.flatnonzero(place_label == label)
        if len(persons) and len(places):
            groups.append((persons, places))
    return groups


def reference_optimum(instance: Instance, weights: Weights) -> np.ndarray:
    """The exact optimum by another road: scipy's `linear_sum_assignment` on the full value matrix
    (each connected group of kinds on its own). Every eligible pair is worth more than 0, so the
    maximum assignment less its zero pairs is the maximum-value set of matches. Cubic: the check of
    the engine, not the engine."""
    assignment = np.full(len(instance.person_keys), UNPLACED)
    for persons, places in kind_groups(instance):
        value = values(instance, weights, persons, places)
        rows, cols = linear_sum_assignment(value, maximize=True)
        kept = value[rows, cols] > 0
        assignment[persons[rows[kept]]] = places[cols[kept]]
    return assignment


def _one_by_one(instance: Instance, weights: Weights, order) -> np.ndarray:
    """Each person in `order` takes the free place of highest value for them (nearest, least scarce)."""
    assignment = np.full(len(instance.person_keys), UNPLACED)
    first, of_place, capacity = place_types(instance)
    left = capacity.copy()
    chosen = {}
    for i in order:
        row = values(instance, weights, np.array([i]), first)[0]
        row[left == 0] = 0
        if not len(row):
            break
        t = int(np.argmax(row))
        if row[t] > 0:
            chosen[int(i)] = t
            left[t] -= 1
    persons = np.array(sorted(chosen), dtype=np.int64)
    if len(persons):
        assignment[persons] = _places_of_types(of_place, np.array([chosen[i] for i in persons]))
    return assignment


def first_come_first_served(instance: Instance, weights: Weights) -> np.ndarray:
    """Who has waited longest chooses first (ties: list order)."""
    return _one_by_one(instance, weights, np.lexsort((np.arange(len(instance.waited)), -instance.waited)))


def strict_priority(instance: Instance, weights: Weights) -> np.ndarray:
    """Highest priority chooses first, then the longest wait."""
    return _one_by_one(instance, weights, np.lexsort((-instance.waited, -instance.priority)))


def greedy(instance: Instance, weights: Weights) -> np.ndarray:
    """Places by scarcity first (fewest persons they fit), each to its best eligible person still waiting."""
    n = len(instance.person_keys)
    assignment = np.full(n, UNPLACED)
    first, of_place, capacity = place_types(instance)
    if not n or not len(first):
        return assignment
    fans = np.zeros(len(first), dtype=np.int64)
    for start in range(0, n, 512):
        fans += eligible(instance, np.arange(start, min(start + 512, n)), first).sum(axis=0)
    waiting = np.ones(n, dtype=bool)
    chosen = {}
    for t in np.lexsort((np.arange(len(first)), fans)):
        column = values(instance, weights, None, first[[t]])[:, 0]
        for _ in range(int(capacity[t])):
            column[~waiting] = 0
            i = int(np.argmax(column))
            if column[i] <= 0:
                break
            chosen[i], waiting[i] = int(t), False
    persons = np.array(sorted(chosen), dtype=np.int64)
    if len(persons):
        assignment[persons] = _places_of_types(of_place, np.array([chosen[i] for i in persons]))
    return assignment


SOLVERS = {
    "engine": optimal,
    "optimum": reference_optimum,
    "fcfs": first_come_first_served,
    "priority": strict_priority,
    "greedy": greedy,
}


@dataclass
class Explanation:
    """Why this place for this person: each term of the value, and what made the pair possible."""

    placement: int
    priority: int
    distance_km: float
    distance_cost: int
    scarce_wasted: list[str] = field(default_factory=list)
    scarce_cost: int = 0
    value: int = 0


def explain(instance: Instance, weights: Weights, i: int, j: int) -> Explanation:
    km = float(distance_km(instance, np.array([i]), np.array([j]))[0, 0])
    wasted = [
        name
        for name in weights.scarce_attributes
        if instance.attributes[j, ATTRIBUTES.index(name)] and not instance.needs[i, ATTRIBUTES.index(name)]
    ]
    value = int(values(instance, weights, np.array([i]), np.array([j]))[0, 0])
    priority = int(weights.priority * instance.priority[i])
    scarce_cost = weights.scarce * len(wasted)
    return Explanation(
        placement=weights.placement,
        priority=priority,
        distance_km=round(km, 2),
        # The terms add up to the value the solver used (rounded kilometres included).
        distance_cost=weights.placement + priority - scarce_cost - value,
        scarce_wasted=wasted,
        scarce_cost=scarce_cost,
        value=value,
    )


def total_value(instance: Instance, weights: Weights, assignment: np.ndarray) -> int:
    placed = np.flatnonzero(assignment != UNPLACED)
    if not len(placed):
        return 0
    total = 0
    for start in range(0, len(placed), 2048):
        rows = placed[start : start + 2048]
        block = values(instance, weights, rows, assignment[rows])
        total += int(np.trace(block)) if block.ndim == 2 else 0
    return total
