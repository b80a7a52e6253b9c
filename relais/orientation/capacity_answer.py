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
    MIN_RECORDS,
    WINDOW_WEEKS,
    admissions_after,
    back_test_counts,
    back_test_from,
    counts_from,
    flow_places,
    newcomers,
    plan,
    rates_from,
    rest_space_need,
    stays_by_kind,
    steady_need,
)
from relais.orientation.capacity_kinds import (
    KIND_COUNTS,
    kind_rates,
    kinds_back_test_counts,
    kinds_from,
    split_scene,
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


def _steady(steady: dict) -> dict:
    return {
        "places": steady["places"],
        "load": steady["load"],
        "wait_probability": round(steady["wait_probability"], 3),
        "mean_wait_days": round(steady["mean_wait_days"], 1),
    }


def _published_kinds(counts, publish: Publish, prefix: str):
    values, shown = [], {}
    for c in counts:
        published, shown[c.kind] = {}, {}
        for name in KIND_COUNTS:
            published[name], shown[c.kind][name] = publish(
                f"{prefix}kind|{c.kind}|{name}", getattr(c, name), c.records[name]
            )
        values.append(dataclasses.replace(c, **published))
    return values, shown


def _kind_back_test(kind: str, records: dict, *, at: datetime.date, weeks: int, rates, publish: Publish) -> dict:
    """The back-test of one kind, given only where its records are enough: places occupied and admissions
    after both of at least MIN_RECORDS, and a length of stay measured before the date."""
    occupied, occupied_shown = publish(f"back|kind|{kind}|occupied", len(records["occupied"]), records["occupied"])
    actual, actual_shown = publish(
        f"back|kind|{kind}|actual_admissions", len(records["actual_admissions"]), records["actual_admissions"]
    )
    enough = all(v is not None and v >= MIN_RECORDS for v in (occupied, actual)) and bool(
        rates.measured["mean_stay_weeks"]
    )
    if not enough:
        return {"enough": False}
    back = back_test_from(at=at, weeks=weeks, rates=rates, occupied=occupied, actual=actual)
    return {
        "enough": True,
        "occupied": occupied_shown,
        "actual_admissions": actual_shown,
        "expected_admissions": back["expected_admissions"],
        "error_pct": back["error_pct"],
    }


@dataclasses.dataclass
class Measured:
    """Every record the answer rests on, read once and shared by the whole and the kinds of place: the
    window before today, the window before the back-test's date, and the admissions after that date."""

    counts: object  # capacity.Counts of the whole, today
    before: object  # the same, before the back-test's date
    kinds: list  # capacity_kinds.KindCounts, today
    kinds_before: list  # the same kinds, before the back-test's date
    back: dict  # the whole's back-test counts (ids of the places occupied, of the admissions after)
    kinds_back: dict  # kind → the same


def measure(*, until: datetime.date, back_test_on: datetime.date, weeks: int) -> Measured:
    """The records of the answer: two readings of the stays (one per window), the persons first met in
    both windows in one query, the places in service at both dates and the admissions after the back-test's
    date. Eight queries."""
    window = datetime.timedelta(weeks=WINDOW_WEEKS)
    since, before_since = until - window, back_test_on - window
    stays, stays_before = (
        stays_by_kind(since=since, until=until),
        stays_by_kind(since=before_since, until=back_test_on),
    )
    met, met_before = newcomers((since, until), (before_since, back_test_on))
    after = admissions_after(at=back_test_on, weeks=weeks)
    kinds = kinds_from(stays, since=since, until=until)
    names = [c.kind for c in kinds]
    return Measured(
        counts=counts_from(stays, met, since=since, until=until),
        before=counts_from(stays_before, met_before, since=before_since, until=back_test_on),
        kinds=kinds,
        kinds_before=kinds_from(stays_before, since=before_since, until=back_test_on, kinds=names),
        back=back_test_counts(stays_before=stays_before, after=after),
        kinds_back=kinds_back_test_counts(stays_before=stays_before, after=after, kinds=names),
    )


def by_kind(*, scene, weeks, rates, measured: Measured, back_test_on, before_rates, publish: Publish) -> list[dict]:
    """Per kind of place: its counts (through `publish`), share, rates, part of the scene, flow estimate,
    simulation, steady-state need and back-test; every rate computed from the published counts."""
    counts, shown = _published_kinds(measured.kinds, publish, prefix="")
    now = kind_rates(counts, rates, since=measured.counts.since, until=measured.counts.until)
    before_counts, _ = _published_kinds(measured.kinds_before, publish, prefix="before|")
    before = kind_rates(before_counts, before_rates, since=before_rates.since, until=back_test_on)
    parts = split_scene(scene, now["shares"])
    back_records = measured.kinds_back
    answer = []
    for c in counts:
        kind_rates_now = now["rates"][c.kind]
        answer.append(
            {
                "kind": c.kind,
                "label": StructureKind(c.kind).label,
                "places_in_service": c.places,
                "counts": shown[c.kind],
                "share": round(now["shares"][c.kind], 3),
                "rates": _rates(kind_rates_now),
                "scene": parts[c.kind],
                "flow": flow_places(scene=parts[c.kind], weeks=weeks, rates=kind_rates_now),
                "rows": plan(scene=parts[c.kind], weeks=weeks, rates=kind_rates_now, runs=RUNS)
                if parts[c.kind]
                else [],
                "steady": _steady(steady_need(kind_rates_now)),
                "back_test": _kind_back_test(
                    c.kind,
                    back_records[c.kind],
                    at=back_test_on,
                    weeks=weeks,
                    rates=before["rates"][c.kind],
                    publish=publish,
                ),
            }
        )
    return answer


def capacity_answer(
    *, scene: int, weeks: int, rest_arrivals: int, back_test_on: datetime.date, publish: Publish = exact, now=None
) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    measured = measure(until=today, back_test_on=back_test_on, weeks=weeks)
    counts, shown = _published_counts(measured.counts, publish)
    rates = rates_from(counts)
    steady = steady_need(rates)
    before, _ = _published_counts(measured.before, publish, prefix="before|")
    back_records = measured.back
    occupied, occupied_shown = publish("back|occupied", len(back_records["occupied"]), back_records["occupied"])
    actual, actual_shown = publish(
        "back|actual_admissions", len(back_records["actual_admissions"]), back_records["actual_admissions"]
    )
    before_rates = rates_from(before)
    back = back_test_from(at=back_test_on, weeks=weeks, rates=before_rates, occupied=occupied, actual=actual)
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
        "steady": _steady(steady),
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
        # The same question per kind of place, the scene split by the kinds' shares of the admissions.
        "by_kind": by_kind(
            scene=scene,
            weeks=weeks,
            rates=rates,
            measured=measured,
            back_test_on=back_test_on,
            before_rates=before_rates,
            publish=publish,
        ),
    }
