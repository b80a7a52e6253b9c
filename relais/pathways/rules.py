"""Who may act on pathway steps and health notes. Reading goes through `visible_to(user)` and
`health_access(user)` first (relais/pathways/models.py)."""

import rules

from relais.pathways.enums import StepSensitivity
from relais.pathways.models import PathwayStep, health_access
from relais.users.predicates import is_coordination, is_soignant, rule, sees_person_data

can_record_pathway_step = rule(
    sees_person_data, "Whoever sees the person records the steps its organisation takes part in."
)


can_record_health_step = rule(
    is_soignant, "Care steps (psychiatry, addiction, substitution, somatic) are recorded by soignant only."
)


@rules.predicate
def recorded_by_own_organization(user, step):
    return step is not None and user.organization is not None and step.organization_id == user.organization.pk


@rules.predicate
def reads_step_kind(user, step):
    """A social step is read by whoever sees it; a care step by the soignant `health_access` lets in."""
    if step is None or step.sensitivity == StepSensitivity.SOCIAL:
        return True
    health = health_access(user)
    return health is not None and PathwayStep.objects.filter(health, pk=step.pk).exists()


can_update_pathway_step = rule(
    reads_step_kind & (is_coordination | (sees_person_data & recorded_by_own_organization)),
    "The organisation that recorded a step updates its status; coordination too; a care step only those who read it.",
)
can_write_health_note = rule(is_soignant, "Only soignant of the organisations in charge of the person (visible_to).")

rules.add_perm("pathways.record_step", can_record_pathway_step)
rules.add_perm("pathways.record_health_step", can_record_health_step)
rules.add_perm("pathways.update_step", can_update_pathway_step)
rules.add_perm("pathways.write_health_note", can_write_health_note)
