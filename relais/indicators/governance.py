"""Indicators of the plan's follow-up and of the premises pipeline, as of any past date.

Statuses are stored as they are today; as of an earlier date they are rebuilt from the dates kept
with them: a measure done after that date was still open then (and late if past its due date), a
proposal whose stage changed after that date was at the stage before it in the circuit.
"""

import datetime

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from relais.governance.enums import ActionStatus, MeasureStatus, TrackedStatus
from relais.governance.models import Action, Measure, Plan
from relais.indicators.dimensions import EXTRA_LABELS
from relais.indicators.enums import Dimension, Unit
from relais.indicators.live import reached_measures
from relais.indicators.registry import grouped, indicator
from relais.premises.enums import AWAITING_REVIEW, REVIEWING_KINDS, ProposalStatus
from relais.premises.models import PremisesProposal, PremisesReview
from relais.users.models import Organization

MEASURE = {"status": "tracked", "plan": "axis__plan_id", "organization": "lead_organization_id"}
ACTION = {"status": "tracked", "organization": "owner_id"}
PROPOSAL = {"stage": "stage", "arrondissement": "cog", "kind": "intended_kind", "organization": "proposed_by_id"}

# The stage a proposal was at before reaching its current one (the circuit's usual predecessor).
PREVIOUS_STAGE = {
    ProposalStatus.EXAMINATION: ProposalStatus.PROPOSED,
    ProposalStatus.RETAINED: ProposalStatus.EXAMINATION,
    ProposalStatus.SET_ASIDE: ProposalStatus.EXAMINATION,
    ProposalStatus.WORKS: ProposalStatus.RETAINED,
    ProposalStatus.OPENED: ProposalStatus.WORKS,
    ProposalStatus.ABANDONED: ProposalStatus.EXAMINATION,
}


def _day(as_of: datetime.datetime) -> datetime.date:
    return timezone.localdate(as_of)


def measures_as_of(day: datetime.date):
    """Measures of the plans started by `day`, with `tracked`: their status on that day, « late » derived."""
    done = Q(status=MeasureStatus.DONE) & (Q(done_on__isnull=True) | Q(done_on__lte=day))
    tracked = Case(
        When(done, then=Value(TrackedStatus.DONE.value)),
        When(status=MeasureStatus.ABANDONED, then=Value(TrackedStatus.ABANDONED.value)),
        When(due_on__lt=day, then=Value(TrackedStatus.LATE.value)),
        When(status=MeasureStatus.PLANNED, then=Value(TrackedStatus.PLANNED.value)),
        When(Q(starts_on__gt=day), then=Value(TrackedStatus.PLANNED.value)),
        default=Value(TrackedStatus.IN_PROGRESS.value),
        output_field=CharField(),
    )
    return Measure.objects.filter(axis__plan__starts_on__lte=day).annotate(tracked=tracked)


def actions_as_of(day: datetime.date):
    """Actions known by `day` (their meeting held by then, if any), with `tracked` on that day."""
    closed = Q(status=ActionStatus.DONE) & (Q(done_on__isnull=True) | Q(done_on__lte=day))
    tracked = Case(
        When(closed, then=Value(TrackedStatus.DONE.value)),
        When(status=ActionStatus.CANCELLED, then=Value(TrackedStatus.CANCELLED.value)),
        When(due_on__lt=day, then=Value(TrackedStatus.LATE.value)),
        When(status=ActionStatus.TODO, then=Value(TrackedStatus.TODO.value)),
        When(status=ActionStatus.DONE, then=Value(TrackedStatus.IN_PROGRESS.value)),
        default=F("status"),
        output_field=CharField(),
    )
    known = Q(meeting__isnull=True) | Q(meeting__held_on__isnull=True) | Q(meeting__held_on__lte=day)
    return Action.objects.filter(known).annotate(tracked=tracked)


@indicator(
    code="measures",
    label="Mesures",
    definition=(
        "Nombre de mesures des plans engagés à la date d'observation, par statut à cette date : une mesure "
        "réalisée après cette date était encore ouverte ; une mesure ouverte dont l'échéance est passée est "
        "« en retard »."
    ),
    unit=Unit.MEASURES,
    paths=MEASURE,
    person_derived=False,
    source="Gouvernance : mesures, échéances et dates de réalisation",
)
def measures(*, as_of, by, where):
    return grouped(measures_as_of(_day(as_of)), MEASURE, by, where, value=Count("pk"))


@indicator(
    code="measures_late",
    label="Mesures en retard",
    definition=(
        "Nombre de mesures encore ouvertes (prévues ou en cours) à la date d'observation dont l'échéance "
        "est passée à cette date, sauf celles dont tous les objectifs chiffrés sont atteints à cette date."
    ),
    unit=Unit.MEASURES,
    paths={k: v for k, v in MEASURE.items() if k != "status"},
    person_derived=False,
    source="Gouvernance : mesures, échéances et dates de réalisation",
)
def measures_late(*, as_of, by, where):
    day = _day(as_of)
    late = measures_as_of(day).filter(tracked=TrackedStatus.LATE)
    # Past due but every target reached: « objectif atteint », as on the plan's pages, not late.
    late = late.exclude(pk__in=reached_measures(late, day))
    return grouped(late, MEASURE, by, where, value=Count("pk"))


@indicator(
    code="actions_open",
    label="Actions ouvertes",
    definition=(
        "Nombre d'actions de suivi à faire ou en cours à la date d'observation (y compris celles en retard) : "
        "une action faite après cette date était encore ouverte."
    ),
    unit=Unit.ACTIONS,
    paths={k: v for k, v in ACTION.items() if k != "status"},
    person_derived=False,
    source="Gouvernance : actions, échéances et dates de réalisation",
)
def actions_open(*, as_of, by, where):
    open_then = [s.value for s in (TrackedStatus.TODO, TrackedStatus.IN_PROGRESS, TrackedStatus.LATE)]
    actions = actions_as_of(_day(as_of)).filter(tracked__in=open_then)
    return grouped(actions, ACTION, by, where, value=Count("pk"))


@indicator(
    code="actions_late",
    label="Actions en retard",
    definition="Nombre d'actions encore ouvertes à la date d'observation dont l'échéance est passée à cette date.",
    unit=Unit.ACTIONS,
    paths={k: v for k, v in ACTION.items() if k != "status"},
    person_derived=False,
    source="Gouvernance : actions, échéances et dates de réalisation",
)
def actions_late(*, as_of, by, where):
    actions = actions_as_of(_day(as_of)).filter(tracked=TrackedStatus.LATE)
    return grouped(actions, ACTION, by, where, value=Count("pk"))


def proposals_as_of(day: datetime.date):
    """Proposals made by `day`, with `stage`: the current one if reached by then, else the one before it."""
    earlier = [When(status=s, then=Value(p.value)) for s, p in PREVIOUS_STAGE.items()]
    stage = Case(
        When(status_changed_on__lte=day, then=F("status")),
        *earlier,
        default=Value(ProposalStatus.PROPOSED.value),
        output_field=CharField(),
    )
    return PremisesProposal.objects.filter(proposed_on__lte=day).annotate(stage=stage)


PROPOSALS_DEFINITION = (
    "Propositions de locaux faites à la date d'observation, par étape à cette date (une proposition dont "
    "l'étape a changé après cette date est comptée à l'étape qui précède dans le circuit)"
)


@indicator(
    code="premises_proposals",
    label="Propositions de locaux",
    definition=PROPOSALS_DEFINITION + ".",
    unit=Unit.PROPOSALS,
    paths=PROPOSAL,
    person_derived=False,
    source="Locaux : propositions de la Ville et étapes du circuit",
)
def premises_proposals(*, as_of, by, where):
    return grouped(proposals_as_of(_day(as_of)), PROPOSAL, by, where, value=Count("pk"))


@indicator(
    code="premises_capacity",
    label="Capacité des locaux proposés",
    definition=PROPOSALS_DEFINITION + " : somme des capacités proposées, en places.",
    unit=Unit.PLACES,
    paths=PROPOSAL,
    person_derived=False,
    source="Locaux : propositions de la Ville et étapes du circuit",
)
def premises_capacity(*, as_of, by, where):
    return grouped(proposals_as_of(_day(as_of)), PROPOSAL, by, where, value=Sum("capacity"))


@indicator(
    code="premises_reviews_overdue",
    label="Avis de l'État en retard",
    definition=(
        "Nombre de propositions de locaux encore en attente des avis de l'État (proposées ou en examen) à la "
        "date d'observation, dont le délai de réponse est dépassé à cette date sans que toutes les "
        "organisations de l'État attendues (ARS, préfecture, préfecture de police) aient rendu leur avis."
    ),
    unit=Unit.PROPOSALS,
    paths=PROPOSAL,
    person_derived=False,
    source="Locaux : propositions, délais de réponse et avis rendus",
)
def premises_reviews_overdue(*, as_of, by, where):
    day = _day(as_of)
    expected = Organization.objects.filter(kind__in=REVIEWING_KINDS).count()
    given = Subquery(
        PremisesReview.objects.filter(
            proposal=OuterRef("pk"), given_on__lte=day, organization__kind__in=REVIEWING_KINDS
        )
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    proposals = (
        proposals_as_of(day)
        .filter(stage__in=[s.value for s in AWAITING_REVIEW], response_due_on__lt=day)
        .annotate(given=Coalesce(given, 0))
        .filter(given__lt=expected)
    )
    return grouped(proposals, PROPOSAL, by, where, value=Count("pk"))


def _enum_labels(enum):
    return lambda values: {v: enum(v).label if v in enum.values else str(v) for v in values}


EXTRA_LABELS[Dimension.STATUS] = _enum_labels(TrackedStatus)
EXTRA_LABELS[Dimension.STAGE] = _enum_labels(ProposalStatus)
EXTRA_LABELS[Dimension.PLAN] = lambda values: dict(Plan.objects.filter(pk__in=values).values_list("pk", "short_name"))
