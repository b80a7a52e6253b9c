"""Who may do what in the premises pipeline."""

import rules

from relais.premises.enums import PREMISES_READERS, REVIEWER_ROLES, REVIEWING_KINDS, ProposalStatus
from relais.users.predicates import is_coordination, is_ville, rule


@rules.predicate
def can_read_premises(user):
    """Everyone logged in with a grant in force reads the pipeline, except maraude teams."""
    return user.role in PREMISES_READERS


@rules.predicate
def can_review_premises(user):
    """Coordination, comité and police members of a State organisation (ARS, préfecture, préfecture
    de police) give their organisation's opinion."""
    return user.role in REVIEWER_ROLES and user.organization is not None and user.organization.kind in REVIEWING_KINDS


@rules.predicate
def proposed_by_own_organization(user, proposal):
    return proposal is not None and user.organization is not None and proposal.proposed_by_id == user.organization.pk


@rules.predicate
def still_proposed(user, proposal):
    return proposal is not None and proposal.status == ProposalStatus.PROPOSED


can_propose_premises = rule(is_ville, "Only the Ville de Paris services propose premises.")
can_move_proposal = rule(
    is_coordination, "Only coordination moves a proposal from one step to the next, opens it or sets its deadline."
)
can_document_proposal = rule(
    is_coordination | (is_ville & proposed_by_own_organization),
    "Coordination on any proposal; the Ville on its own organisation's proposals.",
)
can_edit_proposal = rule(
    is_ville & proposed_by_own_organization & still_proposed,
    "The Ville edits its own organisation's proposals while they are only proposed.",
)
can_record_blocker = rule(
    can_document_proposal, "Coordination on any proposal; the Ville on its own organisation's proposals."
)

rules.add_perm("premises.read", can_read_premises)
rules.add_perm("premises.propose", can_propose_premises)
rules.add_perm("premises.edit_proposal", can_edit_proposal)
rules.add_perm("premises.review", can_review_premises)
rules.add_perm("premises.move", can_move_proposal)
rules.add_perm("premises.document", can_document_proposal)
rules.add_perm("premises.record_blocker", can_record_blocker)
