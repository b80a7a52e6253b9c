"""The live availability rows (`StructureAvailability`): current state kept beside the history.

Every service that changes what a structure has free today (admission, exit, transfer, declaration,
service period, place attributes, mode) calls `availability_refresh` in its own transaction, so
the row commits or rolls back with the change. The row is recomputed from the history with the
one definition of occupied and free (`StructureQuerySet.with_availability`), under the structure's
row lock so that two concurrent changes cannot write each other's stale figures. The nightly
roll-over (`availability_rollover`) moves every row to the new day (dated service periods), and
`availability_drift` recomputes them all and lists the differences (`manage.py check_availability`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from relais.structures.enums import AvailabilityMode, PlaceAttribute
from relais.structures.models import Structure, StructureAvailability, computed_occupied

# The fields of a row that the history determines (all but the key and `updated_at`).
FIGURES = [
    "day",
    "places_open",
    "occupied",
    "free",
    *[f"open_{a}" for a in PlaceAttribute.values],
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


def _write(rows: list[StructureAvailability]) -> None:
    StructureAvailability.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["structure"], update_fields=[*FIGURES, "updated_at"]
    )


@transaction.atomic
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


def availability_rollover(*, day: datetime.date | None = None) -> int:
    """Every row moved to `day` (today): the places whose service period starts or ends then count or
    no longer count. One transaction per chunk of structures, so the board never waits long."""
    day = day or timezone.localdate()
    ids = list(Structure.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        availability_refresh(structures=ids[start : start + CHUNK], day=day)
    StructureAvailability.objects.exclude(structure__in=Structure.objects.all()).delete()
    return len(ids)


@dataclass(frozen=True)
class Drift:
    structure_id: int
    field: str
    stored: object
    expected: object


def availability_drift(*, day: datetime.date | None = None) -> list[Drift]:
    """Every difference between the stored rows and the history recomputed now (a missing row is one)."""
    day = day or timezone.localdate()
    ids = list(Structure.objects.order_by("pk").values_list("pk", flat=True))
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
