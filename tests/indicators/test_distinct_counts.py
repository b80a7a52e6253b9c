"""Distinct counts of persons whose breakdown is not a partition of the total: a person housed in two
structures at once counts once in the total and once in each structure, so a breakdown's cells add up to
more than the total. The joint check must reason with the equation the figures really satisfy (the
breakdown's sum is the total plus its surplus, which the attacker is assumed to know exactly): with the
plain equation its intervals become empty, it hides cells for nothing and never settles."""

from hypothesis import given
from hypothesis import strategies as st

from relais.indicators.cellkey import combine, python_record_key
from relais.indicators.enums import Disclosure, Unit
from relais.indicators.publication import SMALL, THRESHOLD, Publisher, propagate, publisher_for, universe_of_rows
from relais.indicators.registry import Indicator
from tests.indicators.test_cell_key import DAYS, PROPERTY, STRUCTURES, _bounds, world_indicator


def _key(*ids) -> int:
    return combine(*map(python_record_key, ids))


@st.composite
def overlapping_worlds(draw):
    """Stays of a few persons, some of them in two structures on the same days."""
    n = draw(st.integers(0, 90))
    persons = draw(st.integers(1, 60))
    stays = []
    for _ in range(n):
        admitted = draw(st.integers(0, 5))
        exited = draw(st.one_of(st.none(), st.integers(admitted + 1, 7)))
        stays.append((draw(st.integers(1, persons)), draw(st.sampled_from(sorted(STRUCTURES))), admitted, exited))
    return stays


def test_a_person_counted_in_two_structures_hides_nothing_more():
    indicator = Indicator(
        code="persons_housed",
        label="",
        definition="",
        unit=Unit.PERSONS,
        paths={"structure": "s", "kind": "k"},
        person_derived=True,
        compute=None,
        disclosure=Disclosure.PERSON,
    )
    # 100 persons; 10 of them also in structure 3 (of kind b) the same day: each breakdown adds up to 110.
    rows = {
        ("t",): [{"value": 100, "_key": _key(1)}],
        "structure": [
            {"structure": 1, "value": 60, "_key": _key(2)},
            {"structure": 2, "value": 45, "_key": _key(3)},
            {"structure": 3, "value": 5, "_key": _key(4)},
        ],
        "kind": [{"kind": "a", "value": 105, "_key": _key(5)}, {"kind": "b", "value": 5, "_key": _key(6)}],
    }
    cells = {key: cell for key, (_, cell) in universe_of_rows(indicator, rows).items()}
    assert str(cells[("structure", 3)]) == str(cells[("kind", "b")]) == SMALL
    # Nothing else needs hiding: the small cells lie anywhere in [1, 10] for one who knows the surplus.
    assert not any(cell.hidden for key, cell in cells.items() if key not in {("structure", 3), ("kind", "b")})


def attack(indicator, publisher: Publisher, day):
    """Every table of the day; the attacker also knows by how much each breakdown exceeds the total."""
    truth = {("t",): indicator.total(as_of=day)}
    cells = {("t",): publisher.total(indicator, as_of=day)}
    lines = []
    for dimension in indicator.paths:
        published = publisher.rows(indicator, as_of=day, by=[dimension])
        for row in published:
            cells[(dimension, row[dimension])] = row["cell"]
        for row in indicator.rows(as_of=day, by=[dimension]):
            truth[(dimension, row[dimension])] = row["value"]
        members = [(dimension, row[dimension]) for row in published]
        lines.append((members, ("t",), sum(truth[m] for m in members) - truth[("t",)]))
    return truth, cells, propagate({k: _bounds(c) for k, c in cells.items()}, lines)


@PROPERTY
@given(overlapping_worlds())
def test_no_small_distinct_count_is_pinned_when_persons_count_twice(stays):
    indicator = world_indicator(stays)
    for day in DAYS:
        truth, cells, bounds = attack(indicator, publisher_for("comite"), day)
        for key, value in truth.items():
            low, high = bounds[key]
            assert low <= value <= high, (day, key)  # the attacker's reasoning is sound...
            if 1 <= value < THRESHOLD:
                assert str(cells[key]) == SMALL  # ...no small count is shown...
                assert low < high, (day, key, value)  # ...nor recomputed from the others
