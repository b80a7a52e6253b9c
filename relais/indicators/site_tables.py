"""Dashboard tables of the sites, police action, evacuations, premises and plan governance.

Plugged into `dashboards.EXTRA_TABLES` (and so into the comité's frozen situation report). Events are
counted over the dashboard's period (from `builder.since` to its date), headcounts as of its date.
Every table goes through its builder's publisher: the comité and the police read published figures.
"""

import datetime

from django.utils import formats

from relais.indicators import registry
from relais.indicators.dashboards import EXTRA_TABLES, Builder, Filters, chart_bars, months_before
from relais.indicators.enums import Audience, Unit
from relais.indicators.publication import Cell, shown
from relais.indicators.registry import end_of
from relais.indicators.sites import OPERATION_FIGURE_CODES, WINDOW_DAYS, headcounts, windowed
from relais.sites.enums import Destination
from relais.sites.models import Site
from relais.structures.capacity import month_starts


def _since(builder: Builder, filters: Filters) -> datetime.date:
    return builder.since or months_before(filters.day, filters.months)


def _period(builder, filters) -> str:
    return f"du {formats.date_format(_since(builder, filters), 'j F Y')} au {formats.date_format(filters.day, 'j F Y')}"


def _w(codes, builder, filters):
    since = _since(builder, filters)
    return [windowed(code, since) for code in codes]


def sites_situation(builder: Builder, filters: Filters) -> dict:
    codes = [
        "site_headcount_low",
        "site_headcount_high",
        *_w(["onsite_acts", "security_operations", "evacuated_people"], builder, filters),
    ]
    return builder.breakdown(
        "sites-situation",
        f"Situation des sites : dernière estimation des présents, actes, opérations et évacuations {_period(builder, filters)}",
        codes,
        "site",
        skip_none=True,
    )


def sites_by_arrondissement(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "sites-par-arrondissement",
        "Sites actifs et personnes présentes (dernière estimation) par arrondissement",
        ["sites_active", "site_headcount_low", "site_headcount_high"],
        "arrondissement",
    )


def headcount_trend(builder: Builder, filters: Filters) -> dict:
    """The sites' headcount on the first of each month of the period, by day and by night (one query a month)."""
    day = filters.day
    days = [d for d in month_starts(_since(builder, filters).replace(day=1), day) if d <= day]
    if not days or days[-1] != day:
        days.append(day)
    columns = [
        ("day", "low", "Jour, estimation basse"),
        ("day", "high", "Jour, estimation haute"),
        ("night", "low", "Nuit, estimation basse"),
        ("night", "high", "Nuit, estimation haute"),
    ]
    rows, chart_items = [], []
    indicators = {bound: registry.get(f"site_headcount_{bound}") for bound in ("low", "high")}
    for moment in days:
        as_of = builder.as_of if moment == day else end_of(moment)  # today: the dashboard's own moment
        values = {
            bound: {
                r["day_period"]: r["cell"]
                for r in builder.publisher.rows(indicator, as_of=as_of, by=["day_period"], where=builder.where)
            }
            for bound, indicator in indicators.items()
        }
        cells = [shown(values[bound].get(period, Cell(0)), Unit.PERSONS) for period, bound, _ in columns]
        label = formats.date_format(moment, "j F Y")
        rows.append({"label": label, "cells": cells})
        highs = [values["high"].get(p, Cell(0)) for p in ("day", "night")]
        chart_items.append((label, None if any(c.hidden for c in highs) else max(c.value or 0 for c in highs)))
    return {
        "id": "sites-tendance",
        "title": "Évolution des personnes présentes sur les sites, de jour et de nuit (début de chaque mois)",
        "kind": "series",
        "dimension_label": "Date",
        "columns": [
            {"code": f"site_headcount_{bound}", "label": label, "unit": "personnes"} for _, bound, label in columns
        ],
        "rows": rows,
        "total": None,
        "chart": chart_bars(chart_items),
        "chart_caption": "Estimation haute la plus forte du jour ou de la nuit, tous sites actifs (personnes).",
        "legend": {},
    }


def acts_by_type(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "actes-par-type",
        f"Actes réalisés sur les sites par type, {_period(builder, filters)}",
        _w(["onsite_acts"], builder, filters),
        "act_type",
    )


def acts_by_organization(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "actes-par-organisation",
        f"Actes réalisés sur les sites par organisation, {_period(builder, filters)}",
        _w(["onsite_acts"], builder, filters),
        "organization",
    )


def operations_by_kind(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "operations-par-type",
        f"Opérations de sécurité par type, {_period(builder, filters)}",
        _w(["security_operations", *OPERATION_FIGURE_CODES], builder, filters),
        "operation_kind",
    )


def operations_by_site(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "operations-par-site",
        f"Opérations de sécurité par site, {_period(builder, filters)}",
        _w(["security_operations", *OPERATION_FIGURE_CODES], builder, filters),
        "site",
    )


def evacuations(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "evacuations",
        f"Personnes évacuées ou mises à l'abri par destination, {_period(builder, filters)}",
        _w(["evacuated_people"], builder, filters),
        "destination",
    )


def premises_pipeline(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "locaux",
        "Locaux proposés : propositions par étape et avis de l'État en retard",
        ["premises_proposals", "premises_capacity", "premises_reviews_overdue"],
        "stage",
    )


def measures_by_status(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown("mesures", "Mesures par statut", ["measures"], "status")


def late_by_organization(builder: Builder, filters: Filters) -> dict:
    return builder.breakdown(
        "retards",
        "Mesures et actions en retard par organisation responsable",
        ["measures_late", "actions_open", "actions_late"],
        "organization",
    )


def police_operations(builder: Builder, filters: Filters) -> dict:
    # The operations in detail; arrests and custody are counts of persons, published like any other.
    return operations_by_kind(builder, filters)


def police_operations_by_site(builder: Builder, filters: Filters) -> dict:
    return operations_by_site(builder, filters)


def police_health_activity(builder: Builder, filters: Filters) -> dict:
    """Health activity outside the health organisations: published totals by type of act only."""
    table = acts_by_type(builder, filters)
    table["id"] = "activite-sanitaire"
    table["title"] = f"Activité sanitaire sur les sites (totaux publiés), {_period(builder, filters)}"
    return table


COMITE_TABLES = [
    sites_situation,
    headcount_trend,
    sites_by_arrondissement,
    acts_by_type,
    acts_by_organization,
    operations_by_kind,
    evacuations,
    premises_pipeline,
    measures_by_status,
    late_by_organization,
]
POLICE_TABLES = [police_operations, police_operations_by_site, police_health_activity, sites_by_arrondissement]


def plug() -> None:
    """Add the tables to the dashboards (once, whatever the number of calls)."""
    for audience, tables in (
        (Audience.COMITE, COMITE_TABLES),
        (Audience.COORDINATION, COMITE_TABLES),
        (Audience.POLICE, POLICE_TABLES),
    ):
        for table in tables:
            if table not in EXTRA_TABLES[audience]:
                EXTRA_TABLES[audience].append(table)


def site_figures(builder: Builder) -> list[dict]:
    """The sites' figures of the draft communiqué (through the publication function when `builder.published`):
    active sites, the headcount of the most crowded one, operations and people taken to a rest space
    over the last WINDOW_DAYS days."""
    figures = [builder.figure("sites_active")]
    main = max(headcounts(builder.as_of, by=["site"]), key=lambda row: (row["high"] or 0, -row["site"]), default=None)
    if main is not None:
        name = Site.objects.get(pk=main["site"]).name
        for bound, text in (("low", "estimation basse"), ("high", "estimation haute")):
            figure = builder.figure(
                f"site_headcount_{bound}",
                where={"site": main["site"]},
                figure_id=f"main_site_headcount_{bound}",
                title=f"Personnes présentes sur le site {name} ({text})",
            )
            figures.append({**figure, "site": name, "site_id": main["site"]})
    figures += [
        builder.figure(
            "security_operations",
            figure_id="security_operations_window",
            title=f"Opérations de sécurité sur les sites ({WINDOW_DAYS} derniers jours)",
        ),
        builder.figure(
            "evacuated_people",
            where={"destination": Destination.REST_SPACE},
            figure_id="evacuated_rest_space",
            title=f"Personnes conduites vers un espace de repos lors des évacuations ({WINDOW_DAYS} derniers jours)",
        ),
    ]
    return figures
