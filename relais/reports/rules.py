"""Who generates situation reports and edits the draft communiqué."""

import rules

from relais.indicators.rules import is_comite, is_coordination

can_view_situation_report = is_comite | is_coordination
can_view_situation_report.__doc__ = "The comité's members and the coordination cell."
can_generate_situation_report = is_comite | is_coordination
can_generate_situation_report.__doc__ = "The comité's members and the coordination cell that prepares the meeting."
can_edit_communique = is_comite
can_edit_communique.__doc__ = "Only the comité writes its press release (each edit is a new version)."

rules.add_perm("reports.view_situation_report", can_view_situation_report)
rules.add_perm("reports.generate_situation_report", can_generate_situation_report)
rules.add_perm("reports.edit_communique", can_edit_communique)
