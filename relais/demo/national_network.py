"""The national network: structures across France, their places with ten years of service periods
(closed spans and reopenings, places opening or closing in the coming days) and a week of occupancy
declarations for the declared-mode structures."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from relais.demo.national_base import YEARS, Loader
from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind
from relais.users.models import Organization, User
from relais.utils.geo import ARRONDISSEMENT_CENTRES

COMPUTED_KINDS = {StructureKind.HOTEL, StructureKind.LHSS, StructureKind.LAM}
# Kinds with their share of structures and their typical size (places), hotels being the largest.
KINDS = [
    (StructureKind.HOTEL, 0.22, 60),
    (StructureKind.CHRS, 0.18, 50),
    (StructureKind.REST_NIGHT, 0.12, 40),
    (StructureKind.REST_DAY, 0.08, 30),
    (StructureKind.LHSS, 0.10, 15),
    (StructureKind.LAM, 0.06, 20),
    (StructureKind.CSAPA, 0.08, 20),
    (StructureKind.CAARUD, 0.08, 10),
    (StructureKind.HSA, 0.03, 12),
    (StructureKind.PSYCHIATRY, 0.05, 25),
]
# Cities (latitude, longitude, department) and their weight in the network; Paris by arrondissement.
CITIES = [
    (45.764, 4.836, "69", 6),
    (43.297, 5.370, "13", 6),
    (43.604, 1.444, "31", 4),
    (50.629, 3.057, "59", 5),
    (44.838, -0.579, "33", 4),
    (47.218, -1.554, "44", 3),
    (48.573, 7.752, "67", 3),
    (43.611, 3.877, "34", 3),
    (48.117, -1.678, "35", 2),
    (43.710, 7.262, "06", 3),
    (49.258, 4.032, "51", 1),
    (45.188, 5.724, "38", 2),
    (47.322, 5.041, "21", 1),
    (49.443, 1.100, "76", 2),
    (48.692, 6.184, "54", 1),
    (48.905, 2.360, "93", 8),
    (48.790, 2.460, "94", 5),
    (48.890, 2.200, "92", 5),
]
PARIS_WEIGHT = 20


@dataclass
class Network:
    """What the persons and stays are drawn from: (id, kind, mode, opened, lat, lon, cog, operator) per
    structure, (id, structure, kind, label, women, accessible, pets) per place, and the places in
    service today by structure."""

    structures: list[tuple] = field(default_factory=list)
    places: list[tuple] = field(default_factory=list)
    in_service: dict[int, list[int]] = field(default_factory=dict)


def _place_counts(rng: random.Random, typical: list[int], total: int) -> list[int]:
    """Sizes around each structure's typical size (log-normal), scaled to add up to `total` exactly."""
    raw = [t * rng.lognormvariate(0, 0.5) for t in typical]
    factor = max(total - len(raw), 0) / sum(raw)
    counts = [1 + int(r * factor) for r in raw]
    for i in range(total - sum(counts)):  # the rounding remainder, one each
        counts[i % len(counts)] += 1
    return counts


def _location(rng: random.Random) -> tuple[float, float, str]:
    weights = [w for *_, w in CITIES] + [PARIS_WEIGHT]
    choice = rng.choices(range(len(weights)), weights=weights)[0]
    if choice == len(CITIES):
        cog, (lat, lon) = rng.choice(list(ARRONDISSEMENT_CENTRES.items()))
        return lat + rng.gauss(0, 0.006), lon + rng.gauss(0, 0.009), cog
    lat, lon, dept, _ = CITIES[choice]
    return lat + rng.gauss(0, 0.05), lon + rng.gauss(0, 0.07), f"{dept}{rng.randint(1, 400):03d}"


def write_network(
    *,
    rng: random.Random,
    loader: Loader,
    structures_count: int,
    places_count: int,
    operators: list[Organization],
    user: User,
) -> tuple[Network, dict[str, int]]:
    """Writes the structures, places, service periods and declarations; returns them and the row counts."""
    today = timezone.localdate()
    now = timezone.now()
    first_day = today - datetime.timedelta(days=365 * YEARS)
    written = {}

    # Structures.
    kinds = rng.choices([k for k, _, _ in KINDS], weights=[w for _, w, _ in KINDS], k=structures_count)
    typical = {k: t for k, _, t in KINDS}
    structure_id = loader.next_id("structures_structure")
    structures = []
    for n, kind in enumerate(kinds):
        lat, lon, cog = _location(rng)
        opened = first_day + datetime.timedelta(days=rng.randint(0, 365 * (YEARS - 1)))
        mode = AvailabilityMode.COMPUTED if kind in COMPUTED_KINDS else AvailabilityMode.DECLARED
        structures.append((structure_id + n, kind, mode, opened, lat, lon, cog, operators[n % len(operators)].pk))
    written["structures"] = loader.write(
        "structures_structure",
        [
            "id",
            "name",
            "kind",
            "operator_id",
            "address",
            "cog",
            "latitude",
            "longitude",
            "finess_et",
            "finess_ej",
            "phone",
            "opening_hours",
            "status",
            "opened_on",
            "availability_mode",
            "is_public",
            "updated_at",
        ],
        (
            (
                sid,
                f"{StructureKind(kind).label} {sid}",
                kind,
                org,
                f"{rng.randint(1, 200)} rue du Réseau",
                cog,
                round(lat, 6),
                round(lon, 6),
                "",
                "",
                f"01 99 00 {sid // 100 % 100:02d} {sid % 100:02d}",  # ARCEP's range for fiction
                "24/7",
                "open",
                opened,
                mode,
                True,
                now,
            )
            for sid, kind, mode, opened, lat, lon, cog, org in structures
        ),
    )

    # Places: sizes per kind, attributes, ten years of service periods (some closed and reopened,
    # some out of service now, some starting or ending in the coming days: the nightly roll-over).
    counts = _place_counts(rng, [typical[s[1]] for s in structures], places_count)
    place_id = loader.next_id("structures_place")
    places, periods = [], []
    in_service: dict[int, list[int]] = {}
    for (sid, kind, _mode, opened, *_), count in zip(structures, counts, strict=True):
        place_kind = PlaceKind.ROOM if kind == StructureKind.HOTEL else PlaceKind.BED
        for n in range(count):
            pid = place_id + len(places)
            places.append(
                (pid, sid, place_kind, f"Place {n + 1}", rng.random() < 0.15, rng.random() < 0.1, rng.random() < 0.2)
            )
            start = opened + datetime.timedelta(days=rng.randint(0, max((today - opened).days // 3, 0)))
            roll = rng.random()
            if roll < 0.15 and (today - start).days > 60:  # a closed span, then back in service
                pause = start + datetime.timedelta(days=rng.randint(10, (today - start).days // 2))
                periods.append((pid, start, pause))
                start = pause + datetime.timedelta(days=rng.randint(1, 20))
                start = min(start, today)
            if roll > 0.97 and start < today:  # out of service now
                periods.append((pid, start, today - datetime.timedelta(days=rng.randint(0, (today - start).days))))
                continue
            if roll > 0.96:  # closes in the coming days
                periods.append((pid, start, today + datetime.timedelta(days=rng.randint(1, 10))))
            elif roll > 0.95:  # opens in the coming days
                periods.append((pid, today + datetime.timedelta(days=rng.randint(1, 10)), None))
                continue
            else:
                periods.append((pid, start, None))
            in_service.setdefault(sid, []).append(pid)
    periods = [(pid, s, e) for pid, s, e in periods if e is None or e > s]
    written["places"] = loader.write(
        "structures_place",
        ["id", "structure_id", "kind", "label", "location_label", "women_only", "accessible", "pets", "couple"],
        ((pid, sid, k, label, "", w, a, p, False) for pid, sid, k, label, w, a, p in places),
    )
    period_id = loader.next_id("structures_placeserviceperiod")
    written["service_periods"] = loader.write(
        "structures_placeserviceperiod",
        ["id", "place_id", "start", "end"],
        ((period_id + i, pid, s, e) for i, (pid, s, e) in enumerate(periods)),
    )

    # Declarations: a week of figures for each declared structure, the last one fresh or not.
    declaration_id = loader.next_id("structures_occupancydeclaration")
    declarations = []
    for sid, _kind, mode, *_rest, org in structures:
        open_count = len(in_service.get(sid, []))
        if mode != AvailabilityMode.DECLARED or not open_count:
            continue
        last = now - datetime.timedelta(hours=rng.choice([1, 3, 8, 20, 30, 80, 200]))
        for back in range(rng.randint(1, 7)):
            declarations.append(
                (
                    declaration_id + len(declarations),
                    sid,
                    rng.randint(int(open_count * 0.6), open_count),
                    last - datetime.timedelta(days=back),
                    user.pk,
                    org,
                    False,
                )
            )
    written["declarations"] = loader.write(
        "structures_occupancydeclaration",
        ["id", "structure_id", "occupied", "declared_at", "declared_by_id", "organization_id", "unchanged"],
        declarations,
    )
    return Network(structures, places, in_service), written
