"""Who may act on person-level data. Reading always goes through `visible_to(user)` first:
these predicates decide what a user who already sees the object may do with it."""

import rules

from relais.users.predicates import is_coordination, is_outreach, rule, sees_person_data

can_view_persons = rule(sees_person_data, "Coordination, operateur, maraude and soignant (each within visible_to).")
can_create_person = rule(
    sees_person_data, "Every role that sees person-level data records the persons it meets or hosts."
)
can_record_contact = rule(
    is_coordination | is_outreach, "Outreach teams (maraude, soignant on site) and coordination record encounters."
)
can_merge_persons = rule(is_coordination, "Only coordination sees cross-organisation duplicates and merges them.")
can_manage_consent = rule(sees_person_data, "Whoever sees the person records or withdraws its consents.")

rules.add_perm("people.view_persons", can_view_persons)
rules.add_perm("people.create_person", can_create_person)
rules.add_perm("people.record_contact", can_record_contact)
rules.add_perm("people.merge_persons", can_merge_persons)
rules.add_perm("people.manage_consent", can_manage_consent)
