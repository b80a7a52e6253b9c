"""Per-structure occupancy (the board, the structure pages, the map, the API) through the publication.

Occupied places are a count of persons, and free places and rates derived from them too: an audience
that does not read occupancy exactly (police, comité, Ville…) gets, for each structure, the published
cell of `places_occupied` (declared mode) or `persons_housed` (computed mode) by structure — the very
cell the dashboards and the API indicators give — and free places as places open minus that figure.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from relais.indicators import registry
from relais.indicators.publication import MASKED, Cell, Publisher, shown
from relais.structures.enums import AvailabilityMode


def publish_availability(rows: Iterable, publisher: Publisher, *, as_of: datetime.datetime | None = None) -> list:
    """`rows` (structures annotated with `places_open`, `occupied`, `free`) as `publisher`'s audience may
    read them; each row also gets `occupied_display` and `occupied_status`."""
    rows = list(rows)
    occupied = registry.get("places_occupied")
    if publisher.reads_exactly(occupied):
        for row in rows:
            row.occupied_display, row.occupied_status = _text(row.occupied), "exact"
        return rows
    as_of = as_of or timezone.now()
    cells = {
        AvailabilityMode.DECLARED: _by_structure(publisher, occupied, as_of),
        AvailabilityMode.COMPUTED: _by_structure(publisher, registry.get("persons_housed"), as_of),
    }
    for row in rows:
        if row.occupied is None:
            row.occupied_display, row.occupied_status = "—", "non renseigné"
            continue
        cell = cells.get(row.availability_mode, {}).get(row.pk)
        if cell is None:
            cell = Cell(0) if not row.occupied else Cell(None, MASKED)
        row.occupied = cell.value
        row.free = None if cell.value is None else max((row.places_open or 0) - cell.value, 0)
        row.occupied_display, row.occupied_status = shown(cell, "places"), cell.mark or "publié"
    return rows


def published_free_total(rows: Iterable) -> int:
    """Free places summed over the rows whose free places are published."""
    return sum(row.free for row in rows if row.free and row.free > 0)


def _by_structure(publisher, indicator, as_of) -> dict:
    return {r["structure"]: r["cell"] for r in publisher.rows(indicator, as_of=as_of, by=["structure"])}


def _text(value) -> str:
    return "—" if value is None else str(value)
