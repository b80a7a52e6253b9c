"""Property-based proof of the disclosure rules on random tables (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.indicators.publication import MASKED, SMALL, THRESHOLD
from relais.indicators.suppression import Table, _lines, _values, disclosed_bounds, publish, publish_figure

# Counts that exercise both sides of the threshold: many zeros and small values, some large ones.
counts = st.one_of(st.just(0), st.integers(1, 10), st.integers(11, 60), st.integers(0, 400))


@st.composite
def tables(draw, person_derived):
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    cells = [[draw(counts) for _ in range(n_cols)] for _ in range(n_rows)]
    return Table(
        rows=[f"r{r}" for r in range(n_rows)],
        columns=[f"c{c}" for c in range(n_cols)],
        cells=cells,
        person_derived=draw(person_derived),
        row_totals=draw(st.booleans()),
        column_totals=draw(st.booleans()),
    )


def _published_cells(table, published):
    """(key, true value, published cell) for every cell and margin."""
    values = _values(table)
    out = []
    for r, row in enumerate(published.cells):
        for c, cell in enumerate(row):
            out.append((("c", r, c), values[("c", r, c)], cell))
    for r, cell in enumerate(published.row_totals or []):
        out.append((("r", r), values[("r", r)], cell))
    for c, cell in enumerate(published.column_totals or []):
        out.append((("k", c), values[("k", c)], cell))
    if published.grand_total is not None:
        out.append((("g",), values[("g",)], published.grand_total))
    return values, out


# Deterministic (same examples on every run) and without a local example database.
PROPERTY = settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(tables(person_derived=st.just(True)))
def test_no_person_derived_count_from_1_to_10_is_ever_published(table):
    _, cells = _published_cells(table, publish(table))
    for _key, value, cell in cells:
        if 1 <= value < THRESHOLD:
            assert str(cell) == SMALL
        elif not cell.hidden:
            assert cell.value == value  # what is shown is true
        else:
            assert str(cell) == MASKED and value >= THRESHOLD  # secondary cells are never small ones nor zeros


@PROPERTY
@given(tables(person_derived=st.just(True)))
def test_no_hidden_cell_can_be_recomputed_from_the_published_totals(table):
    published = publish(table)
    values, cells = _published_cells(table, published)
    lines = _lines(len(table.rows), len(table.columns), table.row_totals, table.column_totals)
    primary = {k for k, _, cell in cells if str(cell) == SMALL}
    secondary = {k for k, _, cell in cells if str(cell) == MASKED}
    # 1. The plain rule: a line whose total is published never hides exactly one of its cells.
    hidden = primary | secondary
    for members, total in lines:
        if total in values and total not in hidden:
            assert sum(1 for m in members if m in hidden) != 1
    # 2. A reader combining every published total and the known bounds pins down no hidden cell.
    bounds = disclosed_bounds(values, primary, secondary, lines)
    for key in hidden:
        low, high = bounds[key]
        assert low < high, key
        assert low <= values[key] <= high  # and the bounds the reader has are consistent with the truth


@PROPERTY
@given(tables(person_derived=st.just(False)))
def test_counts_of_places_and_structures_are_published_as_they_are(table):
    published = publish(table)
    _, cells = _published_cells(table, published)
    assert all(not cell.hidden and cell.value == value for _, value, cell in cells)
    assert published.suppressed == 0


def test_a_lone_small_count_in_a_row_forces_a_second_suppression():
    table = Table(rows=["a", "b"], columns=["x", "y", "z"], cells=[[4, 30, 50], [20, 25, 40]], person_derived=True)
    published = publish(table)
    assert [str(c) for c in published.cells[0]] == [SMALL, MASKED, "50"]
    assert [str(c) for c in published.cells[1]] == [MASKED, MASKED, "40"]
    assert [str(c) for c in published.row_totals] == ["84", "85"]
    assert str(published.grand_total) == "169"


def test_single_figures():
    assert str(publish_figure(7, person_derived=True)) == SMALL
    assert str(publish_figure(0, person_derived=True)) == "0"
    assert str(publish_figure(11, person_derived=True)) == "11"
    assert str(publish_figure(7, person_derived=False)) == "7"
