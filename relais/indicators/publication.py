"""Statistical disclosure control, the publication boundary: every figure that leaves the organisations in charge goes through a
Publisher, chosen by its audience (`publisher_for`), never by the caller.

Person-derived counts (Disclosure.PERSON) are published with the cell-key method (cellkey.py):
- 0 stays 0; a count from 1 to 10 is never given ("< 11");
- a count of 11 or more gets the noise of its cell key (at most ±MAX_NOISE, floored at 11);
- a total is a cell of its own (perturbed the same way, not the sum of the published cells);
- every breakdown an audience may ask for one date (by each dimension, and the total) is computed
  and checked together, by the attacker of `propagate`, with the noise bounds known to it; a small
  cell it would pin down makes one more cell hidden ("s"). Any request is a slice of that set, so
  the same cell always reads the same, whichever table, filter or request it comes from.
Dates: a cell whose records did not change keeps its value; a changed one gets a new key, so a
difference between two dates is blurred by two independent noises.
"""

import datetime
import math
from dataclasses import dataclass, field

from relais.indicators import cellkey, fact_memo
from relais.indicators.enums import Disclosure, Unit
from relais.indicators.registry import FACTS, Indicator, end_of
from relais.indicators.suppression import (  # re-exported: callers read the cells' marks from here
    MASKED,
    SMALL,
    THRESHOLD,
    Cell,
    propagate,
)
from relais.users.enums import PERSON_DATA_ROLES, Role

MAX_NOISE = cellkey.MAX_NOISE
COARSE_BASE = 10
# Non-count units (a rate, a median delay): not perturbed cell by cell (a median is withheld under 11
# cases by its indicator); a rate derived from a person count is recomputed from the published count.
NON_COUNT_UNITS = (Unit.PERCENT, Unit.HOURS)
# Indicators derived from `places_occupied`: free places and occupancy rate.
OCCUPANCY_CODES = frozenset({"places_occupied", "places_free", "occupancy_rate"})
# Dimensions whose breakdown is not a partition of the total (a headcount by day and by night).
NON_ADDITIVE = frozenset({"day_period"})

ERROR_NOT_PUBLISHED = (
    "Ce chiffre n'est publié qu'en une seule ventilation à la fois (ou en total) pour votre profil : "
    "retirez les ventilations ou filtres supplémentaires."
)


class NotPublished(ValueError):
    """A cross-tabulation of person counts that outside audiences may not ask for."""


@dataclass
class Publisher:
    """The figures one audience may read: exact ones where its work needs them, published ones otherwise.

    - `exact`: coordination (every figure exact);
    - `organization_id`: an operator, maraude or care team reads its own organisation's figures exactly;
    - `exact_occupancy`: the field teams read free and occupied places exactly (they orient people there).
    """

    exact: bool = False
    organization_id: int | None = None
    exact_occupancy: bool = False
    _universes: dict = field(default_factory=dict, repr=False)

    # --- the one entry point -----------------------------------------------------------------
    def rows(self, indicator: Indicator, *, as_of: datetime.datetime, by=(), where=None) -> list[dict]:
        """The rows of `indicator` as this audience may read them: {dimension: value, …, "cell": Cell}."""
        by, where = tuple(by), dict(where or {})
        for dimension in (*by, *where):
            indicator._path(dimension)  # an unknown breakdown is refused, whoever asks
        if self.reads_exactly(indicator, where):
            return [{**r, "cell": Cell(r["value"])} for r in indicator.rows(as_of=as_of, by=by, where=where)]
        if indicator.disclosure == Disclosure.COORDINATION:
            return self._coarse(indicator, as_of, by, where)
        if indicator.unit in NON_COUNT_UNITS and indicator.code not in OCCUPANCY_CODES:
            return [{**r, "cell": Cell(r["value"])} for r in indicator.rows(as_of=as_of, by=by, where=where)]
        return self._published(indicator, as_of, by, where)

    def total(self, indicator: Indicator, *, as_of: datetime.datetime, where=None) -> Cell:
        rows = self.rows(indicator, as_of=as_of, where=where)
        return rows[0]["cell"] if rows else Cell(indicator.clean(None))

    def reads_exactly(self, indicator: Indicator, where: dict | None = None) -> bool:
        if indicator.disclosure == Disclosure.AGGREGATE or self.exact:
            return True
        if indicator.disclosure == Disclosure.COORDINATION:
            return False
        if self.exact_occupancy and indicator.code in OCCUPANCY_CODES:
            return True
        own = self.organization_id is not None and (where or {}).get("organization") == self.organization_id
        return own

    # --- published figures -------------------------------------------------------------------
    def _coarse(self, indicator, as_of, by, where) -> list[dict]:
        """A de-duplicated count: as at the end of the previous month, rounded to ten, no breakdown."""
        if by or where:
            raise NotPublished(ERROR_NOT_PUBLISHED)
        day = timezone_day(as_of).replace(day=1) - datetime.timedelta(days=1)
        value = indicator.total(as_of=end_of(day))
        if value is None or value == 0:
            return [{"value": value, "cell": Cell(value)}]
        if value < THRESHOLD:
            return [{"value": value, "cell": Cell(None, SMALL)}]
        return [{"value": value, "cell": Cell(max(THRESHOLD, COARSE_BASE * round(value / COARSE_BASE)))}]

    def _published(self, indicator, as_of, by, where) -> list[dict]:
        if len(by) > 1 or len(where) > 1 or (by and where and by[0] not in where):
            raise NotPublished(ERROR_NOT_PUBLISHED)
        cells = self._universe(indicator, as_of)
        if by:
            (dimension,) = by
            wanted = where.get(dimension, ANY)
            return [
                {dimension: key[1], "cell": cell}
                for key, (_, cell) in cells.items()
                if key[0] == dimension and wanted in (ANY, key[1])
            ]
        key = next(iter(where.items())) if where else ("t",)
        return [{"cell": cells.get(key, (0, Cell(0)))[1]}]

    def _universe(self, indicator: Indicator, as_of: datetime.datetime) -> dict:
        partial = getattr(indicator.compute, "keywords", None) or {}
        cache_key = (indicator.code, tuple(sorted(partial.items())), as_of)
        if cache_key not in self._universes:
            if indicator.code in OCCUPANCY_CODES - {"places_occupied"}:
                occupied = self._universe(_indicator("places_occupied"), as_of)
                self._universes[cache_key] = memoised(
                    (indicator, _indicator("places_free"), _indicator("places_occupied")),
                    as_of,
                    lambda: derived_universe(indicator, occupied, as_of),
                )
            else:
                self._universes[cache_key] = memoised((indicator,), as_of, lambda: universe(indicator, as_of))
        return self._universes[cache_key]


def memoised(indicators: tuple, as_of: datetime.datetime, compute) -> dict:
    """`compute()`, kept for the versions of the facts of `indicators` at `as_of`, per process and in the
    shared cache (the joint check of a universe of thousands of cells costs seconds, far more than the page
    that reads it: one process computes it for all); computed each time when one of them is read from
    history (no version says when that changes)."""
    reader = FACTS.get()
    versions = tuple(reader.version(i, as_of) for i in indicators) if reader is not None else (None,)
    if None in versions:
        return compute()
    return fact_memo.remember(("universe", *versions), compute, shared=(pack_universe, unpack_universe))


def pack_universe(cells: dict) -> tuple:
    """A universe as plain tuples, for the shared cache: ((key, value, published value, mark), …)."""
    return tuple((key, value, cell.value, cell.mark) for key, (value, cell) in cells.items())


def unpack_universe(packed: tuple) -> dict:
    made: dict = {}  # the same published cell once (most are small counts)
    return {
        key: (value, made.get((shown, mark)) or made.setdefault((shown, mark), Cell(shown, mark)))
        for key, value, shown, mark in packed
    }


ANY = object()


def timezone_day(as_of: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate(as_of)


def _indicator(code: str) -> Indicator:
    from relais.indicators import registry

    return registry.get(code)


def _universe_rows(indicator: Indicator, as_of) -> dict:
    reader = FACTS.get()
    stored = reader.universe_rows(indicator, as_of) if reader is not None else None
    if stored is not None:
        return stored
    rows = {("t",): indicator.rows(as_of=as_of, keys=True)}
    for dimension in indicator.paths:
        rows[dimension] = indicator.rows(as_of=as_of, by=[dimension], keys=True)
    return rows


def _keyed(rows: dict):
    """(cell key, row) of every row of a universe, the total first."""
    for total in rows[("t",)]:
        yield ("t",), total
    for dimension, dimension_rows in rows.items():
        if dimension != ("t",):
            for r in dimension_rows:
                yield (dimension, r[dimension]), r


def derived_universe(indicator: Indicator, occupied: dict, as_of) -> dict:
    """Free places and occupancy rate recomputed from the published occupied places of each cell: places
    open in the structures with a declaration, minus (or over) the published occupied places."""
    out = {}
    for key, row in _keyed(_universe_rows(_indicator("places_free"), as_of)):
        occupied_value, occupied_cell = occupied.get(key, (0, Cell(0)))
        opened = int(row["value"] or 0) + occupied_value
        if occupied_cell.hidden:
            out[key] = (None, Cell(None, MASKED))
        elif indicator.code == "places_free":
            out[key] = (None, Cell(max(opened - (occupied_cell.value or 0), 0)))
        else:
            out[key] = (None, Cell(round(100 * (occupied_cell.value or 0) / opened, 1) if opened else None))
    return out


def perturb(value: int, key_sum, salt: str) -> Cell:
    """One person count published by the cell-key method (before the joint check)."""
    value = int(value or 0)
    if value == 0:
        return Cell(0)
    if value < THRESHOLD:
        return Cell(None, SMALL)
    return Cell(max(THRESHOLD, value + cellkey.noise(value, cellkey.cell_key(key_sum, salt))))


def universe(indicator: Indicator, as_of: datetime.datetime) -> dict:
    """Every cell of `indicator` an outside audience may ask for at `as_of` (its total and its breakdown
    by each dimension), perturbed, then checked together: {("t",) or (dimension, value): (value, Cell)}."""
    return universe_of_rows(indicator, _universe_rows(indicator, as_of))


def universe_of_rows(indicator: Indicator, rows: dict) -> dict:
    """`universe` from the rows already computed: {("t",): [total row], dimension: [rows by it], …},
    each row with its `value` and `_key`, as `Indicator.rows(keys=True)` gives them."""
    values, cells, lines = {("t",): 0}, {("t",): Cell(0)}, []
    for key, row in _keyed(rows):
        values[key] = int(row["value"] or 0)
        cells[key] = perturb(row["value"], row.get("_key"), indicator.code)
    for dimension in indicator.paths:
        if dimension not in NON_ADDITIVE:
            members = [(dimension, r[dimension]) for r in rows[dimension]]
            # A distinct count counts a person housed in two structures once in the total, once in each.
            lines.append((members, ("t",), sum(values[m] for m in members) - values[("t",)]))
    cells = protect(values, cells, lines)
    return {key: (values[key], cells[key]) for key in cells}


def _bounds(cell: Cell) -> tuple[float, float]:
    if cell.mark == SMALL:
        return (1, THRESHOLD - 1)
    if cell.mark == MASKED:
        return (THRESHOLD, math.inf)
    if not cell.value:
        return (0, 0)
    return (max(THRESHOLD, cell.value - MAX_NOISE), cell.value + MAX_NOISE)


def pinned(cells: dict, lines) -> list:
    """The cells an attacker who knows the method pins to one value from the published ones: a small one
    (disclosed), or a non-zero one (its exact value, which another date's could be subtracted from)."""
    bounds = propagate({k: _bounds(c) for k, c in cells.items()}, lines)
    return sorted(
        (k for k, c in cells.items() if (c.hidden or c.value) and bounds[k][0] >= bounds[k][1]),
        key=lambda k: (cells[k].mark != SMALL, repr(k)),
    )


def protect(values: dict, cells: dict, lines) -> dict:
    """Hide published cells (« s ») until no small cell can be pinned from the set of cells."""
    cells = dict(cells)
    for _ in range(len(cells) + 1):
        disclosed = pinned(cells, lines)
        if not disclosed:
            return cells
        target = disclosed[0]
        candidates = [
            (values[k], repr(k), k)
            for members, total, *_ in lines
            if target == total or target in members
            for k in (*members, total)
            if not cells[k].hidden and cells[k].value and k != target
        ]
        if not candidates and not cells[target].hidden:
            candidates = [(values[target], repr(target), target)]
        if not candidates:
            candidates = [(values[k], repr(k), k) for k, c in cells.items() if not c.hidden and c.value]
        if not candidates:
            return cells
        cells[min(candidates)[2]] = Cell(None, MASKED)
    return cells


EXACT = Publisher(exact=True)


def publisher_for(role: str | None, organization_id: int | None = None) -> Publisher:
    """The publisher of an audience: a role (None: the public, open data) and its organisation."""
    if role == Role.COORDINATION:
        return Publisher(exact=True)
    if role in PERSON_DATA_ROLES:
        return Publisher(organization_id=organization_id, exact_occupancy=True)
    return Publisher()


def publisher_of(user) -> Publisher:
    """The publisher of a signed-in user (or an API key's user); anyone else is the public."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Publisher()
    return publisher_for(getattr(user, "role", None), getattr(user, "organization_id", None))


def shown(cell: Cell, unit: str) -> str:
    """How a published cell reads on a page or in an export."""
    if cell.hidden:
        return str(cell)
    value = cell.value
    if value is None:
        return "—"
    if unit in NON_COUNT_UNITS:
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u202f")
