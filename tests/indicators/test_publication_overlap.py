"""A breakdown of distinct persons that does not add up to the total (a person housed in two structures on
the same day) is not an equation a reader can use: it no longer sends the reader's model into numbers of
thousands of digits, masking every figure (minutes for one figure at national scale)."""

from relais.indicators import publication, registry, suppression


def rows_with_a_person_in_two_structures():
    indicator = registry.get("persons_housed")
    # 40 persons: 25 in one structure, 35 in the other, 20 of them in both that day (by the other dimensions,
    # 25 and 15).
    rows = {("t",): [{"value": 40, "_key": 1}]}
    for dimension in indicator.paths:
        rows[dimension] = [
            {dimension: "a", "value": 25, "_key": 2},
            {dimension: "b", "value": 35 if dimension in ("structure", "kind") else 15, "_key": 3},
        ]
    return indicator, rows


def test_a_breakdown_that_does_not_add_up_is_published_without_masking(monkeypatch):
    indicator, rows = rows_with_a_person_in_two_structures()
    sizes = []
    propagate = suppression.propagate

    def watched(bounds, lines):
        out = propagate(bounds, lines)
        sizes.append(max(abs(x) for b in out.values() for x in b if isinstance(x, int)))
        return out

    monkeypatch.setattr(publication, "propagate", watched)
    cells = publication.universe_of_rows(indicator, rows)
    assert not any(cell.hidden for _, cell in cells.values())  # nothing small: nothing to protect
    assert max(sizes) < 100  # the reader's bounds stay near the figures


def test_a_breakdown_that_adds_up_still_protects_a_small_count():
    indicator = registry.get("persons_housed")
    rows = {("t",): [{"value": 40, "_key": 1}]}
    for dimension in indicator.paths:
        rows[dimension] = [{dimension: "a", "value": 35, "_key": 2}, {dimension: "b", "value": 5, "_key": 3}]
    cells = publication.universe_of_rows(indicator, rows)
    assert all(cells[(d, "b")][1].mark == suppression.SMALL for d in indicator.paths)
    assert not cells[("t",)][1].hidden
