"""A generated national network for `manage.py generate_national`: structures across France, their
places with ten years of service periods, occupancy declarations, persons and stays.

Seeded (the same sizes and seed give the same rows) and idempotent (a second run first removes what
the first one wrote: every generated structure belongs to an operator named `OPERATOR_PREFIX …`).
On PostgreSQL the rows go in with `COPY` and the stays' capacity trigger is held off during the load
(the generator fills at most the places in service); elsewhere (the embedded SQLite) with bulk inserts,
for demo-sized runs. The live availability rows are recomputed from the generated history at the end.
"""

import datetime
import math
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from relais.stays.enums import ExitDestination
from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind
from relais.structures.live import availability_rollover
from relais.users.enums import GrantStatus, OrganizationKind, Role
from relais.users.models import AccessGrant, Organization, User
from relais.utils.geo import ARRONDISSEMENT_CENTRES

OPERATOR_PREFIX = "Réseau national généré"
BENCH_USERNAME = "bench-national"
YEARS = 10
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


@dataclass(frozen=True)
class Sizes:
    structures: int = 5_000
    places: int = 200_000
    persons: int = 1_000_000
    stays: int = 1_500_000

    def scaled(self, scale: float) -> "Sizes":
        return Sizes(
            *(max(1, math.ceil(getattr(self, f) * scale)) for f in ("structures", "places", "persons", "stays"))
        )


class Loader:
    """Writes rows with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - our table names
            return cursor.fetchone()[0]

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        count = 0
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(columns))
                batch = []
                for row in rows:
                    batch.append(tuple(self._adapt(v) for v in row))
                    if len(batch) == 5000:
                        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                        count, batch = count + len(batch), []
                if batch:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                    count += len(batch)
        return count

    @staticmethod
    def _adapt(value):
        """As Django would store it on SQLite (UUIDs as hex, datetimes as naive UTC text)."""
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, datetime.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime.date):
            return connection.ops.adapt_datefield_value(value)
        return value

    def reset_sequence(self, table: str) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )


def _accounts() -> tuple[list[Organization], User]:
    operators = []
    for n in range(1, 101):
        org, _ = Organization.objects.get_or_create(
            name=f"{OPERATOR_PREFIX} {n:03d}",
            defaults={"short_name": f"RNG{n:03d}", "kind": OrganizationKind.ASSOCIATION},
        )
        operators.append(org)
    user, created = User.objects.get_or_create(username=BENCH_USERNAME)
    if created:
        user.set_unusable_password()
        user.save()
    # The comité role: reads the board, the API and the comité's dashboard; no person-level data.
    AccessGrant.objects.filter(user=user).exclude(role=Role.COMITE).delete()
    AccessGrant.objects.get_or_create(
        user=user,
        role=Role.COMITE,
        defaults={
            "organization": operators[0],
            "valid_from": datetime.date(2018, 1, 1),
            "status": GrantStatus.APPROVED,
        },
    )
    return operators, user


def remove_generated() -> None:
    """Everything a previous run wrote (raw deletes: there may be millions of rows)."""
    structures = (
        "SELECT s.id FROM structures_structure s JOIN users_organization o ON o.id = s.operator_id WHERE o.name LIKE %s"
    )
    like = [f"{OPERATOR_PREFIX}%"]
    persons = "SELECT p.id FROM people_person p JOIN users_organization o ON o.id = p.created_by_organization_id WHERE o.name LIKE %s"
    statements = [
        (f"DELETE FROM stays_stay WHERE structure_id IN ({structures})", like),  # noqa: S608
        (f"DELETE FROM stays_stay WHERE person_id IN ({persons})", like),  # noqa: S608
        (f"DELETE FROM people_person WHERE id IN ({persons})", like),  # noqa: S608
        (f"DELETE FROM structures_structureavailability WHERE structure_id IN ({structures})", like),  # noqa: S608
        (f"DELETE FROM structures_occupancydeclaration WHERE structure_id IN ({structures})", like),  # noqa: S608
        (
            f"DELETE FROM structures_placeserviceperiod WHERE place_id IN (SELECT id FROM structures_place WHERE structure_id IN ({structures}))",  # noqa: S608
            like,
        ),
        (f"DELETE FROM structures_place WHERE structure_id IN ({structures})", like),  # noqa: S608
        (f"DELETE FROM structures_structure WHERE id IN ({structures})", like),  # noqa: S608
    ]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


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


@transaction.atomic
def generate(*, sizes: Sizes, seed: int = 14) -> dict[str, int]:
    """Writes the network of `sizes`; returns the number of rows written per table."""
    rng = random.Random(seed)
    loader = Loader()
    operators, user = _accounts()
    remove_generated()
    today = timezone.localdate()
    now = timezone.now()
    first_day = today - datetime.timedelta(days=365 * YEARS)
    written = {}

    # Structures.
    kinds = rng.choices([k for k, _, _ in KINDS], weights=[w for _, w, _ in KINDS], k=sizes.structures)
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
    counts = _place_counts(rng, [typical[s[1]] for s in structures], sizes.places)
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

    # Persons, then stays in the computed-mode structures: 85 to 95 % of their places taken now,
    # the rest of the stays closed over the ten years.
    person_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(sizes.persons)]
    written["persons"] = loader.write(
        "people_person",
        [
            "id",
            "display_code",
            "alias",
            "year_of_birth",
            "sex",
            "languages",
            "need_psychiatric",
            "need_somatic",
            "need_mobility",
            "need_pets",
            "need_couple",
            "matching_key",
            "created_at",
            "created_by_id",
            "created_by_organization_id",
        ],
        (
            (
                pid,
                f"N-{n:09d}",
                "",
                rng.randint(1950, 2006),
                rng.choice(["male", "female", "unknown"]),
                "",
                rng.random() < 0.2,
                rng.random() < 0.3,
                rng.random() < 0.05,
                rng.random() < 0.1,
                False,
                "",
                now - datetime.timedelta(days=rng.randint(0, 365 * YEARS)),
                user.pk,
                operators[n % len(operators)].pk,
            )
            for n, pid in enumerate(person_ids)
        ),
    )
    open_stays = []
    free_persons = iter(person_ids)
    for sid, _kind, mode, *_ in structures:
        if mode != AvailabilityMode.COMPUTED:
            continue
        places_now = in_service.get(sid, [])
        taken = rng.sample(places_now, int(len(places_now) * rng.uniform(0.85, 0.95)))
        for pid in taken:
            person = next(free_persons, None)
            if person is None:
                break
            open_stays.append((sid, pid, person))
    computed = {s[0] for s in structures if s[2] == AvailabilityMode.COMPUTED}
    computed_places = [p for s in computed for p in in_service.get(s, [])]
    place_structure = {p[0]: p[1] for p in places}
    stay_id = loader.next_id("stays_stay")

    def stays():
        n = 0
        for sid, pid, person in open_stays:
            admitted = now - datetime.timedelta(days=rng.uniform(0, 300))
            yield (stay_id + n, person, sid, pid, admitted, user.pk, None, None, "")
            n += 1
        destinations = ExitDestination.values
        while n < sizes.stays and computed_places and person_ids:
            pid = rng.choice(computed_places)
            exited = now - datetime.timedelta(days=rng.uniform(1, 365 * YEARS))
            admitted = exited - datetime.timedelta(days=rng.expovariate(1 / 90))
            yield (
                stay_id + n,
                rng.choice(person_ids),
                place_structure[pid],
                pid,
                admitted,
                user.pk,
                exited,
                user.pk,
                rng.choice(destinations),
            )
            n += 1

    with _capacity_trigger_off():
        written["stays"] = loader.write(
            "stays_stay",
            [
                "id",
                "person_id",
                "structure_id",
                "place_id",
                "admitted_at",
                "admitted_by_id",
                "exited_at",
                "exited_by_id",
                "exit_destination",
            ],
            stays(),
        )
    for table in (
        "structures_structure",
        "structures_place",
        "structures_placeserviceperiod",
        "structures_occupancydeclaration",
        "stays_stay",
    ):
        loader.reset_sequence(table)
    if loader.postgres:
        with connection.cursor() as cursor:
            for table in ("structures_structure", "structures_place", "structures_placeserviceperiod", "stays_stay"):
                cursor.execute(f"ANALYZE {table}")
    written["live_rows"] = availability_rollover(day=today)
    return written


class _capacity_trigger_off:
    """The capacity trigger counts the open stays of a structure for each inserted row: held off while
    loading (the generator never fills more than the places in service), on again before commit."""

    def __enter__(self):
        self._toggle("DISABLE")

    def __exit__(self, *exc):
        self._toggle("ENABLE")

    @staticmethod
    def _toggle(action):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The deferred foreign-key checks of the rows copied so far run first (ALTER TABLE refuses
                # a table with pending trigger events).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE stays_stay {action} TRIGGER stays_stay_capacity")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
