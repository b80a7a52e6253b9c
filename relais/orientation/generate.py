"""Generated instances for the engine's benchmark and tests: fixed seed, prevalences as parameters.

Nothing here is real: persons and places are drawn around the centre of Paris.
"""

from dataclasses import dataclass

import numpy as np

from relais.orientation.engine import KIND_INDEX, KINDS, Instance
from relais.orientation.waiting import DEFAULT_WEIGHTS
from relais.structures.enums import StructureKind

CENTRE = (48.86, 2.35)
PLACES_PER_STRUCTURE = 20
# Share of places by kind of structure (places that take people for the night or longer).
PLACE_KINDS = {
    StructureKind.HOTEL: 0.40,
    StructureKind.REST_NIGHT: 0.22,
    StructureKind.CHRS: 0.15,
    StructureKind.LHSS: 0.10,
    StructureKind.LAM: 0.05,
    StructureKind.PSYCHIATRY: 0.08,
}
GENERIC_KINDS = [StructureKind.HOTEL, StructureKind.REST_NIGHT, StructureKind.CHRS]
GENERIC_SHARE = [0.5, 0.3, 0.2]


@dataclass(frozen=True)
class Prevalences:
    women: float = 0.20
    pets: float = 0.15
    couples: float = 0.08
    wheelchair: float = 0.05
    medical: float = 0.15
    psychiatric: float = 0.08
    senior: float = 0.10
    # Places: share of structures for women only, and of places with each attribute.
    women_only_structures: float = 0.15
    pet_places: float = 0.15
    couple_places: float = 0.08
    accessible_places: float = 0.10


def instance(n_persons: int, n_places: int, *, seed: int = 2026, prevalences: Prevalences | None = None) -> Instance:
    p = prevalences or Prevalences()
    rng = np.random.default_rng(seed)
    n, m = n_persons, n_places
    # Places, grouped in structures of PLACES_PER_STRUCTURE.
    n_structures = max(1, -(-m // PLACES_PER_STRUCTURE))
    kinds = list(PLACE_KINDS)
    structure_kind = rng.choice([KIND_INDEX[k] for k in kinds], size=n_structures, p=list(PLACE_KINDS.values()))
    structure_women = rng.random(n_structures) < p.women_only_structures
    structure_lat = rng.normal(CENTRE[0], 0.025, n_structures)
    structure_lon = rng.normal(CENTRE[1], 0.04, n_structures)
    of = np.arange(m) // PLACES_PER_STRUCTURE
    attributes = np.stack(
        [
            rng.random(m) < p.accessible_places,
            rng.random(m) < p.pet_places,
            rng.random(m) < p.couple_places,
        ],
        axis=1,
    )
    # Persons: needs, the kinds they are referred to, where they were met, their points.
    needs = np.stack([rng.random(n) < p.wheelchair, rng.random(n) < p.pets, rng.random(n) < p.couples], axis=1)
    somatic = rng.random(n) < p.medical
    psychiatric = rng.random(n) < p.psychiatric
    wants = np.zeros((n, len(KINDS)), dtype=bool)
    generic = rng.choice([KIND_INDEX[k] for k in GENERIC_KINDS], size=n, p=GENERIC_SHARE)
    wants[np.arange(n), generic] = True
    second = rng.random(n) < 0.25  # referred to a second kind as well
    wants[np.arange(n)[second], rng.choice([KIND_INDEX[k] for k in GENERIC_KINDS], size=n)[second]] = True
    wants[somatic, KIND_INDEX[StructureKind.LHSS]] = True
    wants[somatic & (rng.random(n) < 0.3), KIND_INDEX[StructureKind.LAM]] = True
    wants[psychiatric, KIND_INDEX[StructureKind.PSYCHIATRY]] = True
    waited = rng.geometric(1 / 30, n) - 1  # days on the list
    outside_weeks = np.minimum(rng.geometric(1 / 12, n) - 1, 26)
    senior = rng.random(n) < p.senior
    w = {str(k): v for k, v in DEFAULT_WEIGHTS.items()}
    priority = (
        w["waiting"] * (waited // 7)
        + w["outside"] * outside_weeks
        # Generated persons are flagged vulnerable by a soignant when they need care: the benchmark's
        # figures stay comparable with those before the flag existed.
        + w["vulnerable"] * (somatic | psychiatric)
        + w["age"] * senior
    ).astype(np.int64)
    return Instance(
        person_keys=list(range(n)),
        priority=priority,
        waited=waited.astype(np.int64),
        female=rng.random(n) < p.women,
        needs=needs,
        somatic=somatic,
        psychiatric=psychiatric,
        wants=wants,
        lat=rng.normal(CENTRE[0], 0.02, n),
        lon=rng.normal(CENTRE[1], 0.035, n),
        place_keys=list(range(m)),
        kind=structure_kind[of].astype(np.int64),
        women_only=structure_women[of],
        attributes=attributes,
        place_lat=structure_lat[of],
        place_lon=structure_lon[of],
    )
