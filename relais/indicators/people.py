"""Person-level indicators: persons housed, nights, distinct persons, referrals, waiting times, exits, pathways.

Every figure is computed in SQL from the dated records, as of a moment: a stay counts from its
admission to its exit, a referral's status at a date is its last dated transition by then.
Figures "over a period" cover the `PERIOD_DAYS` days that end at the observation date. All of them
count persons (or their referrals, stays and steps): they are person-derived, and every output that
leaves the organisations in charge goes through `relais.indicators.publication`.
"""

import datetime
import statistics
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone

from relais.indicators.catalogue import structure_paths
from relais.indicators.enums import Disclosure, Unit
from relais.indicators.publication import THRESHOLD
from relais.indicators.registry import grouped, indicator, resolve
from relais.pathways.enums import StepKind, StepStatus
from relais.pathways.models import PathwayStep
from relais.people.models import Contact, Person
from relais.referrals.enums import PENDING, ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.stays.models import Stay

PERIOD_DAYS = 30
PERIOD_TEXT = f"au cours des {PERIOD_DAYS} jours qui précèdent la date d'observation"
# A median delay computed over fewer referrals than this is not given (too few to mean anything, and
# it would tell one person's wait): the same threshold as the disclosure rule.
MEDIAN_MIN_COUNT = THRESHOLD
PSYCHIATRIC_STEPS = (StepKind.PSY_ASSESSMENT, StepKind.PSY_HOSPITALISATION)

STAY = structure_paths("structure__")
# A referral goes to a structure or to a kind of place (`to_kind` is always set, the structure's kind).
REFERRAL = {**structure_paths("to_structure__"), "kind": "to_kind"}
TRANSITION = {**structure_paths("referral__to_structure__"), "kind": "referral__to_kind"}
EXIT = {**STAY, "exit_destination": "exit_destination"}
DECLINE = {**TRANSITION, "reason": "reason"}
STEP = {"step_kind": "kind", "organization": "organization_id"}


def period_start(as_of: datetime.datetime) -> datetime.datetime:
    """The start (excluded) of the period that ends at `as_of`."""
    return as_of - datetime.timedelta(days=PERIOD_DAYS)


def _in_period(field: str, as_of: datetime.datetime) -> Q:
    return Q(**{f"{field}__gt": period_start(as_of), f"{field}__lte": as_of})


def _open_stays(as_of: datetime.datetime):
    return Stay.objects.filter(Q(exited_at__isnull=True) | Q(exited_at__gt=as_of), admitted_at__lte=as_of)


@indicator(
    code="persons_housed",
    label="Personnes hébergées",
    definition=(
        "Nombre de personnes dont le séjour est en cours à la date d'observation (admises avant, pas encore "
        "sorties), d'après les admissions et sorties enregistrées dans Relais."
    ),
    unit=Unit.PERSONS,
    paths=STAY,
    person_derived=True,
    source="Séjours : dates d'admission et de sortie",
)
def persons_housed(*, as_of, by, where):
    return grouped(_open_stays(as_of), STAY, by, where, value=Count("person", distinct=True))


@indicator(
    code="nights_provided",
    label="Nuitées",
    definition=(
        f"Nombre de nuits passées dans les structures {PERIOD_TEXT} : pour chaque séjour, les nuits comprises "
        "entre le jour d'admission et le jour de sortie (ou la date d'observation s'il est en cours), "
        "dans la période (heure de Paris)."
    ),
    unit=Unit.NIGHTS,
    paths=STAY,
    person_derived=True,
    source="Séjours : dates d'admission et de sortie",
)
def nights_provided(*, as_of, by, where):
    tz = timezone.get_current_timezone()
    day = timezone.localdate(as_of)
    first = timezone.localdate(period_start(as_of))
    admitted_day = TruncDate("admitted_at", tzinfo=tz)
    exit_day = Case(
        When(exited_at__lte=as_of, then=TruncDate("exited_at", tzinfo=tz)),
        default=Value(day),
        output_field=DateField(),
    )
    stays = (
        Stay.objects.filter(admitted_at__lte=as_of)
        .filter(Q(exited_at__isnull=True) | Q(exited_at__gt=period_start(as_of)))
        .annotate(
            night_from=Greatest(admitted_day, Value(first), output_field=DateField()),
            night_to=exit_day,
        )
        .filter(night_to__gt=F("night_from"))
        .annotate(nights=ExpressionWrapper(F("night_to") - F("night_from"), output_field=DurationField()))
    )
    rows = grouped(stays, STAY, by, where, value=Sum("nights"))
    return [{**row, "value": row["value"].days if row["value"] is not None else 0} for row in rows]


def _person_key(prefix: str = ""):
    """The unduplicated identity of a record: the matching key of the person it was merged into (or its
    own), else the record's id when it has no key. Compared in SQL only, never shown."""
    own = Coalesce(NullIf(F(f"{prefix}matching_key"), Value("")), Cast(f"{prefix}id", CharField()))
    target = Coalesce(
        NullIf(F(f"{prefix}merged_into__matching_key"), Value("")), Cast(f"{prefix}merged_into_id", CharField())
    )
    return Case(When(**{f"{prefix}merged_into__isnull": False}, then=target), default=own, output_field=CharField())


@indicator(
    code="persons_distinct",
    label="Personnes distinctes suivies",
    definition=(
        f"Nombre de personnes différentes rencontrées, orientées, hébergées ou suivies {PERIOD_TEXT}, toutes "
        "associations confondues : une personne connue de plusieurs associations, ou dont les fiches ont été "
        "fusionnées, compte une fois (clé d'appariement chiffrée, sans partage d'identité)."
    ),
    unit=Unit.PERSONS,
    paths={},
    person_derived=True,
    # Whether it moves when one records a person tells whether that person is known elsewhere.
    disclosure=Disclosure.COORDINATION,
    source="Fiches personnes (clé d'appariement), rencontres, orientations, séjours, étapes de parcours",
)
def persons_distinct(*, as_of, by, where):
    persons = Person.objects.filter(pk__in=active_person_ids(as_of)).annotate(key=_person_key())
    # Published coarse, never perturbed: no record key (and a person's id is a UUID).
    return grouped(persons, {}, by, where, record=None, value=Count("key", distinct=True))


def active_person_ids(as_of: datetime.datetime):
    """The ids of the persons met, referred, housed or followed in the period: one set (a UNION of the four
    sources) that the database joins once. Before, each person was tried against four subqueries (`IN … OR
    IN …`), hashed only while the planner expects each to fit in `work_mem`; past that, one subquery was run
    again for every person: 20 minutes for one day at a million persons (1.6e9 in the plan's cost)."""
    start, day = period_start(as_of), timezone.localdate(as_of)
    first = timezone.localdate(start)
    sources = [
        Contact.objects.filter(_in_period("occurred_at", as_of), person__isnull=False),
        Referral.objects.filter(_in_period("sent_at", as_of)),
        Stay.objects.filter(Q(exited_at__isnull=True) | Q(exited_at__gt=start), admitted_at__lte=as_of),
        PathwayStep.objects.filter(on__gt=first, on__lte=day).exclude(status=StepStatus.CANCELLED),
    ]
    ids = [source.order_by().values("person_id") for source in sources]
    return ids[0].union(*ids[1:])


@indicator(
    code="referrals_sent",
    label="Orientations envoyées",
    definition=f"Nombre d'orientations envoyées {PERIOD_TEXT}, par type de place ou structure de destination.",
    unit=Unit.REFERRALS,
    paths=REFERRAL,
    person_derived=True,
    source="Orientations : date d'envoi",
)
def referrals_sent(*, as_of, by, where):
    referrals = Referral.objects.filter(_in_period("sent_at", as_of))
    return grouped(referrals, REFERRAL, by, where, value=Count("pk"))


def _transitions(status: str, as_of):
    return ReferralTransition.objects.filter(_in_period("at", as_of), status=status)


@indicator(
    code="referrals_accepted",
    label="Orientations acceptées",
    definition=f"Nombre d'orientations acceptées par la structure d'accueil {PERIOD_TEXT} (date de l'acceptation).",
    unit=Unit.REFERRALS,
    paths=TRANSITION,
    person_derived=True,
    source="Orientations : changements de statut datés",
)
def referrals_accepted(*, as_of, by, where):
    accepted = _transitions(ReferralStatus.ACCEPTED, as_of)
    return grouped(accepted, TRANSITION, by, where, value=Count("referral", distinct=True))


@indicator(
    code="referrals_declined",
    label="Orientations refusées",
    definition=f"Nombre d'orientations refusées {PERIOD_TEXT} (date du refus), ventilables par motif du refus.",
    unit=Unit.REFERRALS,
    paths=DECLINE,
    person_derived=True,
    source="Orientations : changements de statut datés et motifs de refus",
)
def referrals_declined(*, as_of, by, where):
    declined = _transitions(ReferralStatus.DECLINED, as_of)
    return grouped(declined, DECLINE, by, where, value=Count("referral", distinct=True))


@indicator(
    code="referrals_expired",
    label="Orientations expirées",
    definition=f"Nombre d'orientations restées sans réponse et expirées {PERIOD_TEXT} (date de l'expiration).",
    unit=Unit.REFERRALS,
    paths=TRANSITION,
    person_derived=True,
    source="Orientations : changements de statut datés",
)
def referrals_expired(*, as_of, by, where):
    expired = _transitions(ReferralStatus.EXPIRED, as_of)
    return grouped(expired, TRANSITION, by, where, value=Count("referral", distinct=True))


@indicator(
    code="referrals_pending",
    label="Orientations en attente de réponse",
    definition=(
        "Nombre d'orientations envoyées et pas encore acceptées, refusées, annulées ni expirées à la date "
        "d'observation : le statut de chacune est celui de son dernier changement daté connu à cette date."
    ),
    unit=Unit.REFERRALS,
    paths=REFERRAL,
    person_derived=True,
    source="Orientations : changements de statut datés",
)
def referrals_pending(*, as_of, by, where):
    last = ReferralTransition.objects.filter(referral=OuterRef("pk"), at__lte=as_of).order_by("-at", "-pk")
    referrals = (
        Referral.objects.filter(sent_at__lte=as_of)
        .annotate(status_then=Subquery(last.values("status")[:1]))
        .filter(status_then__in=sorted(PENDING))
    )
    return grouped(referrals, REFERRAL, by, where, value=Count("pk"))


class _Epoch(Func):
    """Seconds of a PostgreSQL interval."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class _Median(Aggregate):
    """PostgreSQL's ordered-set aggregate: the median is computed by the database."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_hours(referrals, paths: dict, by: tuple, where: dict, end: str) -> list[dict]:
    """Median of `end - sent_at` in hours per group, in one query; None under MEDIAN_MIN_COUNT referrals."""
    delay = ExpressionWrapper(F(end) - F("sent_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        rows = grouped(referrals, paths, by, where, value=_Median(_Epoch(delay)), n=Count("pk"))
        return [
            {**{d: row[d] for d in by}, "value": row["value"] / 3600 if row["n"] >= MEDIAN_MIN_COUNT else None}
            for row in rows
        ]
    # SQLite has no median aggregate: one query reads only the grouping values and the durations
    # (never a person), and the median of each group is taken in Python.
    referrals, column = resolve(referrals, paths, (*by, *where))
    referrals = referrals.filter(Q(**{column[d]: v for d, v in where.items()}))
    columns = [column[d] for d in by]
    delays = defaultdict(list)
    for *key, duration in referrals.order_by().annotate(delay=delay).values_list(*columns, "delay"):
        delays[tuple(key)].append(duration.total_seconds())
    if not by:
        delays.setdefault((), [])
    keys = sorted(delays, key=lambda k: tuple((v is not None, "" if v is None else str(v)) for v in k))
    return [
        {
            **dict(zip(by, key, strict=True)),
            "value": statistics.median(delays[key]) / 3600 if len(delays[key]) >= MEDIAN_MIN_COUNT else None,
        }
        for key in keys
    ]


@indicator(
    code="referral_wait_acknowledged",
    label="Délai médian de prise en compte",
    definition=(
        f"Durée médiane, en heures, entre l'envoi d'une orientation et sa prise en compte par la structure, pour "
        f"les orientations prises en compte {PERIOD_TEXT}. Non calculée sur moins de {MEDIAN_MIN_COUNT} "
        "orientations."
    ),
    unit=Unit.HOURS,
    paths=REFERRAL,
    person_derived=True,
    decimals=1,
    source="Orientations : dates d'envoi et de prise en compte",
)
def referral_wait_acknowledged(*, as_of, by, where):
    referrals = Referral.objects.filter(_in_period("acknowledged_at", as_of))
    return _median_hours(referrals, REFERRAL, by, where, "acknowledged_at")


@indicator(
    code="referral_wait_admitted",
    label="Délai médian d'admission",
    definition=(
        f"Durée médiane, en heures, entre l'envoi d'une orientation et l'admission de la personne, pour les "
        f"admissions faites {PERIOD_TEXT}. Non calculée sur moins de {MEDIAN_MIN_COUNT} admissions."
    ),
    unit=Unit.HOURS,
    paths=REFERRAL,
    person_derived=True,
    decimals=1,
    source="Orientations : dates d'envoi et d'admission",
)
def referral_wait_admitted(*, as_of, by, where):
    referrals = Referral.objects.filter(_in_period("admitted_at", as_of))
    return _median_hours(referrals, REFERRAL, by, where, "admitted_at")


@indicator(
    code="exits",
    label="Sorties",
    definition=f"Nombre de sorties de structure {PERIOD_TEXT}, ventilables par destination à la sortie.",
    unit=Unit.EXITS,
    paths=EXIT,
    person_derived=True,
    source="Séjours : dates et destinations de sortie",
)
def exits(*, as_of, by, where):
    return grouped(Stay.objects.filter(_in_period("exited_at", as_of)), EXIT, by, where, value=Count("pk"))


def _steps(as_of):
    day = timezone.localdate(as_of)
    first = timezone.localdate(period_start(as_of))
    return PathwayStep.objects.filter(on__gt=first, on__lte=day).exclude(
        status__in=[StepStatus.CANCELLED, StepStatus.PLANNED]
    )


@indicator(
    code="pathway_steps",
    label="Étapes de parcours",
    definition=(
        f"Nombre d'étapes de parcours de soins et d'insertion réalisées ou en cours, datées {PERIOD_TEXT}, "
        "par type d'étape (les étapes prévues ou annulées ne comptent pas)."
    ),
    unit=Unit.STEPS,
    paths=STEP,
    person_derived=True,
    source="Étapes de parcours : type, date et statut",
)
def pathway_steps(*, as_of, by, where):
    return grouped(_steps(as_of), STEP, by, where, value=Count("pk"))


@indicator(
    code="psychiatric_steps",
    label="Étapes de la réponse psychiatrique",
    definition=(
        f"Nombre d'évaluations psychiatriques (EMPP) et d'hospitalisations psychiatriques réalisées ou en cours, "
        f"datées {PERIOD_TEXT}."
    ),
    unit=Unit.STEPS,
    paths=STEP,
    person_derived=True,
    source="Étapes de parcours : type, date et statut",
)
def psychiatric_steps(*, as_of, by, where):
    return grouped(_steps(as_of).filter(kind__in=PSYCHIATRIC_STEPS), STEP, by, where, value=Count("pk"))


# Every indicator of this module, in the order of the catalogue (the bench measures each one).
PERSON_INDICATORS = [
    "persons_housed",
    "nights_provided",
    "persons_distinct",
    "referrals_sent",
    "referrals_accepted",
    "referrals_declined",
    "referrals_expired",
    "referrals_pending",
    "referral_wait_acknowledged",
    "referral_wait_admitted",
    "exits",
    "pathway_steps",
    "psychiatric_steps",
]
