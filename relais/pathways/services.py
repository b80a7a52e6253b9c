import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from relais.pathways.enums import StepOutcome, StepSensitivity, StepStatus, sensitivity_of
from relais.pathways.models import HealthNote, PathwayStep
from relais.people.enums import ConsentPurpose
from relais.people.services import consent_valid

ERROR_NO_HEALTH_CONSENT = (
    "La personne n'a pas donné (ou a retiré) son consentement au partage avec les partenaires de santé : "
    "la note ne peut pas être enregistrée."
)
ERROR_EMPTY_NOTE = "La note est vide."
ERROR_STEP_OTHER_PERSON = "Cette étape concerne une autre personne."
ERROR_DONE_IN_FUTURE = "Une étape réalisée ne peut pas être datée dans le futur."


def _refuse_done_in_future(status: str, on: datetime.date, field: str) -> None:
    # A plan may be dated ahead; something that happened cannot have happened tomorrow.
    if status == StepStatus.DONE and on > timezone.localdate():
        raise ValidationError({field: ERROR_DONE_IN_FUTURE})


ERROR_STEP_NOT_YOURS = (
    "Seule l'organisation qui a enregistré l'étape la met à jour (une étape de soins : ses soignants)."
)
ERROR_HEALTH_STEP_ROLE = "Seuls les soignants enregistrent une étape de soins."
ERROR_NO_HEALTH_CONSENT_STEP = (
    "La personne n'a pas donné (ou a retiré) son consentement au partage avec les partenaires de santé : "
    "l'étape de soins ne peut pas être enregistrée."
)


@transaction.atomic
def pathway_step_record(
    *,
    person,
    by,
    kind: str,
    on: datetime.date,
    status: str = StepStatus.PLANNED,
    outcome: str = StepOutcome.NONE,
) -> PathwayStep:
    """A step of the person's pathway; a care step only by a soignant, with the person's health consent."""
    _refuse_done_in_future(status, on, "on")
    sensitivity = sensitivity_of(kind)
    if sensitivity == StepSensitivity.HEALTH:
        if not by.has_perm("pathways.record_health_step"):
            raise ValidationError(ERROR_HEALTH_STEP_ROLE)
        if not consent_valid(person, ConsentPurpose.HEALTH):
            raise ValidationError(ERROR_NO_HEALTH_CONSENT_STEP)
    step = PathwayStep(
        person=person,
        kind=kind,
        sensitivity=sensitivity,
        on=on,
        status=status,
        outcome=outcome,
        organization=by.organization,
        recorded_by=by,
    )
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def pathway_step_update(*, step: PathwayStep, by, status: str, outcome: str) -> PathwayStep:
    if not by.has_perm("pathways.update_step", step):
        raise PermissionDenied(ERROR_STEP_NOT_YOURS)
    step = PathwayStep.objects.select_for_update().get(pk=step.pk)
    _refuse_done_in_future(status, step.on, "status")
    step.status, step.outcome = status, outcome
    step.full_clean()
    step.save(update_fields=["status", "outcome"])
    return step


@transaction.atomic
def health_note_write(*, person, by, text: str, step: PathwayStep | None = None) -> HealthNote:
    if not text.strip():
        raise ValidationError(ERROR_EMPTY_NOTE)
    if step is not None and step.person_id != person.pk:
        raise ValidationError(ERROR_STEP_OTHER_PERSON)
    if not consent_valid(person, ConsentPurpose.HEALTH):
        raise ValidationError(ERROR_NO_HEALTH_CONSENT)
    return HealthNote.objects.create(
        person=person, step=step, author=by, organization=by.organization, text=text.strip()
    )
