"""Who may read and write the plan's follow-up (measures, meetings, decisions, actions)."""

import rules

from relais.governance.enums import GOVERNANCE_READERS, GOVERNANCE_WRITERS


@rules.predicate
def can_read_governance(user):
    """Coordination, comité, Ville, police, operators and carers read the plan's follow-up.

    Maraude teams, the DPO (auditeur) and the technical administrator have no need of it.
    """
    return user.role in GOVERNANCE_READERS


@rules.predicate
def can_edit_governance(user):
    """Only coordination and the comité's members write measures, meetings, decisions and actions."""
    return user.role in GOVERNANCE_WRITERS


rules.add_perm("governance.read", can_read_governance)
rules.add_perm("governance.edit", can_edit_governance)
