"""Who generates situation reports and edits the draft communiqué."""

import rules

from relais.users.predicates import is_comite, is_coordination, rule

can_view_situation_report = rule(is_comite | is_coordination, "The comité's members and the coordination cell.")
can_generate_situation_report = rule(
    is_comite | is_coordination, "The comité's members and the coordination cell that prepares the meeting."
)
can_quote_capacity = rule(
    is_coordination, "The coordination cell quotes the capacity answer in the report it prepares (published figures)."
)
can_edit_communique = rule(is_comite, "Only the comité writes its press release (each edit is a new version).")

rules.add_perm("reports.view_situation_report", can_view_situation_report)
rules.add_perm("reports.generate_situation_report", can_generate_situation_report)
rules.add_perm("reports.edit_communique", can_edit_communique)
rules.add_perm("reports.quote_capacity", can_quote_capacity)
