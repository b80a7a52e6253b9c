"""Statistical disclosure control: THE function every output leaving the organisations in charge uses.

Rules (PRODUCT.md, access rules):
- counts of places and structures are published as they are;
- a person-derived count from 1 to 10 is shown as "< 11" (primary suppression; 0 stays 0);
- secondary suppression: more cells are hidden (shown "s") until no hidden cell can be recomputed
  from the published totals of its row or column, even combining lines and the known bounds of the
  hidden cells ([1, 10] for "< 11", 11 or more for "s", since a value from 1 to 10 would be "< 11").

The check is an attacker that narrows the interval of every hidden cell from each published total
(interval propagation to a fixed point); a hidden cell whose interval shrinks to one value is
disclosed, so one more cell of its line is hidden, the smallest non-zero one, or the line's total.
"""

import math
from dataclasses import dataclass, field

THRESHOLD = 11
SMALL = "< 11"
MASKED = "s"
PERTURBED = "±"
LEGEND = {
    SMALL: "effectif de 1 à 10 personnes, masqué (secret statistique)",
    MASKED: "valeur masquée pour qu'aucune petite valeur ne puisse être recalculée à partir des totaux",
    PERTURBED: (
        "décomptes de personnes publiés avec un léger bruit (au plus 2 en plus ou en moins, toujours le même pour "
        "les mêmes personnes) : un total peut différer de la somme de ses lignes"
    ),
}
MAX_ROUNDS = 200

Key = tuple


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when hidden
    mark: str = ""  # "", SMALL or MASKED

    def __str__(self):
        return self.mark or str(self.value)

    @property
    def hidden(self) -> bool:
        return bool(self.mark)

    def as_json(self):
        return {"valeur": self.value, "statut": self.mark or "publié"}


@dataclass
class Table:
    """A two-way table of counts with the margins that will be published beside it."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int]]
    person_derived: bool
    row_totals: bool = True
    column_totals: bool = True


@dataclass
class PublishedTable:
    rows: list[str]
    columns: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell] | None = None
    column_totals: list[Cell] | None = None
    grand_total: Cell | None = None
    suppressed: int = 0
    legend: dict = field(default_factory=dict)


def _lines(n_rows: int, n_cols: int, row_totals: bool, column_totals: bool) -> list[tuple[list[Key], Key]]:
    """Every published equation `sum(members) == total`, as keys of cells."""
    lines = []
    if row_totals:
        lines += [([("c", r, c) for c in range(n_cols)], ("r", r)) for r in range(n_rows)]
        lines.append(([("r", r) for r in range(n_rows)], ("g",)))
    if column_totals:
        lines += [([("c", r, c) for r in range(n_rows)], ("k", c)) for c in range(n_cols)]
        lines.append(([("k", c) for c in range(n_cols)], ("g",)))
    return lines


def _values(table: Table) -> dict[Key, int]:
    values = {("c", r, c): int(v or 0) for r, row in enumerate(table.cells) for c, v in enumerate(row)}
    n_rows, n_cols = len(table.rows), len(table.columns)
    if table.row_totals or table.column_totals:
        for r in range(n_rows):
            values[("r", r)] = sum(values[("c", r, c)] for c in range(n_cols))
        for c in range(n_cols):
            values[("k", c)] = sum(values[("c", r, c)] for r in range(n_rows))
        values[("g",)] = sum(values[("c", r, c)] for r in range(n_rows) for c in range(n_cols))
    if not table.row_totals:
        for r in range(n_rows):
            values.pop(("r", r), None)
    if not table.column_totals:
        for c in range(n_cols):
            values.pop(("k", c), None)
    return values


def disclosed_bounds(
    values: dict[Key, int], primary: set[Key], secondary: set[Key], lines
) -> dict[Key, tuple[float, float]]:
    """What a reader can infer about each hidden cell from the published figures: [low, high]."""
    bounds: dict[Key, tuple[float, float]] = {}
    for key, value in values.items():
        if key in primary:
            bounds[key] = (1, THRESHOLD - 1)
        elif key in secondary:
            bounds[key] = (THRESHOLD, math.inf)
        else:
            bounds[key] = (value, value)
    return propagate(bounds, lines)


def propagate(bounds: dict[Key, tuple[float, float]], lines) -> dict[Key, tuple[float, float]]:
    """The attacker: narrows every interval from each published equation `sum(members) == total`,
    to a fixed point (interval propagation)."""
    bounds = dict(bounds)
    lines = [(members, total) for members, total in lines if total in bounds and all(m in bounds for m in members)]
    for _ in range(MAX_ROUNDS):
        changed = False
        for members, total in lines:
            lows = sum(bounds[m][0] for m in members)
            highs = sum(bounds[m][1] for m in members)
            t_lo, t_hi = bounds[total]
            new_total = (max(t_lo, lows), min(t_hi, highs))
            if new_total != bounds[total]:
                bounds[total], changed = new_total, True
            t_lo, t_hi = bounds[total]
            for m in members:
                m_lo, m_hi = bounds[m]
                others_lo, others_hi = lows - m_lo, highs - m_hi
                new = (max(m_lo, t_lo - others_hi), min(m_hi, t_hi - others_lo))
                if new != (m_lo, m_hi):
                    bounds[m], changed = new, True
                    lows, highs = lows - m_lo + new[0], highs - m_hi + new[1]
        if not changed:
            break
    return bounds


def _disclosed(values, primary, secondary, lines) -> list[Key]:
    bounds = disclosed_bounds(values, primary, secondary, lines)
    return sorted(k for k in (primary | secondary) if bounds[k][0] >= bounds[k][1])


def publish(table: Table) -> PublishedTable:
    """The published form of `table`: person-derived small counts hidden, totals that would reveal them too."""
    values = _values(table)
    lines = _lines(len(table.rows), len(table.columns), table.row_totals, table.column_totals)
    primary: set[Key] = set()
    secondary: set[Key] = set()
    if table.person_derived:
        primary = {k for k, v in values.items() if 1 <= v < THRESHOLD}
        for _ in range(len(values) + 1):
            disclosed = _disclosed(values, primary, secondary, lines)
            if not disclosed:
                break
            secondary.add(_next_to_hide(disclosed, values, primary | secondary, lines))

    def cell(key):
        if key in primary:
            return Cell(None, SMALL)
        if key in secondary:
            return Cell(None, MASKED)
        return Cell(values[key])

    n_rows, n_cols = len(table.rows), len(table.columns)
    has_grand = table.row_totals or table.column_totals
    return PublishedTable(
        rows=list(table.rows),
        columns=list(table.columns),
        cells=[[cell(("c", r, c)) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[cell(("r", r)) for r in range(n_rows)] if table.row_totals else None,
        column_totals=[cell(("k", c)) for c in range(n_cols)] if table.column_totals else None,
        grand_total=cell(("g",)) if has_grand else None,
        suppressed=len(primary) + len(secondary),
        legend={m: LEGEND[m] for m in (SMALL, MASKED) if (m == SMALL and primary) or (m == MASKED and secondary)},
    )


def _lonely_lines(key: Key, values, hidden: set[Key], lines):
    """Lines where `key` is the only hidden figure: it equals the total minus the others."""
    for members, total in lines:
        cells = [*members, total]
        if key in cells and total in values and sum(1 for k in cells if k in hidden) == 1:
            yield members, total


def _next_to_hide(disclosed: list[Key], values, hidden: set[Key], lines) -> Key:
    """The cell to hide next: in a line that gives a disclosed cell away on its own if there is one
    (hiding there fixes the cause, not a consequence), the smallest non-zero visible figure."""
    for key in disclosed:
        lonely = list(_lonely_lines(key, values, hidden, lines))
        if lonely:
            return _smallest_visible(key, values, hidden, lonely)
    return _smallest_visible(disclosed[0], values, hidden, lines)


def _smallest_visible(key: Key, values, hidden: set[Key], lines) -> Key:
    candidates = []
    for members, total in lines:
        if key != total and key not in members:
            continue
        for other in members:
            if other not in hidden and values.get(other, 0) > 0:
                candidates.append((0, values[other], other))
        if total in values and total not in hidden:
            candidates.append((1, values[total], total))
    if not candidates:
        # Nothing left to hide around it: hide every remaining non-zero figure of the table.
        remaining = sorted(k for k, v in values.items() if k not in hidden and v > 0)
        if not remaining:
            raise AssertionError("a disclosed cell always has a visible non-zero neighbour")
        return remaining[0]
    return min(candidates)[2]


def publish_figure(value: int, *, person_derived: bool) -> Cell:
    """One figure on its own (a communiqué, a key figure): a table of one cell without margins."""
    published = publish(
        Table(
            rows=[""],
            columns=[""],
            cells=[[value]],
            person_derived=person_derived,
            row_totals=False,
            column_totals=False,
        )
    )
    return published.cells[0][0]


# ---------------------------------------------------------------------------------------------------
# The publication boundary: every figure that leaves the organisations in charge goes through a
# Publisher, chosen by its audience (`publisher_for`), never by the caller.
#
# Person-derived counts (Disclosure.PERSON) are published with the cell-key method (cellkey.py):
# - 0 stays 0; a count from 1 to 10 is never given ("< 11");
# - a count of 11 or more gets the noise of its cell key (at most ±MAX_NOISE, floored at 11);
# - a total is a cell of its own (perturbed the same way, not the sum of the published cells);
# - every breakdown an audience may ask for one date (by each dimension, and the total) is computed
#   and checked together, by the attacker of `propagate`, with the noise bounds known to it; a small
#   cell it would pin down makes one more cell hidden ("s"). Any request is a slice of that set, so
#   the same cell always reads the same, whichever table, filter or request it comes from.
# Dates: a cell whose records did not change keeps its value; a changed one gets a new key, so a
# difference between two dates is blurred by two independent noises.
# ---------------------------------------------------------------------------------------------------

import datetime  # noqa: E402
from dataclasses import dataclass as _dataclass  # noqa: E402
from dataclasses import field as _field  # noqa: E402

from relais.indicators import cellkey  # noqa: E402
from relais.indicators.enums import Disclosure, Unit  # noqa: E402
from relais.indicators.registry import Indicator, end_of  # noqa: E402
from relais.users.enums import PERSON_DATA_ROLES, Role  # noqa: E402

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


@_dataclass
class Publisher:
    """The figures one audience may read: exact ones where its work needs them, published ones otherwise.

    - `exact`: coordination (every figure exact);
    - `organization_id`: an operator, maraude or care team reads its own organisation's figures exactly;
    - `exact_occupancy`: the field teams read free and occupied places exactly (they orient people there).
    """

    exact: bool = False
    organization_id: int | None = None
    exact_occupancy: bool = False
    _universes: dict = _field(default_factory=dict, repr=False)

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
                self._universes[cache_key] = derived_universe(indicator, occupied, as_of)
            else:
                self._universes[cache_key] = universe(indicator, as_of)
        return self._universes[cache_key]


ANY = object()


def timezone_day(as_of: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate(as_of)


def _indicator(code: str) -> Indicator:
    from relais.indicators import registry

    return registry.get(code)


def _universe_rows(indicator: Indicator, as_of) -> dict:
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
    rows = _universe_rows(indicator, as_of)
    values, cells, lines = {("t",): 0}, {("t",): Cell(0)}, []
    for key, row in _keyed(rows):
        values[key] = int(row["value"] or 0)
        cells[key] = perturb(row["value"], row.get("_key"), indicator.code)
    for dimension in indicator.paths:
        if dimension not in NON_ADDITIVE:
            lines.append(([(dimension, r[dimension]) for r in rows[dimension]], ("t",)))
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
            for members, total in lines
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
