"""Stays planned place by place from 2018 to today, so that the persons housed agree with the places open
at every date, and match the public figure where there is one (536 persons housed in November 2022).

Each place of a computed-mode structure gets a chain of stays inside its service periods, separated by
short vacancies: a place never holds two persons and is never occupied outside its service, so the
occupancy (the open stays) never exceeds the places open. An anchor fixes how many places of the
dispositif are occupied during a whole window (the others stay vacant through it).
"""

import datetime
import heapq
import random
from collections.abc import Iterable
from typing import NamedTuple

D = datetime.date


class HousedAnchor(NamedTuple):
    """`persons` of the dispositif's places occupied from `start` to `end` (excluded), every day."""

    start: datetime.date
    end: datetime.date
    persons: int


class StayRule(NamedTuple):
    """Lengths of stays and vacancies (days) in a kind of structure."""

    min_days: int
    max_days: int
    min_gap: int
    max_gap: int


class PlannedStay(NamedTuple):
    """A stay from the afternoon of `admitted` to the morning of `exited` (None: still open today)."""

    structure_id: int
    place_id: int | None
    admitted: datetime.date
    exited: datetime.date | None


# The comité's figure of November 2022: 536 persons housed in the 610 places of the dispositif.
HOUSED_ANCHORS = [HousedAnchor(start=D(2022, 11, 1), end=D(2022, 12, 1), persons=536)]

HOTEL_STAYS = StayRule(min_days=60, max_days=720, min_gap=5, max_gap=70)
CARE_STAYS = StayRule(min_days=20, max_days=180, min_gap=1, max_gap=12)
SHORT_STAYS = StayRule(min_days=1, max_days=20, min_gap=0, max_gap=0)
OTHER_STAYS = StayRule(min_days=7, max_days=240, min_gap=0, max_gap=0)


def _days(a: datetime.date, b: datetime.date) -> int:
    return (b - a).days


def _chain(lo, hi, rule: StayRule, rng: random.Random, today: datetime.date, *, first_gap=True):
    """Stays one after the other between `lo` and `hi` (excluded; None: still in service today)."""
    stays = []
    day = lo + datetime.timedelta(days=rng.randint(0, rule.max_gap) if first_gap else 0)
    last_admission = today - datetime.timedelta(days=1)
    while True:
        if (hi is not None and day >= hi) or day > last_admission:
            return stays
        exit_day = day + datetime.timedelta(days=rng.randint(rule.min_days, rule.max_days))
        if hi is not None and exit_day >= hi:
            stays.append((day, hi))
            return stays
        if exit_day >= today:
            stays.append((day, None if hi is None else min(hi, exit_day)))
            return stays
        stays.append((day, exit_day))
        day = exit_day + datetime.timedelta(days=rng.randint(rule.min_gap, rule.max_gap))


def place_stays(
    periods: Iterable[tuple[datetime.date, datetime.date | None]],
    rule: StayRule,
    rng: random.Random,
    today: datetime.date,
    *,
    occupied: Iterable[HousedAnchor] = (),
    vacant: Iterable[HousedAnchor] = (),
) -> list[tuple[datetime.date, datetime.date | None]]:
    """The stays of one place over its service periods; occupied through the `occupied` windows,
    empty through the `vacant` ones."""
    stays = []
    for start, end in periods:
        fixed = []  # (from, to, stay or None): segments the chains go around
        for window in occupied:
            if start <= window.start and (end is None or window.end <= end):
                admitted = max(start, window.start - datetime.timedelta(days=rng.randint(0, rule.max_days // 2)))
                exited = window.end + datetime.timedelta(days=rng.randint(1, rule.max_days // 2))
                if end is not None:
                    exited = min(exited, end)
                if exited >= today:
                    exited = None if end is None else exited
                fixed.append((admitted, exited, True))
        for window in vacant:
            if start <= window.start and (end is None or window.end <= end):
                fixed.append((window.start, window.end, False))
        fixed.sort(key=lambda f: f[0])
        cursor, first = start, True
        for begin, finish, is_stay in fixed:
            stays += _chain(cursor, begin, rule, rng, today, first_gap=first)
            if is_stay:
                stays.append((begin, finish))
            if finish is None:
                cursor = None
                break
            cursor, first = finish, False
        if cursor is not None:
            stays += _chain(cursor, end, rule, rng, today, first_gap=first)
    return stays


def scattered_stays(
    opened: datetime.date, closed: datetime.date | None, count: int, rule: StayRule, rng: random.Random, today
) -> list[tuple[datetime.date, datetime.date]]:
    """Closed stays at random dates in a structure whose occupancy is declared (no place recorded)."""
    last = min(closed or today, today) - datetime.timedelta(days=rule.max_days + 2)
    if last <= opened:
        return []
    stays = []
    for _ in range(count):
        admitted = opened + datetime.timedelta(days=rng.randrange(_days(opened, last)))
        stays.append((admitted, admitted + datetime.timedelta(days=rng.randint(rule.min_days, rule.max_days))))
    return stays


class PersonSlot(NamedTuple):
    index: int  # the person's index in the generated list
    created: datetime.date  # first met


def assign_persons(stays: list[PlannedStay], rng: random.Random, *, first_day: datetime.date, returning=0.6):
    """Who stays: a person is housed once at a time; after an exit some come back later (another
    stay), the others are new persons met a few days or weeks before their admission.

    Returns the person index of each stay (in the order of `stays`) and the creation day of each person.
    """
    order = sorted(range(len(stays)), key=lambda i: (stays[i].admitted, i))
    back: list[tuple[datetime.date, int]] = []  # (free from, person) of those who may come back
    ready: list[int] = []
    created: list[datetime.date] = []
    owner = [0] * len(stays)
    for i in order:
        stay = stays[i]
        while back and back[0][0] <= stay.admitted:
            ready.append(heapq.heappop(back)[1])
        if ready and rng.random() < 0.7:
            person = ready.pop(rng.randrange(len(ready)))
        else:
            person = len(created)
            met = stay.admitted - datetime.timedelta(days=rng.randint(4, 90))
            created.append(max(met, first_day))
        owner[i] = person
        if stay.exited is not None and rng.random() < returning:
            heapq.heappush(back, (stay.exited + datetime.timedelta(days=rng.randint(20, 400)), person))
    return owner, created
