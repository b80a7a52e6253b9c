"""The engine against hand-computed cases, the exact optimum, the eligibility rules, and itself."""

import itertools

import numpy as np
import pytest

from relais.orientation import engine, generate
from relais.orientation.engine import ATTRIBUTES, KINDS, UNPLACED, Instance, Weights
from relais.people.enums import Sex
from relais.referrals.eligibility import kind_refusal, place_fits
from relais.structures.enums import StructureKind

W = Weights()


def _instance(persons, places):
    """persons: dicts (priority, waited, female, needs, kinds, lat, lon); places: (kind, attrs, women_only, lat, lon)."""
    n, m = len(persons), len(places)
    wants = np.zeros((n, len(KINDS)), dtype=bool)
    for i, p in enumerate(persons):
        for kind in p.get("kinds", [StructureKind.HOTEL]):
            wants[i, KINDS.index(kind)] = True
    return Instance(
        person_keys=list(range(n)),
        priority=np.array([p.get("priority", 0) for p in persons]),
        waited=np.array([p.get("waited", 0) for p in persons]),
        female=np.array([p.get("female", False) for p in persons]),
        needs=np.array([[a in p.get("needs", ()) for a in ATTRIBUTES] for p in persons], dtype=bool),
        somatic=np.array([p.get("somatic", False) for p in persons]),
        psychiatric=np.zeros(n, dtype=bool),
        wants=wants,
        lat=np.array([p.get("lat", 48.86) for p in persons]),
        lon=np.array([p.get("lon", 2.35) for p in persons]),
        place_keys=list(range(m)),
        kind=np.array([KINDS.index(p.get("kind", StructureKind.HOTEL)) for p in places]),
        women_only=np.array([p.get("women_only", False) for p in places]),
        attributes=np.array([[a in p.get("attrs", ()) for a in ATTRIBUTES] for p in places], dtype=bool),
        place_lat=np.array([p.get("lat", 48.86) for p in places]),
        place_lon=np.array([p.get("lon", 2.35) for p in places]),
    )


def test_the_couple_room_is_kept_for_the_couple():
    # The single person waited longer and the couple room is next to them: first come, first served
    # gives it to them and leaves the couple outside; the engine places both.
    inst = _instance(
        [{"waited": 30, "lat": 48.86}, {"waited": 2, "needs": ["couple"], "lat": 48.80}],
        [{"attrs": ["couple"], "lat": 48.86}, {"lat": 48.80}],
    )
    assert list(engine.first_come_first_served(inst, W)) == [0, UNPLACED]
    assert list(engine.optimal(inst, W)) == [1, 0]
    value = engine.total_value(inst, W, engine.optimal(inst, W))
    # Hand-computed: 2 x 1000 - 20 x distance(48.86 -> 48.80, 6.67 km) x 2 rounded = 2000 - 133 - 133.
    assert value == 2000 - 2 * round(0.06 * 111.2 * 20)
    assert engine.total_value(inst, W, engine.first_come_first_served(inst, W)) == 1000 - 50


def test_the_highest_priority_gets_the_only_place():
    inst = _instance([{"priority": 3, "waited": 40}, {"priority": 20, "waited": 1}], [{}])
    assert list(engine.optimal(inst, W)) == [UNPLACED, 0]
    assert list(engine.first_come_first_served(inst, W)) == [0, UNPLACED]


def test_no_man_in_a_women_only_room_and_no_lhss_without_a_medical_need():
    inst = _instance(
        [{"female": False, "kinds": [StructureKind.HOTEL, StructureKind.LHSS]}, {"female": True, "priority": 0}],
        [{"women_only": True}, {"kind": StructureKind.LHSS}],
    )
    for solver in engine.SOLVERS.values():
        assert list(solver(inst, W)) == [UNPLACED, 0]


@pytest.mark.parametrize("seed", range(6))
def test_the_engine_reaches_the_exact_optimum(seed):
    inst = generate.instance(60, 40, seed=seed)
    best = engine.total_value(inst, W, engine.reference_optimum(inst, W))
    assert engine.total_value(inst, W, engine.optimal(inst, W)) == best
    for name in ("fcfs", "priority", "greedy"):
        assert engine.total_value(inst, W, engine.SOLVERS[name](inst, W)) <= best


@pytest.mark.parametrize("seed", range(4))
def test_the_optimum_is_the_best_of_every_assignment_on_small_cases(seed):
    inst = generate.instance(4, 3, seed=seed)
    value = engine.values(inst, W)
    best = 0
    for places in itertools.permutations([*range(3), *[UNPLACED] * 4], 4):
        if all(j == UNPLACED or value[i, j] > 0 for i, j in enumerate(places)):
            best = max(best, sum(value[i, j] for i, j in enumerate(places) if j != UNPLACED))
    assert engine.total_value(inst, W, engine.optimal(inst, W)) == best


def test_the_engine_is_deterministic():
    inst = generate.instance(300, 250, seed=7)
    first = engine.optimal(inst, W)
    assert all((engine.optimal(generate.instance(300, 250, seed=7), W) == first).all() for _ in range(2))
    assert (engine.greedy(inst, W) == engine.greedy(inst, W)).all()


class _Person:
    def __init__(self, inst, i):
        self.sex = Sex.FEMALE if inst.female[i] else Sex.MALE
        self.need_mobility, self.need_pets, self.need_couple = (bool(x) for x in inst.needs[i])
        self.need_somatic, self.need_psychiatric = bool(inst.somatic[i]), bool(inst.psychiatric[i])


def test_engine_eligibility_is_the_rule_of_relais_referrals_eligibility():
    inst = generate.instance(80, 60, seed=3)
    fits = engine.eligible(inst)
    for i in range(80):
        person = _Person(inst, i)
        for j in range(60):
            place = {
                "women_only": bool(inst.women_only[j]),
                **{a: bool(inst.attributes[j, k]) for k, a in enumerate(ATTRIBUTES)},
            }
            kind = KINDS[inst.kind[j]]
            expected = (
                bool(inst.wants[i, inst.kind[j]]) and not kind_refusal(person, kind) and place_fits(person, place)
            )
            assert fits[i, j] == expected, (i, j)
