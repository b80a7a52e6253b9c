"""Who may act on person-level data. Reading always goes through `visible_to(user)` first:
these predicates decide what a user who already sees the object may do with it."""

import rules

from relais.users.predicates import is_coordination, is_outreach, is_soignant, rule, sees_person_data

can_view_persons = rule(sees_person_data, "Coordination, operateur, maraude and soignant (each within visible_to).")
can_create_person = rule(
    sees_person_data, "Every role that sees person-level data records the persons it meets or hosts."
)
can_record_contact = rule(
    is_coordination | is_outreach, "Outreach teams (maraude, soignant on site) and coordination record encounters."
)
can_merge_persons = rule(is_coordination, "Only coordination sees cross-organisation duplicates and merges them.")
can_manage_consent = rule(sees_person_data, "Whoever sees the person records or withdraws its consents.")
can_record_pathway_step = rule(
    sees_person_data, "Whoever sees the person records the steps its organisation takes part in."
)


@rules.predicate
def recorded_by_own_organization(user, step):
    return step is not None and user.organization is not None and step.organization_id == user.organization.pk


can_update_pathway_step = rule(
    is_coordination | (sees_person_data & recorded_by_own_organization),
    "The organisation that recorded a step updates its status; coordination too.",
)
can_write_health_note = rule(is_soignant, "Only soignant of the organisations in charge of the person (visible_to).")

rules.add_perm("people.view_persons", can_view_persons)
rules.add_perm("people.create_person", can_create_person)
rules.add_perm("people.record_contact", can_record_contact)
rules.add_perm("people.merge_persons", can_merge_persons)
rules.add_perm("people.manage_consent", can_manage_consent)
rules.add_perm("pathways.record_step", can_record_pathway_step)
rules.add_perm("pathways.update_step", can_update_pathway_step)
rules.add_perm("pathways.write_health_note", can_write_health_note)
