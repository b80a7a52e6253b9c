"""Transitions of the plan's follow-up; each applies whole or not at all, with a French message."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relais.governance.enums import ActionStatus, CommitmentMode, MeasureStatus, MeetingKind
from relais.governance.models import (
    Action,
    Axis,
    Decision,
    Measure,
    MeasureBudget,
    MeasureTarget,
    MeasureTargetValue,
    Meeting,
    Plan,
)
from relais.structures.models import CapacityTarget, Programme
from relais.utils.models import validated_save

ERROR_MEETING_NOT_HELD = "Une décision se rattache à une réunion tenue : indiquez d'abord la date de la réunion."
ERROR_MEETING_IN_FUTURE = "Cette réunion ne s'est pas encore tenue : ses décisions s'enregistrent après la séance."
ERROR_COMMITMENT_INCOMPLETE = (
    "Un engagement chiffré demande le programme, le type d'engagement, le nombre de places et la date d'effet."
)
ERROR_COMMITMENT_BEFORE_MEETING = "La date d'effet d'un engagement ne peut précéder la réunion qui l'a décidé."
ERROR_COMMITMENT_NEGATIVE = "L'objectif qui en résulterait ({places} places) serait négatif."
ERROR_SET_NEGATIVE = "Un objectif total de places ne peut pas être négatif."
ERROR_NEXT_DATE = "La réunion suivante doit se tenir après celle du {day:%d/%m/%Y}."
ERROR_NEXT_NO_DATE = "Indiquez la date de la réunion suivante ou l'échéance avant laquelle la tenir."
ERROR_EVIDENCE_REQUIRED = "Une action ne passe à « faite » qu'avec sa preuve de réalisation."
ERROR_DONE_IN_FUTURE = "La date de réalisation ne peut pas être dans le futur."
ERROR_DONE_BEFORE_START = "La date de réalisation ne peut précéder le début de la mesure ({day:%d/%m/%Y})."
ERROR_SAME_STATUS = "Le statut est déjà « {label} »."
ERROR_CLOSED = "Cette {what} est close (« {label} ») : son statut ne change plus."
ERROR_BUDGET_NEGATIVE = "Les montants engagés et dépensés doivent être positifs ou nuls."
ERROR_PLAN_NO_AXIS = "Indiquez au moins un axe, un par ligne."


def _target_in_force_before(programme: Programme, day: datetime.date) -> int:
    previous = (
        CapacityTarget.objects.filter(programme=programme, effective_on__lt=day)
        .order_by("-effective_on")
        .values_list("places", flat=True)
        .first()
    )
    return previous or 0


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    title: str,
    text: str = "",
    measures: Iterable[Measure] = (),
    programme: Programme | None = None,
    commitment_mode: str = "",
    places: int | None = None,
    effective_on: datetime.date | None = None,
    by,
) -> Decision:
    """Record a decision of a held meeting; a numeric commitment creates or updates the programme's
    capacity target at its date of effect (« +70 places ASSORE » adds to the target then in force)."""
    if meeting.held_on is None:
        raise ValidationError(ERROR_MEETING_NOT_HELD)
    if meeting.held_on > timezone.localdate():
        raise ValidationError(ERROR_MEETING_IN_FUTURE)
    commitment = [programme, commitment_mode or None, places, effective_on]
    if any(v is not None for v in commitment) and not all(v is not None for v in commitment):
        raise ValidationError(ERROR_COMMITMENT_INCOMPLETE)
    decision = Decision(
        meeting=meeting,
        title=title,
        text=text,
        programme=programme,
        commitment_mode=commitment_mode or "",
        places=places,
        effective_on=effective_on,
        recorded_by=by,
    )
    if programme is not None:
        if effective_on < meeting.held_on:
            raise ValidationError(ERROR_COMMITMENT_BEFORE_MEETING)
        if commitment_mode == CommitmentMode.SET and places < 0:
            raise ValidationError(ERROR_SET_NEGATIVE)
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        total = places
        if commitment_mode == CommitmentMode.ADD:
            total = _target_in_force_before(programme, effective_on) + places
        if total < 0:
            raise ValidationError(ERROR_COMMITMENT_NEGATIVE.format(places=total))
        decision.save()
        CapacityTarget.objects.update_or_create(
            programme=programme,
            effective_on=effective_on,
            defaults={
                "places": total,
                "decision": f"{meeting.get_kind_display()} du {meeting.held_on:%d/%m/%Y} : {title}"[:300],
                "decided_on": meeting.held_on,
                "source_decision": decision,
            },
        )
    else:
        decision.save()
    decision.measures.set(measures)
    return decision


@transaction.atomic
def meeting_schedule_next(
    *,
    meeting: Meeting,
    title: str,
    kind: str = MeetingKind.INSTITUTIONAL,
    held_on: datetime.date | None = None,
    hold_by: datetime.date | None = None,
    agenda: str = "",
) -> Meeting:
    """« Une nouvelle réunion se tiendra à bref délai »: the next meeting, dated or with a deadline."""
    if held_on is None and hold_by is None:
        raise ValidationError(ERROR_NEXT_NO_DATE)
    reference = meeting.held_on or meeting.hold_by
    for day in (held_on, hold_by):
        if day is not None and reference is not None and day <= reference:
            raise ValidationError(ERROR_NEXT_DATE.format(day=reference))
    nxt = Meeting.objects.create(
        kind=kind, title=title, held_on=held_on, hold_by=hold_by, agenda=agenda, previous=meeting
    )
    nxt.organizations.set(meeting.organizations.all())
    return nxt


CLOSED_ACTION = (ActionStatus.DONE, ActionStatus.CANCELLED)


@transaction.atomic
def measure_set_status(
    *, measure: Measure, status: str, done_on: datetime.date | None = None, note: str = ""
) -> Measure:
    """Move a measure along; « réalisée » is dated (today unless said) and never before its start."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if status == measure.status:
        raise ValidationError(ERROR_SAME_STATUS.format(label=MeasureStatus(status).label))
    today = timezone.localdate()
    if status == MeasureStatus.DONE:
        done_on = done_on or today
        if done_on > today:
            raise ValidationError(ERROR_DONE_IN_FUTURE)
        if measure.starts_on and done_on < measure.starts_on:
            raise ValidationError(ERROR_DONE_BEFORE_START.format(day=measure.starts_on))
        measure.done_on = done_on
    else:
        measure.done_on = None
    measure.status = status
    if note:
        measure.status_note = note
    measure.save(update_fields=["status", "done_on", "status_note"])
    return measure


@transaction.atomic
def action_set_status(
    *, action: Action, status: str, evidence: str = "", done_on: datetime.date | None = None
) -> Action:
    """Move an action along; « faite » needs its evidence and a date that is not in the future."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status in CLOSED_ACTION:
        raise ValidationError(ERROR_CLOSED.format(what="action", label=action.get_status_display()))
    if status == action.status:
        raise ValidationError(ERROR_SAME_STATUS.format(label=ActionStatus(status).label))
    today = timezone.localdate()
    if evidence:
        action.evidence = evidence
    if status == ActionStatus.DONE:
        if not action.evidence.strip():
            raise ValidationError(ERROR_EVIDENCE_REQUIRED)
        done_on = done_on or today
        if done_on > today:
            raise ValidationError(ERROR_DONE_IN_FUTURE)
        action.done_on = done_on
    action.status = status
    action.save(update_fields=["status", "evidence", "done_on"])
    return action


@transaction.atomic
def measure_target_set(
    *, measure: Measure, indicator_code: str, due_on: datetime.date, value: int, label: str = ""
) -> MeasureTargetValue:
    """Add (or correct) a dated target value of a measure for one indicator."""
    target, created = MeasureTarget.objects.get_or_create(
        measure=measure, indicator_code=indicator_code, defaults={"label": label}
    )
    if label and not created and target.label != label:
        target.label = label
        target.save(update_fields=["label"])
    target_value, _ = MeasureTargetValue.objects.update_or_create(
        target=target, due_on=due_on, defaults={"value": value}
    )
    return target_value


@transaction.atomic
def measure_budget_set(*, measure: Measure, year: int, committed: Decimal, spent: Decimal) -> MeasureBudget:
    if committed < 0 or spent < 0:
        raise ValidationError(ERROR_BUDGET_NEGATIVE)
    budget, _ = MeasureBudget.objects.update_or_create(
        measure=measure, year=year, defaults={"committed": committed, "spent": spent}
    )
    return budget


@transaction.atomic
def plan_create(
    *,
    name: str,
    short_name: str,
    starts_on: datetime.date,
    axes: list[str],
    ends_on: datetime.date | None = None,
    adopted_on: datetime.date | None = None,
    description: str = "",
) -> Plan:
    """A new plan or roadmap with its axes numbered in the order given."""
    titles = [title.strip() for title in axes if title.strip()]
    if not titles:
        raise ValidationError(ERROR_PLAN_NO_AXIS)
    plan = Plan(
        name=name,
        short_name=short_name,
        starts_on=starts_on,
        ends_on=ends_on,
        adopted_on=adopted_on,
        description=description,
    )
    plan.full_clean()
    plan.save()
    Axis.objects.bulk_create([Axis(plan=plan, number=n, title=t[:300]) for n, t in enumerate(titles, start=1)])
    return plan


@transaction.atomic
def axis_add(*, plan: Plan, title: str) -> Axis:
    """Append an axis to a plan, numbered after the last one."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    last = plan.axes.order_by("-number").values_list("number", flat=True).first() or 0
    return Axis.objects.create(plan=plan, number=last + 1, title=title.strip()[:300])


@transaction.atomic
def measure_create(*, data: Mapping[str, Any]) -> Measure:
    """A new measure of a plan's axis, with its lead organisation, partners and dates."""
    return validated_save(Measure(), data)


@transaction.atomic
def measure_update(*, measure: Measure, data: Mapping[str, Any]) -> Measure:
    """Change a measure's description (its status, targets and budgets have their own services)."""
    return validated_save(measure, data)


@transaction.atomic
def meeting_create(*, data: Mapping[str, Any]) -> Meeting:
    """A new meeting, held or to be held, with the organisations taking part."""
    return validated_save(Meeting(), data)


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: Mapping[str, Any]) -> Meeting:
    """Change a meeting: its date, agenda, minutes or the organisations taking part."""
    return validated_save(meeting, data)


@transaction.atomic
def action_create(*, data: Mapping[str, Any]) -> Action:
    """A new action, with its owner and due date, attached to a meeting, a decision or a measure."""
    return validated_save(Action(), data)


@transaction.atomic
def action_update(*, action: Action, data: Mapping[str, Any]) -> Action:
    """Change an action's description, owner or due date (its status has its own service)."""
    return validated_save(action, data)
