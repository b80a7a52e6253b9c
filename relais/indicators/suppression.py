"""Table suppression: the cells of a table of person counts that may be shown, checked by an attacker.

The publication boundary (`publication.py`) builds on it.

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
    """The attacker: narrows every interval from each published equation to a fixed point (interval
    propagation). A line is `(members, total)`: `sum(members) == total`, or `(members, total, surplus)`:
    `sum(members) == total + surplus`, a distinct count of persons whose breakdown counts some persons in
    two members. The attacker is assumed to know the surplus exactly: the strongest attacker whose
    equations are true (a false one empties intervals and proves anything)."""
    bounds = dict(bounds)
    lines = [
        (line[0], line[1], line[2] if len(line) > 2 else 0)
        for line in lines
        if line[1] in bounds and all(m in bounds for m in line[0])
    ]
    for _ in range(MAX_ROUNDS):
        changed = False
        for members, total, surplus in lines:
            # Sums of the members' bounds; unbounded highs (hidden "s" cells) counted apart (inf - inf is NaN).
            lows = sum(bounds[m][0] for m in members)
            finite_highs = sum(bounds[m][1] for m in members if bounds[m][1] != math.inf)
            unbounded = sum(1 for m in members if bounds[m][1] == math.inf)
            t_lo, t_hi = bounds[total]
            new_total = (max(t_lo, lows - surplus), min(t_hi, math.inf if unbounded else finite_highs - surplus))
            if new_total != bounds[total]:
                bounds[total], changed = _checked(total, new_total), True
            t_lo, t_hi = bounds[total][0] + surplus, bounds[total][1] + surplus
            for m in members:
                m_lo, m_hi = bounds[m]
                m_unbounded = m_hi == math.inf
                others_lo = lows - m_lo
                others_hi = math.inf if unbounded - m_unbounded else finite_highs - (0 if m_unbounded else m_hi)
                new = (max(m_lo, t_lo - others_hi), min(m_hi, t_hi - others_lo))
                if new != (m_lo, m_hi):
                    bounds[m], changed = _checked(m, new), True
                    lows += new[0] - m_lo
                    unbounded -= m_unbounded and new[1] != math.inf
                    finite_highs += (new[1] if new[1] != math.inf else 0) - (0 if m_unbounded else m_hi)
        if not changed:
            break
    return bounds


def _checked(key: Key, interval: tuple[float, float]) -> tuple[float, float]:
    if interval[0] > interval[1]:
        raise ValueError(f"equations of the published figures contradict each other at {key}")
    return interval


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
