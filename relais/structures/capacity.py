"""Capacity over time, from the dated service periods and targets (two grouped queries each)."""

import bisect
import datetime
from collections.abc import Iterable

from django.db.models import Count, QuerySet

from relais.structures.models import CapacityTarget, PlaceServicePeriod


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days, day = [], first.replace(day=1)
    while day <= last:
        days.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    if days[-1] != last:
        days.append(last)
    return days


def places_open_series(periods: QuerySet[PlaceServicePeriod], days: Iterable[datetime.date]) -> list[int]:
    """Places in service on each day: openings minus closings up to that day, grouped by date in SQL."""
    starts = sorted(periods.order_by().values_list("start").annotate(n=Count("pk")))
    ends = sorted(periods.order_by().exclude(end=None).values_list("end").annotate(n=Count("pk")))
    start_days, start_cum = _cumulative(starts)
    end_days, end_cum = _cumulative(ends)
    series = []
    for day in days:
        opened = start_cum[bisect.bisect_right(start_days, day) - 1] if start_days and start_days[0] <= day else 0
        closed = end_cum[bisect.bisect_right(end_days, day) - 1] if end_days and end_days[0] <= day else 0
        series.append(opened - closed)
    return series


def _cumulative(rows):
    days, totals, running = [], [], 0
    for day, n in rows:
        running += n
        days.append(day)
        totals.append(running)
    return days, totals


def targets_series(targets: QuerySet[CapacityTarget], days: Iterable[datetime.date]) -> list[int | None]:
    """The total target known on each day (in force and already decided), in one query: the sum over
    programmes of their latest target, a member of a dispositif left out while the dispositif has its own."""
    by_programme: dict[int, list[tuple[datetime.date, datetime.date, int]]] = {}
    group_of: dict[int, int | None] = {}
    for programme, group, effective_on, decided_on, places in targets.order_by(
        "programme", "-effective_on"
    ).values_list("programme", "programme__group", "effective_on", "decided_on", "places"):
        by_programme.setdefault(programme, []).append((effective_on, decided_on, places))
        group_of[programme] = group
    series = []
    for day in days:
        in_force = {
            programme: next(
                (places for effective, decided, places in rows if effective <= day and decided <= day), None
            )
            for programme, rows in by_programme.items()
        }
        known = [
            places
            for programme, places in in_force.items()
            if places is not None and in_force.get(group_of[programme]) is None
        ]
        series.append(sum(known) if known else None)
    return series


def capacity_history(periods: QuerySet[PlaceServicePeriod], targets: QuerySet[CapacityTarget] | None, *, today):
    """Monthly rows {day, places_open, target} from the first opening (or target) to today."""
    first_candidates = [d for d in (periods.order_by("start").values_list("start", flat=True).first(),) if d]
    if targets is not None:
        first_target = targets.order_by("effective_on").values_list("effective_on", flat=True).first()
        if first_target:
            first_candidates.append(first_target)
    if not first_candidates:
        return []
    days = month_starts(min(first_candidates), today)
    opened = places_open_series(periods, days)
    aimed = targets_series(targets, days) if targets is not None else [None] * len(days)
    return [{"day": d, "places_open": o, "target": t} for d, o, t in zip(days, opened, aimed, strict=True)]
