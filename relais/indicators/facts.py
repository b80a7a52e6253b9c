"""Daily indicator facts: filled and corrected from the history, by the same indicator functions as the
live figures (one source of truth).

- `refresh()` (the `refresh_facts` job) fills the days of the window that have no facts yet, retakes the
  day that just ended and today, and recomputes, for the indicators an area feeds, every day from the
  earliest day the journal (`fact_journal.py`) says changed. A new version is written only where a value
  or a cell key changed; the replaced one keeps its dates (`recorded_at`, `superseded_at`).
- `check()` (the `check_facts` command) recomputes a range of days from history and lists any drift.
- reading the facts instead of the history: `fact_reader.py`.
"""

import datetime
import functools
import json
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from relais.indicators import fact_memo, opendata
from relais.indicators.catalogue import occupancy_memo
from relais.indicators.filters import DEFAULT_MONTHS, PERIODS, months_before
from relais.indicators.models import FactChange, FactDay, IndicatorFact
from relais.indicators.opendata import MONTHS as OPEN_DATA_MONTHS
from relais.indicators.opendata import month_ends
from relais.indicators.registry import INDICATORS, Indicator
from relais.structures.capacity import month_starts

# Which areas (apps) each indicator module reads: a change in an area recomputes only these indicators.
MODULE_AREAS = {
    "relais.indicators.catalogue": {"structures", "stays"},
    "relais.indicators.people": {"structures", "stays", "referrals", "people", "pathways"},
    "relais.indicators.sites": {"structures", "sites"},
    "relais.indicators.governance": {"governance", "premises", "structures"},
}
BATCH = 2_000
# The indicators the comité's dashboard shows (its key figures and tables), filled first at national scale.
COMITE_CODES = (
    "places_open",
    "capacity_target",
    "target_attainment",
    "hotels_in_use",
    "structures_open",
    "places_occupied",
    "places_free",
    "occupancy_rate",
    "persons_housed",
    "persons_distinct",
    "referrals_sent",
    "referral_wait_admitted",
    "exits",
    "pathway_steps",
)


# The other indicators of the comité's tables, hence of the situation report, and of its communiqué.
REPORT_CODES = ("nights_provided", "referrals_accepted", "referrals_declined", "referrals_expired", "psychiatric_steps")


def first_fill_codes() -> set[str]:
    """The indicators a first fill at national scale computes (`refresh_facts --jours-lus`): the comité's
    dashboard, the situation report and the open-data files; the others are read from history until the
    window's refresh."""
    return {*COMITE_CODES, *REPORT_CODES, *(dataset.code for dataset in opendata.DATASETS)}


def catalogue() -> dict[str, Indicator]:
    """Every catalogue indicator (the ones plugged in by their module's import)."""
    return dict(INDICATORS)


def areas_of(indicator: Indicator) -> set[str]:
    # An indicator from a module not listed: recomputed on any change (never stale by omission).
    return MODULE_AREAS.get(indicator.compute.__module__, set(MODULE_AREAS_ALL))


MODULE_AREAS_ALL = frozenset().union(*MODULE_AREAS.values())


def encode(value) -> str:
    return json.dumps(value, default=str)


# The same members (structures, arrondissements…) come back on every day and indicator a page reads: a report
# at national scale decoded 380,000 of them (1.4 s of CPU). Members are JSON scalars: safe to share.
@functools.lru_cache(maxsize=100_000)
def decode(member: str):
    return json.loads(member)


def computed_rows(indicator: Indicator, as_of: datetime.datetime) -> dict[tuple, tuple]:
    """{(dimension, member): (value, key)} of one indicator at `as_of`: its total and its breakdown by each
    of its dimensions, live (the facts are never computed from facts)."""
    out = {}
    for dimension in ("", *indicator.paths):
        rows = indicator.rows(as_of=as_of, by=[dimension] if dimension else [], keys=True, live=True)
        for row in rows:
            member = encode(row[dimension]) if dimension else ""
            value = row["value"]
            key = row.get("_key")
            out[(dimension, member)] = (
                None if value is None else float(value),
                None if key is None else int(key),
            )
    return out


def _stored(day: datetime.date, codes: Iterable[str]) -> dict[tuple, tuple]:
    rows = IndicatorFact.objects.current().filter(day=day, indicator__in=list(codes))
    return {
        (r.indicator, r.dimension, r.member): (r.value, r.key, r.pk)
        for r in rows.only("pk", "indicator", "dimension", "member", "value", "key")
    }


@transaction.atomic
def write_day(day: datetime.date, codes: Iterable[str], *, as_of: datetime.datetime, now: datetime.datetime) -> int:
    """Recompute `codes` on `day` as of `as_of`; write a new version of each fact whose value or key changed
    and close the versions of the rows that no longer exist. Returns the number of versions written."""
    codes = sorted(codes)
    indicators = catalogue()
    fresh = {}
    with occupancy_memo():
        for code in codes:
            for (dimension, member), found in computed_rows(indicators[code], as_of).items():
                fresh[(code, dimension, member)] = found
    stored = _stored(day, codes)
    replaced = [pk for k, (value, key, pk) in stored.items() if fresh.get(k) != (value, key)]
    for start in range(0, len(replaced), BATCH):
        IndicatorFact.objects.filter(pk__in=replaced[start : start + BATCH]).update(superseded_at=now)
    new = [
        IndicatorFact(indicator=code, day=day, dimension=dim, member=member, value=value, key=key, recorded_at=now)
        for (code, dim, member), (value, key) in fresh.items()
        if (code, dim, member) not in stored or stored[(code, dim, member)][:2] != (value, key)
    ]
    IndicatorFact.objects.bulk_create(new, batch_size=BATCH)
    # The indicators computed that day so far: all (None) once every one of them has been.
    before = list(FactDay.objects.filter(day=day).values_list("partial", flat=True))
    computed = set(codes) | set(before[0] or indicators if before else ())
    partial = None if computed >= set(indicators) else sorted(computed)
    FactDay.objects.update_or_create(day=day, defaults={"as_of": as_of, "refreshed_at": now, "partial": partial})
    # This process's published universes of the day would be stale (others see the new `refreshed_at`).
    fact_memo.forget()
    return len(new)


def window(today: datetime.date) -> list[datetime.date]:
    """The days kept filled: the last RELAIS_FACTS_DAYS days, and the days today's dashboards compare with
    (the start of each period of the filter bar)."""
    recent = {today - datetime.timedelta(days=n) for n in range(settings.RELAIS_FACTS_DAYS)}
    compared = {months_before(today, months) for months in PERIODS}
    return sorted(recent | compared | set(dashboard_days(today)) | set(series_days(today)))


def read_days(today: datetime.date, months: int = DEFAULT_MONTHS) -> list[datetime.date]:
    """Every day today's dashboards read over a period of `months` (by default theirs): their figures,
    comparisons and monthly tables."""
    return sorted(set(dashboard_days(today, months)) | set(series_days(today, months)))


def published_days(today: datetime.date) -> list[datetime.date]:
    """The days the comité reads by default and those its situation report and the open-data files read
    (24 months: `snapshot.REPORT_MONTHS`, `opendata.MONTHS`): what a national installation fills first
    (`refresh_facts --jours-lus`)."""
    return sorted(set(read_days(today)) | set(read_days(today, OPEN_DATA_MONTHS)))


def series_days(today: datetime.date, months: int = DEFAULT_MONTHS) -> list[datetime.date]:
    """The days the month-by-month tables of today's dashboards read over their period: the end of each
    month (persons housed, referrals) and the first of each month (the sites' headcount)."""
    since = months_before(today, months)
    return sorted(set(month_ends(today, months)) | set(month_starts(since.replace(day=1), today)))


def dashboard_days(today: datetime.date, months: int = DEFAULT_MONTHS) -> list[datetime.date]:
    """The days a dashboard of today reads: today, the start of its period, and the end of the month before
    each (de-duplicated counts are published as of then: publication._coarse; the comparison too)."""
    since = months_before(today, months)
    return [today, since, *(day.replace(day=1) - datetime.timedelta(days=1) for day in (today, since))]


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def plan(*, now: datetime.datetime, days: Iterable[datetime.date] = (), changes=(), fill_window=True) -> dict:
    """Which indicators to recompute on which day: {day: {code…}}."""
    today = timezone.localdate(now)
    codes = set(catalogue())
    filled, partial = {}, set()
    for day, as_of, computed in FactDay.objects.values_list("day", "as_of", "partial"):
        filled[day] = as_of
        if computed is not None:
            partial.add(day)
    work = defaultdict(set)
    kept = set(window(today)) if fill_window else set()
    for day in kept | set(days):
        # Not filled yet, asked for, taken before the day ended (today, and yesterday after midnight), or
        # kept but filled only in part (first fill).
        if day not in filled or day in days or filled[day] < _as_of(day, now) or (day in kept and day in partial):
            work[day] |= codes
    known = sorted(set(filled) | kept | set(days))
    for area, since in changes:
        touched = [c for c, ind in catalogue().items() if area in areas_of(ind)]
        for day in known:
            if since is None or day >= since:
                work[day].update(touched)
    return {day: work[day] for day in sorted(work) if day <= today}


def _as_of(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    return min(end, now)


def refresh(
    *,
    now: datetime.datetime | None = None,
    days: Iterable[datetime.date] = (),
    fill_window=True,
    log=None,
    only: Iterable[str] | None = None,
) -> dict:
    """Apply the journal, recompute `days` and fill the window (unless not `fill_window`: the demo's seed
    and the tests fill only what they read); `only`: these indicators only (the first fill at national
    scale: the days record it, the others are read from history). Returns what was done."""
    now = now or timezone.now()
    last = FactChange.objects.aggregate(last=Max("pk"))["last"] or 0
    changes = list(FactChange.objects.filter(pk__lte=last).values_list("area", "day"))
    work = plan(now=now, days=set(days), changes=changes, fill_window=fill_window)
    if only is not None:
        work = {day: codes & set(only) for day, codes in work.items()}
    written = 0
    for day, codes in work.items():
        count = write_day(day, codes, as_of=_as_of(day, now), now=now)
        written += count
        if log:
            log(f"{day.isoformat()} : {len(codes)} indicateurs recalculés, {count} faits écrits")
    FactChange.objects.filter(pk__lte=last).delete()
    return {"days": len(work), "written": written, "changes": len(changes)}


def check(start: datetime.date, end: datetime.date, *, codes: Iterable[str] | None = None) -> list[str]:
    """Recompute the filled days between `start` and `end` from history; one line per fact that differs
    (none when the facts are true)."""
    indicators = catalogue()
    codes = sorted(codes or indicators)
    drift = []
    days = FactDay.objects.filter(day__range=(start, end)).order_by("day")
    for day, stored_as_of, partial in days.values_list("day", "as_of", "partial"):
        # In Paris time, as the dashboards ask (a period of 30 days before it counts in wall-clock days).
        as_of = timezone.localtime(stored_as_of)
        computed = codes if partial is None else [c for c in codes if c in partial]
        stored = {k: v[:2] for k, v in _stored(day, computed).items()}
        with occupancy_memo():
            fresh = {
                (code, dim, member): found
                for code in computed
                for (dim, member), found in computed_rows(indicators[code], as_of).items()
            }
        for key in sorted(set(stored) | set(fresh)):
            if stored.get(key) != fresh.get(key):
                code, dim, member = key
                drift.append(
                    f"{day.isoformat()} {code} {dim or 'total'} {member}: "
                    f"enregistré {stored.get(key)}, recalculé {fresh.get(key)}"
                )
    return drift
