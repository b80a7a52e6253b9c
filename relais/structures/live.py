"""The live availability rows (`StructureAvailability`): current state kept beside the history.

Every service that changes what a structure has free today calls one of two functions in its own
transaction, under the structure's row lock, so that the row commits or rolls back with the change and
two concurrent changes cannot write each other's stale figures:

- `availability_refresh` (declaration, service period, place attributes, mode) recomputes the row from
  the history with the one definition of occupied and free (`StructureQuerySet.with_availability`);
- `availability_step` (an admission or an exit: one stay opened or closed) moves the row by that one
  stay in a single UPDATE, which gives the same figures (`tests/structures/test_live_steps.py` compares
  both after random sequences of operations), and falls back to the recomputation when the row is not
  of today (the roll-over has not run yet) or is missing.

The nightly roll-over (`availability_rollover`) moves every row to the new day (dated service periods),
and `availability_drift` recomputes them and lists the differences (`manage.py check_availability`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone

from relais.structures.enums import AvailabilityMode, PlaceAttribute
from relais.structures.models import Structure, StructureAvailability
from relais.structures.occupancy import computed_occupied
from relais.utils.prepared import statement_cursor

# The fields of a row that the history determines (all but the key and `updated_at`).
FIGURES = [
    "day",
    "places_open",
    "occupied",
    "free",
    *[f"open_{a}" for a in PlaceAttribute.values],
    *[f"occupied_{a}" for a in PlaceAttribute.values],
    *[f"free_{a}" for a in PlaceAttribute.values],
    "declared_at",
    "declared_by_name",
    "declared_by_org",
]
CHUNK = 500


def _ids(structures: Iterable) -> list[int]:
    return sorted({s if isinstance(s, int) else s.pk for s in structures})


def compute_availability(structure_ids: list[int] | None, day: datetime.date) -> list[StructureAvailability]:
    """The rows the history gives for these structures (all when None), as of now on `day`."""
    structures = Structure.objects.all() if structure_ids is None else Structure.objects.filter(pk__in=structure_ids)
    occupied_with = {f"occupied_{a}": computed_occupied(attribute=a) for a in PlaceAttribute.values}
    rows = (
        structures.with_availability(day)
        .with_places_open_by_attribute(day)
        .annotate(**occupied_with)
        .order_by("pk")
        .values(
            "pk",
            "availability_mode",
            "places_open",
            "occupied",
            "free",
            "declared_at",
            "declared_by_name",
            "declared_by_org",
            *[f"open_{a}" for a in PlaceAttribute.values],
            *occupied_with,
        )
    )
    result = []
    for row in rows:
        computed = row["availability_mode"] == AvailabilityMode.COMPUTED
        attributes = {}
        for a in PlaceAttribute.values:
            attributes[f"open_{a}"] = row[f"open_{a}"]
            known = computed and row[f"occupied_{a}"] is not None
            attributes[f"occupied_{a}"] = row[f"occupied_{a}"] if known else None
            attributes[f"free_{a}"] = max(row[f"open_{a}"] - row[f"occupied_{a}"], 0) if known else None
        result.append(
            StructureAvailability(
                structure_id=row["pk"],
                day=day,
                places_open=row["places_open"],
                occupied=row["occupied"],
                free=row["free"],
                declared_at=row["declared_at"],
                declared_by_name=row["declared_by_name"] or "",
                declared_by_org=row["declared_by_org"] or "",
                **attributes,
            )
        )
    return result


# Writes of live rows made by this process: a reader that keeps figures computed from the rows (the
# published occupancy, relais/indicators/availability.py) looks again at once after one of its own,
# and after those of other processes within its own delay.
_writes = {"count": 0}


def writes_made() -> int:
    """How many times this process wrote live rows (whether or not its transactions committed)."""
    return _writes["count"]


def _written() -> None:
    _writes["count"] += 1


def _write(rows: list[StructureAvailability]) -> None:
    _written()
    StructureAvailability.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["structure"], update_fields=[*FIGURES, "updated_at"]
    )


@transaction.atomic(savepoint=False)
def availability_refresh(*, structures: Iterable, day: datetime.date | None = None) -> None:
    """Recompute the rows of `structures` (instances or ids) from the history, in the caller's transaction."""
    ids = _ids(structures)
    if not ids:
        return
    # Locks in a fixed order: a transfer refreshes two structures, never in opposite orders.
    list(Structure.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    for row in (rows := compute_availability(ids, day or timezone.localdate())):
        row.updated_at = now
    _write(rows)


def availability_step(*, structure: Structure, place=None, step: int) -> None:
    """One stay opened (`step` 1) or closed (-1) in `structure`, on `place` (None: a count-only stay), in
    the caller's transaction: the row moves by that stay in one UPDATE.

    The caller holds the structure's row lock, took it before reading the place's attributes and
    `structure` is the locked instance (its mode as committed). The figures are those the history gives:
    in computed mode occupied counts the open stays and `occupied_<attribute>` those on places with the
    attribute, each free is open minus occupied never below zero; in declared mode a stay changes nothing.
    A row of another day, missing, or with an unknown count is recomputed from the history instead."""
    day = timezone.localdate()
    computed = structure.availability_mode == AvailabilityMode.COMPUTED
    attributes = tuple(a for a in PlaceAttribute.values if computed and place is not None and getattr(place, a))
    connection = connections[router.db_for_write(StructureAvailability)]
    sql = _step_sql(connection, computed, attributes)
    meta = StructureAvailability._meta
    params = [meta.get_field("updated_at").get_db_prep_save(timezone.now(), connection)]
    params += [step] * (2 * (1 + len(attributes)) if computed else 0)
    params += [structure.pk, meta.get_field("day").get_db_prep_save(day, connection)]
    _written()
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        moved = cursor.rowcount
    if not moved:
        availability_refresh(structures=[structure.pk], day=day)


def live_counts(structure_id: int, day: datetime.date) -> tuple[int | None, int] | None:
    """(occupied, places open) of the structure's live row if it is of `day`, else None: one statement
    written once, read on every admission."""
    connection = connections[router.db_for_read(StructureAvailability)]
    quote = connection.ops.quote_name
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"SELECT {quote('occupied')}, {quote('places_open')} FROM {quote(StructureAvailability._meta.db_table)} "  # noqa: S608 - names from the model
            f"WHERE {quote('structure_id')} = %s AND {quote('day')} = %s",
            [structure_id, StructureAvailability._meta.get_field("day").get_db_prep_value(day, connection)],
        )
        return cursor.fetchone()


_STEPS: dict = {}


def _step_sql(connection, computed: bool, attributes: tuple[str, ...]) -> str:
    """The UPDATE of one step, built once per mode and set of the place's attributes. In an UPDATE every
    right-hand side reads the row as it was: `occupied` is the old count."""
    key = (connection.alias, computed, attributes)
    if key not in _STEPS:
        greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
        quote = connection.ops.quote_name
        sets, known = [f"{quote('updated_at')} = %s"], []
        for suffix, opened in [("", "places_open"), *[(f"_{a}", f"open_{a}") for a in attributes]] if computed else []:
            occupied, free = quote(f"occupied{suffix}"), quote(f"free{suffix}")
            sets.append(f"{occupied} = {occupied} + %s")
            sets.append(f"{free} = {greatest}({quote(opened)} - {occupied} - %s, 0)")
            known.append(f" AND {occupied} IS NOT NULL")
        _STEPS[key] = (
            f"UPDATE {quote(StructureAvailability._meta.db_table)} SET {', '.join(sets)} "  # noqa: S608 - names from the model
            f"WHERE {quote('structure_id')} = %s AND {quote('day')} = %s{''.join(known)}"
        )
    return _STEPS[key]


def availability_rollover(*, day: datetime.date | None = None) -> int:
    """Every row moved to `day` (today): the places whose service period starts or ends then count or
    no longer count. One transaction per chunk of structures, so the board never waits long."""
    day = day or timezone.localdate()
    ids = list(Structure.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        availability_refresh(structures=ids[start : start + CHUNK], day=day)
    _written()
    StructureAvailability.objects.exclude(structure__in=Structure.objects.all()).delete()
    return len(ids)


@dataclass(frozen=True)
class Drift:
    structure_id: int
    field: str
    stored: object
    expected: object


def availability_drift(*, day: datetime.date | None = None, structures: Iterable | None = None) -> list[Drift]:
    """Every difference between the stored rows and the history recomputed now (a missing row is one),
    for every structure or those of `structures` (instances or ids)."""
    day = day or timezone.localdate()
    ids = (
        list(Structure.objects.order_by("pk").values_list("pk", flat=True)) if structures is None else _ids(structures)
    )
    drifts = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = {row.structure_id: row for row in StructureAvailability.objects.filter(structure__in=chunk)}
        for expected in compute_availability(chunk, day):
            row = stored.get(expected.structure_id)
            if row is None:
                drifts.append(Drift(expected.structure_id, "row", None, "missing"))
                continue
            for field in FIGURES:
                if getattr(row, field) != getattr(expected, field):
                    drifts.append(Drift(expected.structure_id, field, getattr(row, field), getattr(expected, field)))
    return drifts
