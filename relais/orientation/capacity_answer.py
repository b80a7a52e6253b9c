"""The answer to « how many places absorb a scene of N people within W weeks? » as plain data (JSON):
what the capacity page shows and what a situation report quotes, frozen, with the question, the date and
the records it was computed from.

Every count of persons goes through `publish`, which the caller above plugs in (orientation sits below the
publication): exact for coordination, published for the comité (`relais/indicators/capacity.py`). The
rates, place counts and probabilities are then computed from what `publish` returned, so an outside
audience reads nothing derived from an exact count it may not see.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.utils import formats, timezone

from relais.orientation.capacity import (
    ACCOMMODATION,
    WINDOW_WEEKS,
    back_test_counts,
    back_test_from,
    flow_places,
    measured_counts,
    plan,
    rates_from,
    rest_space_need,
    steady_need,
)
from relais.structures.enums import StructureKind

COUNTS = ("newcomers", "admissions", "exits", "street_exits")
RUNS = 60
# (name, value, ids of the records counted) → (the value the plan may use, None when hidden; what is shown)
Publish = Callable[[str, int, list], tuple[int | None, str]]


def exact(name: str, value: int, records: list) -> tuple[int | None, str]:
    return value, str(value)


def _published_counts(counts, publish: Publish, prefix: str = ""):
    values, shown = {}, {}
    for name in COUNTS:
        values[name], shown[name] = publish(prefix + name, getattr(counts, name), counts.records[name])
    return dataclasses.replace(counts, **values), shown


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "d/m/Y")


def _rates(rates) -> dict:
    return {
        "arrivals_per_week": round(rates.arrivals_per_week, 2),
        "mean_stay_weeks": round(rates.mean_stay_weeks, 2),
        "return_share": round(rates.return_share, 3),
        # The rates whose default stands in (too few records, or a count the reader may not see).
        "defaults": [name for name, records in rates.measured.items() if not records],
    }


def capacity_answer(
    *, scene: int, weeks: int, rest_arrivals: int, back_test_on: datetime.date, publish: Publish = exact, now=None
) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts, shown = _published_counts(measured_counts(until=today), publish)
    rates = rates_from(counts)
    steady = steady_need(rates)
    before, _ = _published_counts(measured_counts(until=back_test_on), publish, prefix="before|")
    back_records = back_test_counts(at=back_test_on, weeks=weeks)
    occupied, occupied_shown = publish("back|occupied", len(back_records["occupied"]), back_records["occupied"])
    actual, actual_shown = publish(
        "back|actual_admissions", len(back_records["actual_admissions"]), back_records["actual_admissions"]
    )
    back = back_test_from(at=back_test_on, weeks=weeks, rates=rates_from(before), occupied=occupied, actual=actual)
    return {
        "question": {
            "scene": scene,
            "weeks": weeks,
            "rest_arrivals": rest_arrivals,
            "back_test_on": back_test_on.isoformat(),
        },
        "computed_at": now.isoformat(),
        "computed_at_label": formats.date_format(timezone.localtime(now), "j F Y à H:i"),
        "published": publish is not exact,
        "data": {
            "since": counts.since.isoformat(),
            "until": counts.until.isoformat(),
            "label": f"du {_day(counts.since)} au {_day(counts.until - datetime.timedelta(days=1))}",
            "window_weeks": WINDOW_WEEKS,
            "kinds": [StructureKind(k).label for k in ACCOMMODATION],
        },
        "counts": shown,
        "rates": _rates(rates),
        "flow": flow_places(scene=scene, weeks=weeks, rates=rates),
        "runs": RUNS,
        "rows": plan(scene=scene, weeks=weeks, rates=rates, runs=RUNS),
        "steady": {
            "places": steady["places"],
            "load": steady["load"],
            "wait_probability": round(steady["wait_probability"], 3),
            "mean_wait_days": round(steady["mean_wait_days"], 1),
        },
        "rest": {"places": rest_space_need(arrivals_per_night=rest_arrivals)["places"], "turned_away_at_most": 0.05},
        "back_test": {
            "at": back_test_on.isoformat(),
            "at_label": _day(back_test_on),
            "weeks": weeks,
            "occupied": occupied_shown,
            "actual_admissions": actual_shown,
            "expected_admissions": back["expected_admissions"],
            "error_pct": back["error_pct"],
        },
    }
