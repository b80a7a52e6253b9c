"""Where the person-level indicators appear: dashboards, situation report, open data.

Coordination sees the detail as computed (it is in charge of the persons); an operator sees the
figures of its own structures; the comité's dashboard, hence the situation report, and open data
are published through the disclosure function (« < 11 » and secondary suppression).
"""

from relais.indicators import opendata
from relais.indicators.dashboards import EXTRA_FIGURES, EXTRA_TABLES, Builder
from relais.indicators.enums import Audience

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


def published(builder: Builder) -> Builder:
    """The same dashboard's figures through the publication function."""
    return Builder(as_of=builder.as_of, where=builder.where, published=True, since=builder.since)


def _housing_by_kind(b: Builder) -> dict:
    return b.breakdown(
        "personnes-par-type", "Personnes hébergées, nuitées et sorties par type de structure", HOUSING_COLUMNS, "kind"
    )


def _referrals_by_kind(b: Builder, columns) -> dict:
    return b.breakdown("orientations-par-type", "Orientations par type de place demandé", columns, "kind")


def _exits_by_destination(b: Builder) -> dict:
    return b.breakdown("sorties-par-destination", "Sorties par destination", ["exits"], "destination")


def _declines_by_reason(b: Builder) -> dict:
    return b.breakdown("refus-par-motif", "Orientations refusées par motif", ["referrals_declined"], "reason")


def _steps_by_kind(b: Builder) -> dict:
    return b.breakdown(
        "parcours-par-etape", "Étapes de parcours par type (dont réponse psychiatrique)", ["pathway_steps"], "step_kind"
    )


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
    p = published(b)
    return [
        p.figure("persons_housed"),
        p.figure("persons_distinct"),
        p.figure("referrals_sent"),
        p.figure("referral_wait_admitted"),
    ]


def _operator_figures(b: Builder, filters) -> list[dict]:
    return [b.figure("persons_housed"), b.figure("referrals_pending"), b.figure("nights_provided")]


EXTRA_FIGURES[Audience.COORDINATION].append(_coordination_figures)
EXTRA_TABLES[Audience.COORDINATION] += [
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
    lambda b, filters: _housing_by_kind(published(b)),
    lambda b, filters: _referrals_by_kind(published(b), PUBLISHED_REFERRAL_COLUMNS),
    lambda b, filters: _exits_by_destination(published(b)),
    lambda b, filters: _steps_by_kind(published(b)),
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
