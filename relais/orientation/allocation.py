"""From the database to the engine and back: the waiting list and the free places as an instance,
the engine's proposal with the baselines on the same instance, each match with its explanation."""

import datetime
from dataclasses import asdict

import numpy as np
from django.utils import timezone

from relais.orientation.engine import (
    ATTRIBUTES,
    KIND_INDEX,
    KINDS,
    UNPLACED,
    Instance,
    Weights,
    eligible,
    explain,
    first_come_first_served,
    greedy,
    optimal,
)
from relais.orientation.metrics import assignment_metrics
from relais.orientation.proposals import free_places_by_structure
from relais.orientation.waiting import Entry
from relais.people.enums import Sex
from relais.referrals.eligibility import NEED_ATTRIBUTES
from relais.structures.board import with_freshness
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.models import Structure
from relais.utils.geo import ARRONDISSEMENT_CENTRES

PARIS = (48.8566, 2.3522)
ATTRIBUTE_NEEDS = {str(attribute): need for need, attribute in NEED_ATTRIBUTES.items()}


def _point(lat, lon, cog) -> tuple[float, float]:
    if lat is not None and lon is not None:
        return lat, lon
    return ARRONDISSEMENT_CENTRES.get(cog or "", PARIS)


def allocatable_places(now: datetime.datetime | None = None) -> list[dict]:
    """Places the engine may give: free now and certain. In computed mode every place row without an
    open stay; in declared mode, only when the figure is fresh, as many rows as the declared free
    count, the plainest places first (which places are taken is not declared: scarce ones are not assumed free)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    structures = list(
        with_freshness(Structure.objects.operating().with_availability(today), now).filter(free__gt=0).order_by("pk")
    )
    rows = free_places_by_structure([s.pk for s in structures], today)
    places = []
    for structure in structures:
        free = rows.get(structure.pk, [])
        if structure.availability_mode == AvailabilityMode.DECLARED:
            if structure.stale:
                continue
            free = sorted(free, key=lambda p: (sum(bool(p[a]) for a in (*ATTRIBUTES, "women_only")), p["pk"]))
        lat, lon = _point(structure.latitude, structure.longitude, structure.cog)
        for place in free[: structure.free]:
            places.append(
                {
                    "id": place["pk"],
                    "structure_id": structure.pk,
                    "structure": structure.name,
                    "kind": structure.kind,
                    "women_only": place["women_only"],
                    **{a: place[a] for a in ATTRIBUTES},
                    "lat": lat,
                    "lon": lon,
                }
            )
    return places


def person_snapshot(entry: Entry) -> dict:
    person = entry.person
    lat, lon = _point(person.last_lat, person.last_lon, person.last_cog)
    return {
        "id": str(person.pk),
        "code": person.display_code,
        "rank": entry.rank,
        "points": entry.points,
        "reasons": [[r.label, r.detail, r.points] for r in entry.reasons],
        "waited_days": entry.waiting_days,
        "kinds": entry.kind_codes,
        # Sex enters only as the women-only-room constraint, never in the value.
        "takes_women_only": person.sex == Sex.FEMALE,
        "needs": {a: bool(getattr(person, ATTRIBUTE_NEEDS[a])) for a in ATTRIBUTES},
        "somatic": person.need_somatic,
        "psychiatric": person.need_psychiatric,
        "lat": lat,
        "lon": lon,
    }


def instance_of(persons: list[dict], places: list[dict]) -> Instance:
    """The engine's arrays from the archived snapshots (so an archive can be solved again, identically)."""
    n = len(persons)
    wants = np.zeros((n, len(KINDS)), dtype=bool)
    for i, p in enumerate(persons):
        if p["kinds"]:
            wants[i, [KIND_INDEX[k] for k in p["kinds"]]] = True
        else:
            wants[i, :] = True
    return Instance(
        person_keys=[p["id"] for p in persons],
        priority=np.array([p["points"] for p in persons], dtype=np.int64),
        waited=np.array([p["waited_days"] for p in persons], dtype=np.int64),
        female=np.array([p["takes_women_only"] for p in persons], dtype=bool),
        needs=np.array([[p["needs"][a] for a in ATTRIBUTES] for p in persons], dtype=bool).reshape(n, len(ATTRIBUTES)),
        somatic=np.array([p["somatic"] for p in persons], dtype=bool),
        psychiatric=np.array([p["psychiatric"] for p in persons], dtype=bool),
        wants=wants,
        lat=np.array([p["lat"] for p in persons], dtype=float),
        lon=np.array([p["lon"] for p in persons], dtype=float),
        place_keys=[p["id"] for p in places],
        kind=np.array([KIND_INDEX[p["kind"]] for p in places], dtype=np.int64),
        women_only=np.array([p["women_only"] for p in places], dtype=bool),
        attributes=np.array([[p[a] for a in ATTRIBUTES] for p in places], dtype=bool).reshape(
            len(places), len(ATTRIBUTES)
        ),
        place_lat=np.array([p["lat"] for p in places], dtype=float),
        place_lon=np.array([p["lon"] for p in places], dtype=float),
    )


def solve(persons: list[dict], places: list[dict], weights: Weights) -> tuple[list[dict], dict]:
    """The engine's matches with their explanation, and the comparison with the baselines."""
    instance = instance_of(persons, places)
    engine = optimal(instance, weights)
    best = assignment_metrics(instance, weights, engine, None)
    comparison = {"engine": best}
    for name, solver in (("fcfs", first_come_first_served), ("greedy", greedy)):
        comparison[name] = assignment_metrics(instance, weights, solver(instance, weights), best["value"])
    fits = eligible(instance) if persons and places else np.zeros((len(persons), len(places)), dtype=bool)
    matches = []
    for i, j in enumerate(engine):
        alternatives = sorted({places[k]["structure_id"] for k in np.flatnonzero(fits[i])})
        if j == UNPLACED:
            matches.append({"person": i, "place": None, "alternatives": alternatives})
            continue
        matches.append(
            {
                "person": i,
                "place": int(j),
                "alternatives": alternatives,
                **asdict(explain(instance, weights, i, int(j))),
            }
        )
    return matches, comparison


def kind_label(kind: str) -> str:
    return StructureKind(kind).label
