"""The cell-key publication against an attacker who asks for every table, breakdown and date (hypothesis).

A world is a set of stays in a few structures (each of one kind and one arrondissement), admitted and
left on given days. The attacker reads, as an outside audience, the total and every breakdown the
indicator offers, on every day, through the very function the pages and the API use; it knows the
method and its parameters (threshold, maximum noise), combines the tables of a day (sums, differences,
interval propagation to a fixed point) and subtracts consecutive days. It never pins a count of 1 to 10
persons: no small cell, and no change of 1 to 10 persons between two days.
"""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.indicators.cellkey import MAX_NOISE, combine, noise, python_record_key
from relais.indicators.enums import Disclosure, Unit
from relais.indicators.publication import MASKED, SMALL, THRESHOLD, Cell, Publisher, propagate, publisher_for
from relais.indicators.registry import Indicator

STRUCTURES = {1: ("hotel", "75118"), 2: ("hotel", "75119"), 3: ("rest_night", "75119"), 4: ("rest_night", "75120")}
DAYS = range(6)
PROPERTY = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


def world_indicator(stays) -> Indicator:
    """`persons_housed` over an in-memory world: rows and record keys as the SQL indicator gives them. Each
    stay is `(record, structure, admitted, exited)`; a cell counts its distinct records (the stay itself,
    or the person for a distinct count of persons, who may be housed in two structures at once)."""

    def compute(*, as_of, by, where):
        groups: dict[tuple, set[int]] = {}
        for record, structure, admitted, exited in stays:
            if not (admitted <= as_of and (exited is None or exited > as_of)):
                continue
            kind, cog = STRUCTURES[structure]
            dims = {"structure": structure, "kind": kind, "arrondissement": cog}
            if any(dims[d] != v for d, v in where.items()):
                continue
            groups.setdefault(tuple(dims[d] for d in by), set()).add(record)
        if not by:
            ids = groups.get((), set())
            return [{"value": len(ids), "_key": combine(*map(python_record_key, ids))}]
        return [
            {**dict(zip(by, k, strict=True)), "value": len(ids), "_key": combine(*map(python_record_key, ids))}
            for k, ids in sorted(groups.items())
        ]

    return Indicator(
        code="persons_housed",
        label="Personnes hébergées",
        definition="",
        unit=Unit.PERSONS,
        paths={"structure": "s", "kind": "k", "arrondissement": "a"},
        person_derived=True,
        compute=compute,
        disclosure=Disclosure.PERSON,
    )


@st.composite
def worlds(draw):
    n = draw(st.integers(0, 90))
    stays = []
    for stay_id in range(1, n + 1):
        structure = draw(st.sampled_from(sorted(STRUCTURES)))
        admitted = draw(st.integers(0, 5))
        exited = draw(st.one_of(st.none(), st.integers(admitted + 1, 7)))
        stays.append((draw(st.integers(1, 10**6)) * 100 + stay_id, structure, admitted, exited))
    return stays


def _bounds(cell: Cell) -> tuple[float, float]:
    """What a published cell tells an attacker who knows the method."""
    if cell.mark == SMALL:
        return (1, THRESHOLD - 1)
    if cell.mark == MASKED:
        return (THRESHOLD, math.inf)
    if not cell.value:
        return (0, 0)
    return (max(THRESHOLD, cell.value - MAX_NOISE), cell.value + MAX_NOISE)


def attack(indicator, publisher, day):
    """Every table of the day, as requested one by one; then the attacker's intervals of every cell."""
    cells, truth, lines = {}, {}, []
    cells[("t",)] = publisher.total(indicator, as_of=day)
    truth[("t",)] = indicator.total(as_of=day)
    for dimension in indicator.paths:
        published = publisher.rows(indicator, as_of=day, by=[dimension])
        for row in published:
            cells[(dimension, row[dimension])] = row["cell"]
        for row in indicator.rows(as_of=day, by=[dimension]):
            truth[(dimension, row[dimension])] = row["value"]
        lines.append(([(dimension, row[dimension]) for row in published], ("t",)))
        # A cell asked for alone (a filter) reads the same as in its table.
        for row in published:
            alone = publisher.total(indicator, as_of=day, where={dimension: row[dimension]})
            assert alone == row["cell"]
    return truth, cells, propagate({k: _bounds(c) for k, c in cells.items()}, lines)


@PROPERTY
@given(worlds())
def test_no_combination_of_tables_and_dates_pins_a_small_count(stays):
    indicator = world_indicator(stays)
    days = {}
    for day in DAYS:
        truth, cells, bounds = attack(indicator, publisher_for("comite"), day)
        for key, value in truth.items():
            low, high = bounds[key]
            assert low <= value <= high, (day, key)  # the attacker's reasoning is sound...
            if 1 <= value < THRESHOLD:
                assert str(cells[key]) == SMALL  # ...no small count is ever shown...
                assert low < high, (day, key, value)  # ...nor can it be recomputed from the others
        days[day] = (truth, bounds)
    # Differencing consecutive days: a change of 1 to 10 persons is never pinned.
    for day in list(DAYS)[1:]:
        (before, b_bounds), (after, a_bounds) = days[day - 1], days[day]
        for key in set(before) & set(after):
            change = after[key] - before[key]
            if 1 <= abs(change) < THRESHOLD:
                low = a_bounds[key][0] - b_bounds[key][1]
                high = a_bounds[key][1] - b_bounds[key][0]
                assert low < high, (day, key, change)


@PROPERTY
@given(worlds())
def test_the_same_cell_always_reads_the_same(stays):
    indicator = world_indicator(stays)
    first = [Publisher().rows(indicator, as_of=3, by=["kind"]) for _ in range(2)]
    assert first[0] == first[1]  # asking again (or averaging) gives nothing more


@PROPERTY
@given(worlds())
def test_published_counts_stay_within_the_noise(stays):
    indicator = world_indicator(stays)
    for day in DAYS:
        truth, cells, _ = attack(indicator, publisher_for("ville"), day)
        for key, value in truth.items():
            cell = cells[key]
            if value == 0:
                assert cell == Cell(0)
            elif value < THRESHOLD:
                assert cell.mark == SMALL
            elif not cell.hidden:
                assert cell.value >= THRESHOLD and abs(cell.value - value) <= MAX_NOISE


def test_coordination_reads_exact_figures():
    stays = [(i, 1 + i % 4, 0, None) for i in range(1, 30)]
    indicator = world_indicator(stays)
    rows = publisher_for("coordination").rows(indicator, as_of=2, by=["structure"])
    assert [r["cell"].value for r in rows] == [r["value"] for r in indicator.rows(as_of=2, by=["structure"])]


def test_the_perturbation_table_has_zero_mean_and_bounded_noise():
    draws = [noise(value, key / 1000) for value in range(11, 60) for key in range(1000)]
    assert max(abs(n) for n in draws) == MAX_NOISE
    assert abs(sum(draws) / len(draws)) < 0.01
    assert 0.7 < sum(n * n for n in draws) / len(draws) < 0.9
