"""Per-structure occupancy (the board, the structure pages, the map, the API) through the publication.

Occupied places are a count of persons, and free places and rates derived from them too: an audience
that does not read occupancy exactly (police, comité, Ville…) gets, for each structure, the published
cell of `places_occupied` (declared mode) or `persons_housed` (computed mode) by structure — the very
cell the dashboards and the API indicators give — and free places as places open minus that figure.

The published cells as of now are the same for every outside audience (a universe does not depend on
who reads it), so they are computed once per process and kept while the live rows and the registry
stay as they were (`_version`, asked at most every `RELAIS_PUBLISHED_RECHECK_SECONDS` and at once after
this process wrote a live row), at most `RELAIS_PUBLISHED_OCCUPANCY_SECONDS`. They are computed from
the current state rather than recomputed from the history, cell for cell the same:
- `places_occupied` by structure is the live rows' `occupied` (`StructureAvailability`, kept equal to
  the history by every service and checked by `check_availability`), with the indicator's record key;
- `persons_housed` is asked only in total and by structure; its other breakdowns (kind, programme,
  dispositif, arrondissement, organisation) are sums of structures, which holds when no person is
  counted in two structures: checked by the total, the indicator answers otherwise.
"""

import datetime
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from relais.indicators import registry
from relais.indicators.catalogue import OCCUPANCY_SPAN, STRUCTURE, open_on
from relais.indicators.cellkey import combine as combine_keys
from relais.indicators.cellkey import python_record_key
from relais.indicators.enums import Disclosure
from relais.indicators.publication import MASKED, Cell, Publisher, shown, universe_of_rows
from relais.indicators.registry import resolve
from relais.structures.enums import AvailabilityMode
from relais.structures.live import writes_made
from relais.structures.models import Structure, StructureAvailability

STRUCTURE_DIMENSION = "structure"
FREE_TOTALS_KEPT = 1000
# Per process: {"version": …, "at": monotonic seconds, "cells": {mode: {structure pk: Cell}},
# "free_totals": {filters: published free places}, "checked": when the version was last read,
# "writes": `writes_made()` then}.
_published = {"version": None, "at": 0.0, "cells": None, "free_totals": {}, "checked": 0.0, "writes": None}


def publish_availability(
    rows: Iterable, publisher: Publisher, *, as_of: datetime.datetime | None = None, cells: dict | None = None
) -> list:
    """`rows` (structures annotated with `places_open`, `occupied`, `free`) as `publisher`'s audience may
    read them; each row also gets `occupied_display` and `occupied_status`. `cells`: the
    `published_cells` already read for this request."""
    rows = list(rows)
    if publisher.reads_exactly(registry.get("places_occupied")):
        for row in rows:
            row.occupied_display, row.occupied_status = _text(row.occupied), "exact"
        return rows
    cells = cells or published_cells(publisher, as_of=as_of)
    for row in rows:
        if row.occupied is None:
            row.occupied_display, row.occupied_status = "—", "non renseigné"
            continue
        cell = _cell(cells, row.availability_mode, row.pk, row.occupied)
        row.occupied = cell.value
        row.free = None if cell.value is None else max((row.places_open or 0) - cell.value, 0)
        row.occupied_display, row.occupied_status = shown(cell, "places"), cell.mark or "publié"
    return rows


def published_free_total(structures, publisher: Publisher, *, cells: dict | None = None, key=None) -> int:
    """Free places summed over `structures` (`relais.structures.board_sql.BoardRows`) whose free places are
    published to `publisher`'s audience: one query of four columns, whatever the number of structures.
    `key`: what selects `structures` (a page's filters), to keep the total beside the published cells,
    whose version covers everything else it depends on."""
    cells = cells or published_cells(publisher)
    kept = _published["free_totals"] if cells is _published["cells"] and key is not None else {}
    if key in kept:
        return kept[key]
    total = 0
    for pk, mode, places_open, occupied in structures.figures():
        if occupied is None:
            continue
        cell = _cell(cells, mode, pk, occupied)
        if cell.value is not None:
            total += max((places_open or 0) - cell.value, 0)
    if len(kept) < FREE_TOTALS_KEPT:
        kept[key] = total
    return total


def published_cells(publisher: Publisher, *, as_of: datetime.datetime | None = None) -> dict:
    """{mode: {structure pk: published Cell}}: the occupancy by structure an outside audience reads."""
    occupied, housed = registry.get("places_occupied"), registry.get("persons_housed")
    if as_of is not None or any(i.disclosure != Disclosure.PERSON for i in (occupied, housed)):
        # A past moment (or a figure published otherwise): the publisher computes it from the history.
        as_of = as_of or timezone.now()
        return {
            AvailabilityMode.DECLARED: _by_structure(publisher.rows(occupied, as_of=as_of, by=[STRUCTURE_DIMENSION])),
            AvailabilityMode.COMPUTED: _by_structure(publisher.rows(housed, as_of=as_of, by=[STRUCTURE_DIMENSION])),
        }
    if _checked_lately():
        return _published["cells"]
    version = _version()
    _published.update(checked=time.monotonic(), writes=writes_made())
    max_age = settings.RELAIS_PUBLISHED_OCCUPANCY_SECONDS
    if _published["version"] != version or time.monotonic() - _published["at"] > max_age:
        now = timezone.now()
        dimensions = _structure_dimensions()
        cells = {
            AvailabilityMode.DECLARED: _structure_cells(
                universe_of_rows(occupied, _live_occupied_rows(now, dimensions))
            ),
            AvailabilityMode.COMPUTED: _structure_cells(
                universe_of_rows(housed, _housed_rows(housed, now, dimensions))
            ),
        }
        _published.update(version=version, at=time.monotonic(), cells=cells, free_totals={})
    return _published["cells"]


def _checked_lately() -> bool:
    """The cells kept were found current less than `RELAIS_PUBLISHED_RECHECK_SECONDS` ago, today, and this
    process has written no live row since."""
    return (
        _published["cells"] is not None
        and _published["writes"] == writes_made()
        and time.monotonic() - _published["checked"] < settings.RELAIS_PUBLISHED_RECHECK_SECONDS
        and _published["version"][0] == timezone.localdate()
    )


def forget_published() -> None:
    """Drop the cells kept by this process (tests that change the data behind the services' back)."""
    _published.update(version=None, at=0.0, cells=None, free_totals={}, checked=0.0, writes=None)


def _cell(cells: dict, mode: str, pk: int, occupied: int) -> Cell:
    cell = cells.get(mode, {}).get(pk)
    if cell is None:
        cell = Cell(0) if not occupied else Cell(None, MASKED)
    return cell


# Each table summed on its own: the live rows are one per structure, so no join is needed to see a change,
# and two scans of 5,000 rows cost less than joining them on every request.
_VERSION_SQL = """SELECT * FROM
    (SELECT COUNT(*), MAX(updated_at), SUM(id) FROM {structures}) AS registry CROSS JOIN
    (SELECT COUNT(*), MAX(updated_at), SUM(occupied), SUM(places_open), SUM(free) FROM {live}) AS live"""


def _version() -> tuple:
    """What the published cells depend on, in cheap aggregates: every service that changes an
    occupancy (admission, exit, declaration, service period) rewrites its structure's live row, and
    the registry's rows carry their last change; one query. The age limit covers the rest (a merge
    of records, a stay whose exit was dated ahead)."""
    sql = _VERSION_SQL.format(structures=Structure._meta.db_table, live=StructureAvailability._meta.db_table)
    with connections[router.db_for_read(StructureAvailability)].cursor() as cursor:
        cursor.execute(sql)
        figures = cursor.fetchone()
    return (timezone.localdate(), *figures)


def _structure_dimensions() -> dict[int, dict]:
    """{structure pk: {dimension: value}} for the dimensions of the structures' indicators."""
    dimensions = [d for d in STRUCTURE if d != STRUCTURE_DIMENSION]
    structures, column = resolve(Structure.objects.all(), STRUCTURE, dimensions)
    return {
        row["pk"]: {d: row[column[d]] for d in dimensions}
        for row in structures.order_by().values("pk", *[column[d] for d in dimensions])
    }


def _live_occupied_rows(now: datetime.datetime, dimensions: dict) -> dict:
    """The rows of `places_occupied` as of now (`catalogue._summed_by_structure`), from the live rows."""
    by_structure = {}
    for pk, occupied in (
        Structure.objects.filter(open_on(timezone.localdate(now)), availability__occupied__isnull=False)
        .order_by()
        .values_list("pk", "availability__occupied")
    ):
        by_structure[pk] = (occupied, python_record_key(pk * OCCUPANCY_SPAN + occupied))
    total = {"value": None, "_key": 0}
    if by_structure:
        total = {
            "value": sum(v for v, _ in by_structure.values()),
            "_key": combine_keys(*(k for _, k in by_structure.values())),
        }
    return _breakdowns(total, by_structure, dimensions)


def _housed_rows(indicator, now: datetime.datetime, dimensions: dict) -> dict:
    """The rows of `persons_housed` as of now: its total and its breakdown by structure from the
    indicator, the other breakdowns summed from the structures' when no person counts twice."""
    (total,) = indicator.rows(as_of=now, keys=True)
    rows = indicator.rows(as_of=now, by=[STRUCTURE_DIMENSION], keys=True)
    by_structure = {r[STRUCTURE_DIMENSION]: (r["value"], r["_key"]) for r in rows}
    if sum(v for v, _ in by_structure.values()) != total["value"]:
        return {
            ("t",): [total],
            **{d: indicator.rows(as_of=now, by=[d], keys=True) for d in indicator.paths},
        }
    return _breakdowns(total, by_structure, dimensions)


def _breakdowns(total: dict, by_structure: dict[int, tuple], dimensions: dict) -> dict:
    """{("t",): [total], dimension: [rows]} with the rows of each dimension summed from the structures',
    in the order the indicators give them (unknown values first)."""
    rows = {("t",): [total]}
    for dimension in STRUCTURE:
        sums: dict = {}
        for pk, (value, key) in by_structure.items():
            group = pk if dimension == STRUCTURE_DIMENSION else dimensions.get(pk, {}).get(dimension)
            value_sum, key_sum = sums.get(group, (0, 0))
            sums[group] = (value_sum + (value or 0), combine_keys(key_sum, key))
        order = sorted(sums, key=lambda v: (v is not None, v))
        rows[dimension] = [{dimension: g, "value": sums[g][0], "_key": sums[g][1]} for g in order]
    return rows


def _structure_cells(universe: dict) -> dict:
    return {key[1]: cell for key, (_, cell) in universe.items() if key[0] == STRUCTURE_DIMENSION}


def _by_structure(rows) -> dict:
    return {r[STRUCTURE_DIMENSION]: r["cell"] for r in rows}


def _text(value) -> str:
    return "—" if value is None else str(value)
