"""A site over time: headcounts, health activity, police operations, displacements and lifecycle,
aggregated in SQL by day, week or month depending on the length of the period."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, Max, Min, Prefetch, Sum, Value, When
from django.db.models.functions import Trunc
from django.utils import timezone

from relais.sites.enums import ActType, DayPeriod, Destination, OperationCount, SiteStatus
from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
    SiteStatusChange,
)

ERROR_PERIOD_DATES = "Les dates de la période sont invalides : la période affichée est celle par défaut."
ERROR_PERIOD_ORDER = "La fin de la période précède son début : la période affichée est celle par défaut."
EARLIEST = datetime.date(2015, 1, 1)
MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
OPERATION_LIST_LIMIT = 100
# Destinations in the order of the enum (where people went first, refusals and unknown last).
DESTINATION_ORDER = Case(
    *[When(destination=value, then=Value(index)) for index, value in enumerate(Destination.values)],
    default=Value(len(Destination.values)),
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def granularity(self) -> str:
        span = (self.end - self.start).days
        if span <= 62:
            return "day"
        if span <= 731:
            return "week"
        return "month"

    @property
    def granularity_label(self) -> str:
        return {"day": "jour", "week": "semaine", "month": "mois"}[self.granularity]


def bucket_of(day: datetime.date, granularity: str) -> datetime.date:
    if granularity == "week":
        return day - datetime.timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def _next_bucket(start: datetime.date, granularity: str) -> datetime.date:
    if granularity == "day":
        return start + datetime.timedelta(days=1)
    if granularity == "week":
        return start + datetime.timedelta(days=7)
    return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def bucket_label(start: datetime.date, granularity: str) -> str:
    if granularity == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if granularity == "week":
        return f"sem. du {start:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}"


def default_period(site: Site, today: datetime.date | None = None) -> Period:
    """The site's whole known life: from its first status (or a year back) to today, or to a
    fortnight after it was dismantled."""
    today = today or timezone.localdate()
    changes = list(
        SiteStatusChange.objects.filter(site=site).order_by("effective_on", "pk").values_list("effective_on", "status")
    )
    start = changes[0][0] if changes else today - datetime.timedelta(days=365)
    end = today
    if changes and changes[-1][1] == SiteStatus.DISMANTLED:
        end = min(today, changes[-1][0] + datetime.timedelta(days=14))
    return Period(max(start, EARLIEST), max(end, start))


def period_from_query(params, site: Site, today: datetime.date | None = None) -> tuple[Period, str | None]:
    """`du` and `au` (ISO dates) from the query string; bad input falls back to the default."""
    today = today or timezone.localdate()
    default = default_period(site, today)
    raw_start, raw_end = params.get("du", ""), params.get("au", "")
    if not raw_start and not raw_end:
        return default, None
    try:
        start = datetime.date.fromisoformat(raw_start) if raw_start else default.start
        end = datetime.date.fromisoformat(raw_end) if raw_end else min(today, default.end)
    except ValueError:
        return default, ERROR_PERIOD_DATES
    end = min(end, today)
    if end < start:
        return default, ERROR_PERIOD_ORDER
    return Period(max(start, EARLIEST), end), None


@dataclass
class Timeline:
    period: Period
    rows: list[dict]
    totals: dict
    status_changes: list
    displacements: list
    operations: list = field(default_factory=list)
    activity_by_organization: list = field(default_factory=list)


def _bucket(field_name: str, granularity: str):
    return Trunc(field_name, granularity, output_field=DateField())


def site_timeline(site: Site, period: Period, *, health_detail: bool, security_detail: bool) -> Timeline:
    g = period.granularity
    buckets = []
    start = bucket_of(period.start, g)
    while start <= period.end:
        buckets.append(start)
        start = _next_bucket(start, g)
    rows = {
        b: {
            "start": b,
            "label": bucket_label(b, g),
            "day": None,
            "night": None,
            "observations": 0,
            "acts": dict.fromkeys(ActType.values, 0),
            "acts_total": 0,
            "operations": 0,
            **dict.fromkeys(OperationCount.values, 0),
            "displaced": 0,
            "events": [],
        }
        for b in buckets
    }

    observations = (
        SiteObservation.objects.filter(
            site=site, observed_at__date__gte=period.start, observed_at__date__lte=period.end
        )
        .annotate(bucket=_bucket("observed_at", g))
        .values("bucket", "period")
        .annotate(low=Min("headcount_min"), high=Max("headcount_max"), n=Count("pk"))
        .order_by()
    )
    for obs in observations:
        row = rows.get(obs["bucket"])
        if row is None:
            continue
        key = "day" if obs["period"] == DayPeriod.DAY else "night"
        row[key] = {"low": obs["low"], "high": obs["high"]}
        row["observations"] += obs["n"]

    activity = (
        OnSiteActivity.objects.filter(site=site, day__gte=period.start, day__lte=period.end)
        .annotate(bucket=_bucket("day", g))
        .values("bucket")
        .annotate(**{act: Sum(act) for act in ActType.values})
        .order_by()
    )
    for act_row in activity:
        row = rows.get(act_row["bucket"])
        if row is None:
            continue
        row["acts"] = {act: act_row[act] or 0 for act in ActType.values}
        row["acts_total"] = sum(row["acts"].values())

    operations = (
        SecurityOperation.objects.filter(site=site, day__gte=period.start, day__lte=period.end)
        .annotate(bucket=_bucket("day", g))
        .values("bucket")
        .annotate(n=Count("pk"), **{name: Sum(name) for name in OperationCount.values})
        .order_by()
    )
    for op_row in operations:
        row = rows.get(op_row["bucket"])
        if row is None:
            continue
        row["operations"] = op_row["n"]
        for name in OperationCount.values:
            row[name] = op_row[name] or 0

    displacements = list(
        Displacement.objects.filter(site=site, day__gte=period.start, day__lte=period.end)
        .annotate(people=Sum("destinations__people"))
        .prefetch_related(
            Prefetch(
                "destinations",
                queryset=DisplacementDestination.objects.select_related("structure").order_by(DESTINATION_ORDER, "pk"),
            ),
            "reappeared_at",
        )
        .order_by("day", "pk")
    )
    for displacement in displacements:
        row = rows.get(bucket_of(displacement.day, g))
        if row is not None:
            row["displaced"] += displacement.people or 0
            row["events"].append(f"{displacement.get_kind_display()} : {displacement.people or 0} personne(s)")

    status_changes = list(SiteStatusChange.objects.filter(site=site).order_by("effective_on", "pk"))
    for change in status_changes:
        row = rows.get(bucket_of(change.effective_on, g))
        if row is not None and period.start <= change.effective_on <= period.end:
            row["events"].append(f"Statut : {change.get_status_display()}")

    ordered = [rows[b] for b in buckets]
    totals = {
        "observations": sum(r["observations"] for r in ordered),
        "peak_day": max((r["day"]["high"] for r in ordered if r["day"]), default=None),
        "peak_night": max((r["night"]["high"] for r in ordered if r["night"]), default=None),
        "acts": {act: sum(r["acts"][act] for r in ordered) for act in ActType.values},
        "acts_total": sum(r["acts_total"] for r in ordered),
        "operations": sum(r["operations"] for r in ordered),
        **{name: sum(r[name] for r in ordered) for name in OperationCount.values},
        "displaced": sum(r["displaced"] for r in ordered),
    }
    timeline = Timeline(
        period=period, rows=ordered, totals=totals, status_changes=status_changes, displacements=displacements
    )
    if security_detail:
        timeline.operations = list(
            SecurityOperation.objects.filter(site=site, day__gte=period.start, day__lte=period.end)
            .select_related("organization")
            .order_by("-day", "-pk")[:OPERATION_LIST_LIMIT]
        )
    if health_detail:
        timeline.activity_by_organization = list(
            OnSiteActivity.objects.filter(site=site, day__gte=period.start, day__lte=period.end)
            .values("organization__name")
            .annotate(days=Count("pk"), **{act: Sum(act) for act in ActType.values})
            .order_by("organization__name")
        )
    return timeline
