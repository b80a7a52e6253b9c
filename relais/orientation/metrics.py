"""The columns every comparison shows, for one assignment of one instance (benchmark and archive alike)."""

import numpy as np

from relais.orientation.engine import ATTRIBUTES, UNPLACED, Instance, Weights, distance_km, total_value

# The groups whose placement rate is compared with everyone's (a gap in points of percentage).
GROUPS = {
    "femmes": lambda inst: inst.female,
    "animaux": lambda inst: inst.needs[:, ATTRIBUTES.index("pets")],
    "couples": lambda inst: inst.needs[:, ATTRIBUTES.index("couple")],
    "fauteuil": lambda inst: inst.needs[:, ATTRIBUTES.index("accessible")],
    "soins": lambda inst: inst.somatic | inst.psychiatric,
}
TOP_SHARE = 0.10  # "highest priorities": the top tenth of the list by points


def assignment_metrics(instance: Instance, weights: Weights, assignment: np.ndarray, optimum: int | None) -> dict:
    n = len(instance.person_keys)
    placed = assignment != UNPLACED
    value = total_value(instance, weights, assignment)
    rate = placed.mean() if n else 0.0
    top = np.argsort(-instance.priority, kind="stable")[: max(1, int(np.ceil(n * TOP_SHARE)))] if n else []
    persons = np.flatnonzero(placed)
    km = (
        np.array([distance_km(instance, np.array([i]), np.array([assignment[i]]))[0, 0] for i in persons[:2000]])
        if len(persons)
        else np.zeros(0)
    )
    gaps = {}
    for name, group_of in GROUPS.items():
        members = group_of(instance)
        gaps[name] = round(100 * (placed[members].mean() - rate), 1) if members.any() else None
    return {
        "placements": int(placed.sum()),
        "value": value,
        "gap_pct": round(100 * (optimum - value) / optimum, 2) if optimum else 0.0,
        "top_coverage_pct": round(100 * placed[top].mean(), 1) if n else 0.0,
        "wait_placed_days": round(float(instance.waited[placed].mean()), 1) if placed.any() else None,
        "wait_left_days": round(float(instance.waited[~placed].mean()), 1) if (~placed).any() else None,
        "mean_km": round(float(km.mean()), 2) if len(km) else None,
        "group_gaps_pts": gaps,
    }
