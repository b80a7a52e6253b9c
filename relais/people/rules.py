"""Who may act on person-level data. Reading always goes through `visible_to(user)` first:
these predicates decide what a user who already sees the object may do with it."""

import rules

from relais.people.access import person_data_grant
from relais.users.enums import Role


@rules.predicate
def is_coordination(user):
    return user.role == Role.COORDINATION


@rules.predicate
def sees_person_data(user):
    return person_data_grant(user) is not None


@rules.predicate
def is_field_role(user):
    return user.role in {Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR}


@rules.predicate
def is_soignant(user):
    return user.role == Role.SOIGNANT


@rules.predicate
def is_outreach(user):
    return user.role in {Role.MARAUDE, Role.SOIGNANT}


can_view_persons = sees_person_data
can_view_persons.__doc__ = "Coordination, operateur, maraude and soignant (each within visible_to)."
can_create_person = sees_person_data
can_create_person.__doc__ = "Every role that sees person-level data records the persons it meets or hosts."
can_record_contact = is_coordination | is_outreach
can_record_contact.__doc__ = "Outreach teams (maraude, soignant on site) and coordination record encounters."
can_merge_persons = is_coordination
can_merge_persons.__doc__ = "Only coordination sees cross-organisation duplicates and merges them."
can_manage_consent = sees_person_data
can_manage_consent.__doc__ = "Whoever sees the person records or withdraws its consents."
can_record_pathway_step = sees_person_data
can_record_pathway_step.__doc__ = "Whoever sees the person records the steps its organisation takes part in."


@rules.predicate
def recorded_by_own_organization(user, step):
    return step is not None and user.organization is not None and step.organization_id == user.organization.pk


can_update_pathway_step = is_coordination | (sees_person_data & recorded_by_own_organization)
can_update_pathway_step.__doc__ = "The organisation that recorded a step updates its status; coordination too."
can_write_health_note = is_soignant
can_write_health_note.__doc__ = "Only soignant of the organisations in charge of the person (visible_to)."

rules.add_perm("people.view_persons", can_view_persons)
rules.add_perm("people.create_person", can_create_person)
rules.add_perm("people.record_contact", can_record_contact)
rules.add_perm("people.merge_persons", can_merge_persons)
rules.add_perm("people.manage_consent", can_manage_consent)
rules.add_perm("pathways.record_step", can_record_pathway_step)
rules.add_perm("pathways.update_step", can_update_pathway_step)
rules.add_perm("pathways.write_health_note", can_write_health_note)
