"""Where the person-level indicators appear: dashboards, situation report, open data.

Coordination sees the detail as computed (it is in charge of the persons); an operator sees the
figures of its own structures; the comité's dashboard, hence the situation report, and open data
are published by the publisher of their audience (relais/indicators/publication.py).
"""

from django.utils import formats

from relais.indicators import opendata, registry
from relais.indicators.dashboards import EXTRA_FIGURES, EXTRA_TABLES, Builder, chart_bars
from relais.indicators.enums import Audience
from relais.indicators.publication import shown
from relais.indicators.published_totals import published_totals
from relais.indicators.registry import end_of
from relais.indicators.suppression import LEGEND, PERTURBED

HOUSING_COLUMNS = ["persons_housed", "nights_provided", "exits"]
REFERRAL_COLUMNS = [
    "referrals_sent",
    "referrals_accepted",
    "referrals_declined",
    "referrals_expired",
    "referrals_pending",
    "referral_wait_acknowledged",
    "referral_wait_admitted",
]
# Outside the organisations in charge, the waiting times are given for the whole, not per kind of place.
PUBLISHED_REFERRAL_COLUMNS = ["referrals_sent", "referrals_accepted", "referrals_declined", "referrals_expired"]


def _housing_by_kind(b: Builder) -> dict:
    return b.breakdown(
        "personnes-par-type", "Personnes hébergées, nuitées et sorties par type de structure", HOUSING_COLUMNS, "kind"
    )


def _referrals_by_kind(b: Builder, columns) -> dict:
    return b.breakdown("orientations-par-type", "Orientations par type de place demandé", columns, "kind")


def _exits_by_destination(b: Builder) -> dict:
    return b.breakdown("sorties-par-destination", "Sorties par destination", ["exits"], "exit_destination")


def _declines_by_reason(b: Builder) -> dict:
    return b.breakdown("refus-par-motif", "Orientations refusées par motif", ["referrals_declined"], "reason")


def _steps_by_kind(b: Builder) -> dict:
    return b.breakdown(
        "parcours-par-etape", "Étapes de parcours par type (dont réponse psychiatrique)", ["pathway_steps"], "step_kind"
    )


MONTHLY_COLUMNS = ["persons_housed", "referrals_sent"]


def monthly(b: Builder, filters, columns=MONTHLY_COLUMNS) -> dict:
    """One row per month of the filters' period (its last day, or the observation date for the current
    month), one column per indicator taken as of that day: one query per month and indicator, or, for the
    published totals already computed from the same facts, one query for all (`published_totals`)."""
    days = opendata.month_ends(filters.day, filters.months)
    labels = [formats.date_format(day, "j F Y") for day in days]
    indicators = [registry.get(code) for code in columns]
    grid, numbers, legend = [[] for _ in days], [], {}
    for indicator in indicators:
        # The current month at the dashboard's own moment (today's: that of the last refresh of the facts).
        moments = [b.as_of if day == filters.day else end_of(day) for day in days]
        cells = published_totals(b.publisher, indicator, moments, b.where)
        for cell in cells:
            if cell.hidden:
                legend[cell.mark] = LEGEND[cell.mark]
        if indicator.person_derived and not b.publisher.reads_exactly(indicator, b.where):
            legend[PERTURBED] = LEGEND[PERTURBED]
        numbers.append([c.value for c in cells])
        for index, cell in enumerate(cells):
            grid[index].append(shown(cell, indicator.unit))
    first = indicators[0]
    return {
        "id": "personnes-mois-par-mois",
        "title": "Personnes hébergées et orientations envoyées, mois par mois",
        "kind": "breakdown",
        "dimension_label": "Date",
        "columns": [{"code": i.code, "label": i.label, "unit": i.unit_label} for i in indicators],
        "rows": [{"label": label, "cells": cells} for label, cells in zip(labels, grid, strict=True)],
        "total": None,
        "chart": chart_bars(list(zip(labels, numbers[0], strict=True))),
        "chart_caption": f"{first.label} ({first.unit_label}) à la fin de chaque mois.",
        "legend": legend,
    }


def _coordination_figures(b: Builder, filters) -> list[dict]:
    return [
        b.figure("persons_housed"),
        b.figure("persons_distinct"),
        b.figure("referrals_pending"),
        b.figure("referral_wait_acknowledged"),
        b.figure("referral_wait_admitted"),
        b.figure("psychiatric_steps"),
    ]


def _comite_figures(b: Builder, filters) -> list[dict]:
    return [
        b.figure("persons_housed"),
        b.figure("persons_distinct"),
        b.figure("referrals_sent"),
        b.figure("referral_wait_admitted"),
    ]


def _operator_figures(b: Builder, filters) -> list[dict]:
    return [b.figure("persons_housed"), b.figure("referrals_pending"), b.figure("nights_provided")]


EXTRA_FIGURES[Audience.COORDINATION].append(_coordination_figures)
EXTRA_TABLES[Audience.COORDINATION] += [
    monthly,
    lambda b, filters: _housing_by_kind(b),
    lambda b, filters: b.breakdown(
        "personnes-par-structure", "Personnes hébergées et sorties par structure", HOUSING_COLUMNS, "structure"
    ),
    lambda b, filters: _referrals_by_kind(b, REFERRAL_COLUMNS),
    lambda b, filters: _declines_by_reason(b),
    lambda b, filters: _exits_by_destination(b),
    lambda b, filters: _steps_by_kind(b),
]

EXTRA_FIGURES[Audience.COMITE].append(_comite_figures)
EXTRA_TABLES[Audience.COMITE] += [
    monthly,
    lambda b, filters: _housing_by_kind(b),
    lambda b, filters: _referrals_by_kind(b, PUBLISHED_REFERRAL_COLUMNS),
    lambda b, filters: _exits_by_destination(b),
    lambda b, filters: _steps_by_kind(b),
]

EXTRA_FIGURES[Audience.OPERATEUR].append(_operator_figures)
EXTRA_TABLES[Audience.OPERATEUR] += [
    lambda b, filters: b.breakdown(
        "personnes-par-structure", "Personnes hébergées et sorties dans vos structures", HOUSING_COLUMNS, "structure"
    ),
    lambda b, filters: b.breakdown(
        "orientations-par-structure",
        "Orientations reçues par vos structures",
        ["referrals_sent", "referrals_accepted", "referrals_declined", "referrals_expired", "referrals_pending"],
        "structure",
    ),
    lambda b, filters: _exits_by_destination(b),
]

PEOPLE_DATASETS = [
    opendata.Dataset(
        "personnes-hebergees",
        "persons_housed",
        "Personnes hébergées par arrondissement et par mois (secret statistique)",
    ),
]
opendata.DATASETS += [d for d in PEOPLE_DATASETS if d.slug not in opendata.BY_SLUG]
opendata.BY_SLUG.update({d.slug: d for d in PEOPLE_DATASETS})


def communique_figures(b: Builder) -> list[dict]:
    """The person-level figures of the draft communiqué, published (`b` applies the disclosure rule)."""
    return [
        b.figure("persons_housed"),
        b.figure("persons_distinct"),
        b.figure("referrals_sent"),
        b.figure("referrals_accepted"),
        b.figure("referral_wait_admitted"),
    ]
