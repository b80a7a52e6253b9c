"""Indicators of the consumption sites and public space: headcounts, on-site acts, police operations, evacuations.

Headcounts are taken as of a moment: the last estimate known then, on the sites active that day.
Events (acts, operations, people evacuated) are counted over a period ending at the moment: the
`WINDOW_DAYS` days up to it by default, or from any start with `windowed(code, since)`: the same
computation, so that a dashboard's period, a measure's target and the open data agree.
"""

import dataclasses
import datetime
import functools

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from relais.indicators.dimensions import EXTRA_LABELS
from relais.indicators.enums import Dimension, Unit
from relais.indicators.registry import Indicator, get, grouped, indicator
from relais.sites.enums import ActType, DayPeriod, Destination, DisplacementKind, OperationCount, OperationKind
from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
)

WINDOW_DAYS = 30
WINDOW_TEXT = (
    "Sur la période qui se termine à la date d'observation (les 30 jours qui la précèdent, "
    "ou la période choisie sur un tableau de bord)."
)

SITE = {"site": "pk", "arrondissement": "cog"}
ON_SITE = {"site": "site_id", "arrondissement": "site__cog"}
OBSERVATION = {**ON_SITE, "day_period": "period"}
# `act_type` is not a column: the acts are the fields of OnSiteActivity (see onsite_acts).
ACTIVITY = {**ON_SITE, "organization": "organization_id", "act_type": "act_type"}
OPERATION = {**ON_SITE, "organization": "organization_id", "operation_kind": "kind"}
EVACUATION = {
    "site": "displacement__site_id",
    "arrondissement": "displacement__site__cog",
    "organization": "displacement__organization_id",
    "displacement_kind": "displacement__kind",
    "destination": "destination",
}
# The indicators counted over a period, which `windowed` can restrict to another start.
WINDOWED: set[str] = set()


def _day(as_of: datetime.datetime) -> datetime.date:
    return timezone.localdate(as_of)


def window(as_of: datetime.datetime, since: datetime.date | None, field: str = "day") -> Q:
    """Days from `since` (by default the WINDOW_DAYS days up to `as_of`) to the day of `as_of`, inclusive."""
    day = _day(as_of)
    start = since or day - datetime.timedelta(days=WINDOW_DAYS - 1)
    return Q(**{f"{field}__gte": start, f"{field}__lte": day})


def window_start(as_of: datetime.datetime, since: datetime.date | None = None) -> datetime.date:
    return since or _day(as_of) - datetime.timedelta(days=WINDOW_DAYS - 1)


def windowed(code: str, since: datetime.date | None) -> Indicator:
    """The indicator `code` counted from `since` (same definition, same SQL, another start)."""
    base = get(code)
    if code not in WINDOWED or since is None:
        return base
    return dataclasses.replace(base, compute=functools.partial(base.compute, since=since))


def active_sites(day: datetime.date):
    return Site.objects.filter(pk__in=Site.objects.active(day).values("pk"))


def latest_observations(as_of: datetime.datetime, *, per_period: bool):
    """The last estimate of each active site known at `as_of` (of each site and moment if `per_period`).

    Looked up from the sites (one small subquery per active site), not from every observation."""

    def last(period=None):
        observations = SiteObservation.objects.filter(site=OuterRef("pk"), observed_at__lte=as_of)
        if period is not None:
            observations = observations.filter(period=period)
        return Subquery(observations.order_by("-observed_at", "-pk").values("pk")[:1])

    sites = Site.objects.active(_day(as_of))
    if not per_period:
        return SiteObservation.objects.filter(pk__in=sites.annotate(last=last()).values("last"))
    latest = Q()
    for period in DayPeriod.values:
        latest |= Q(pk__in=sites.annotate(last=last(period)).values("last"))
    return SiteObservation.objects.filter(latest)


def headcounts(as_of: datetime.datetime, by=(), where=None) -> list[dict]:
    """Low and high estimates together (`low`, `high`), in one query: the two headcount indicators use it."""
    where = dict(where or {})
    per_period = "day_period" in by or "day_period" in where
    return grouped(
        latest_observations(as_of, per_period=per_period),
        OBSERVATION,
        tuple(by),
        where,
        low=Sum("headcount_min"),
        high=Sum("headcount_max"),
    )


@indicator(
    code="sites_active",
    label="Sites de consommation actifs",
    definition=(
        "Nombre de sites de consommation dont le dernier statut en vigueur à la date d'observation est "
        "« apparu », « toléré » ou « assigné par décision » (les sites démantelés ne comptent plus)."
    ),
    unit=Unit.SITES,
    paths=SITE,
    person_derived=False,
    source="Sites : changements de statut datés",
)
def sites_active(*, as_of, by, where):
    return grouped(active_sites(_day(as_of)), SITE, by, where, value=Count("pk"))


HEADCOUNT_DEFINITION = (
    "Somme, sur les sites actifs à la date d'observation, de l'estimation {bound} de la dernière observation "
    "de chaque site connue à cette date (de chaque site et de chaque moment, de jour ou de nuit, quand "
    "l'indicateur est ventilé par moment). C'est un décompte de personnes : il est soumis au secret "
    "statistique hors des organisations en charge."
)


@indicator(
    code="site_headcount_low",
    label="Personnes présentes sur les sites (estimation basse)",
    definition=HEADCOUNT_DEFINITION.format(bound="basse"),
    unit=Unit.PERSONS,
    paths=OBSERVATION,
    person_derived=True,
    source="Sites : observations datées des équipes (maraudes, police, soignants)",
)
def site_headcount_low(*, as_of, by, where):
    return [{**row, "value": row["low"]} for row in _strip(headcounts(as_of, by, where), "high")]


@indicator(
    code="site_headcount_high",
    label="Personnes présentes sur les sites (estimation haute)",
    definition=HEADCOUNT_DEFINITION.format(bound="haute"),
    unit=Unit.PERSONS,
    paths=OBSERVATION,
    person_derived=True,
    source="Sites : observations datées des équipes (maraudes, police, soignants)",
)
def site_headcount_high(*, as_of, by, where):
    return [{**row, "value": row["high"]} for row in _strip(headcounts(as_of, by, where), "low")]


def _strip(rows, *keys):
    return [{k: v for k, v in row.items() if k not in keys} for row in rows]


def _windowed(compute):
    WINDOWED.add(compute.__name__)
    return compute


@indicator(
    code="onsite_acts",
    label="Actes réalisés sur les sites",
    definition=(
        "Nombre d'actes (premiers secours, soins infirmiers, consultations, kits et matériel de réduction des "
        "risques, orientations, appels aux secours) déclarés par les équipes sur les sites. " + WINDOW_TEXT
    ),
    unit=Unit.ACTS,
    paths=ACTIVITY,
    person_derived=True,
    source="Sites : activité quotidienne déclarée par organisation",
)
@_windowed
def onsite_acts(*, as_of, by, where, since=None):
    acts = [a for a in ActType.values if "act_type" not in where or a == where["act_type"]]
    other_by = tuple(d for d in by if d != "act_type")
    other_where = {k: v for k, v in where.items() if k != "act_type"}
    activities = OnSiteActivity.objects.filter(window(as_of, since))
    rows = grouped(activities, ACTIVITY, other_by, other_where, **{a: Sum(a) for a in acts})
    if "act_type" not in by:
        return [{**{d: r[d] for d in other_by}, "value": sum(r[a] or 0 for a in acts), "_key": r["_key"]} for r in rows]
    out = [
        {**{d: r[d] for d in other_by}, "act_type": a, "value": r[a] or 0, "_key": r["_key"]}
        for r in rows
        for a in acts
    ]
    return [
        {**{d: row[d] for d in by}, "value": row["value"], "_key": row["_key"]}
        for row in out
        if row["value"] or not other_by
    ]


@indicator(
    code="security_operations",
    label="Opérations de sécurité",
    definition="Nombre d'opérations de police enregistrées sur les sites. " + WINDOW_TEXT,
    unit=Unit.OPERATIONS,
    paths=OPERATION,
    person_derived=False,
    source="Sites : opérations de sécurité (préfecture de police), en agrégé",
)
@_windowed
def security_operations(*, as_of, by, where, since=None):
    operations = SecurityOperation.objects.filter(window(as_of, since))
    return grouped(operations, OPERATION, by, where, value=Count("pk"))


# Counted figures of the operations: unit, and whether they count people (arrests, custody).
OPERATION_FIGURES = {
    OperationCount.ARRESTS: (Unit.PERSONS, True),
    OperationCount.CUSTODY: (Unit.PERSONS, True),
    OperationCount.SEIZURE_GRAMS: (Unit.GRAMS, False),
    OperationCount.SEIZURE_EUROS: (Unit.EUROS, False),
    OperationCount.KITCHENS_DISMANTLED: (Unit.COUNT, False),
    OperationCount.OFFICERS_ENGAGED: (Unit.OFFICERS, False),
}


def _register_operation_figure(field: str, label: str, unit: str, person_derived: bool):
    def compute(*, as_of, by, where, since=None):
        operations = SecurityOperation.objects.filter(window(as_of, since))
        return grouped(operations, OPERATION, by, where, value=Sum(field))

    compute.__name__ = f"operation_{field}"
    indicator(
        code=f"operation_{field}",
        label=f"{label} lors des opérations de sécurité",
        definition=(
            f"Somme des « {label.lower()} » déclarées pour les opérations de police sur les sites"
            + (
                " (décompte de personnes, soumis au secret statistique hors des organisations en charge)"
                if person_derived
                else ""
            )
            + ". "
            + WINDOW_TEXT
        ),
        unit=unit,
        paths=OPERATION,
        person_derived=person_derived,
        source="Sites : opérations de sécurité (préfecture de police), en agrégé",
    )(_windowed(compute))


for _field, (_unit, _person) in OPERATION_FIGURES.items():
    _register_operation_figure(_field.value, _field.label, _unit, _person)

OPERATION_FIGURE_CODES = [f"operation_{f.value}" for f in OPERATION_FIGURES]


@indicator(
    code="evacuated_people",
    label="Personnes évacuées ou mises à l'abri",
    definition=(
        "Nombre de personnes conduites vers une destination (espace de repos, hébergement, hôpital…) ou ayant "
        "refusé la prise en charge lors des évacuations et mises à l'abri des sites. C'est un décompte de "
        "personnes : il est soumis au secret statistique hors des organisations en charge. " + WINDOW_TEXT
    ),
    unit=Unit.PERSONS,
    paths=EVACUATION,
    person_derived=True,
    source="Sites : évacuations et mises à l'abri, destinations",
)
@_windowed
def evacuated_people(*, as_of, by, where, since=None):
    destinations = DisplacementDestination.objects.filter(window(as_of, since, "displacement__day"))
    return grouped(destinations, EVACUATION, by, where, value=Sum("people"))


@indicator(
    code="displacements",
    label="Évacuations et mises à l'abri",
    definition="Nombre d'évacuations et de mises à l'abri de sites enregistrées. " + WINDOW_TEXT,
    unit=Unit.OPERATIONS,
    paths={k: v.removeprefix("displacement__") for k, v in EVACUATION.items() if k != "destination"},
    person_derived=False,
    source="Sites : évacuations et mises à l'abri",
)
@_windowed
def displacements(*, as_of, by, where, since=None):
    paths = {k: v.removeprefix("displacement__") for k, v in EVACUATION.items() if k != "destination"}
    return grouped(Displacement.objects.filter(window(as_of, since)), paths, by, where, value=Count("pk"))


def _enum_labels(enum):
    return lambda values: {v: enum(v).label if v in enum.values else str(v) for v in values}


EXTRA_LABELS[Dimension.SITE] = lambda values: dict(Site.objects.filter(pk__in=values).values_list("pk", "name"))
EXTRA_LABELS[Dimension.DAY_PERIOD] = _enum_labels(DayPeriod)
EXTRA_LABELS[Dimension.ACT_TYPE] = _enum_labels(ActType)
EXTRA_LABELS[Dimension.OPERATION_KIND] = _enum_labels(OperationKind)
EXTRA_LABELS[Dimension.DISPLACEMENT_KIND] = _enum_labels(DisplacementKind)
EXTRA_LABELS[Dimension.DESTINATION] = _enum_labels(Destination)
