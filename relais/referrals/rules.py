import rules

from relais.users.enums import Role
from relais.users.predicates import is_coordination, operates_structure, rule, sees_person_data


@rules.predicate
def operates_destination(user, referral):
    return (
        user.role == Role.OPERATEUR
        and referral is not None
        and referral.to_structure_id is not None
        and referral.to_structure.operator_id == user.organization.pk
    )


@rules.predicate
def sent_it(user, referral):
    return (
        referral is not None and user.organization is not None and referral.from_organization_id == user.organization.pk
    )


can_send_referral = rule(sees_person_data, "Coordination, maraude, soignant and operateur refer the persons they see.")
can_answer_referral = rule(
    is_coordination | operates_destination,
    "The operator of the destination structure answers (and admits); coordination too.",
)
can_assign_referral = rule(is_coordination, "Coordination picks the structure of a referral sent to a kind of place.")
can_cancel_referral = rule(
    is_coordination | (sees_person_data & sent_it),
    "The organisation that sent the referral cancels it; coordination too.",
)
can_admit_to_structure = rule(
    is_coordination | operates_structure,
    "The operator of the structure admits, discharges and transfers; coordination too.",
)

rules.add_perm("referrals.send_referral", can_send_referral)
rules.add_perm("referrals.answer_referral", can_answer_referral)
rules.add_perm("referrals.assign_referral", can_assign_referral)
rules.add_perm("referrals.cancel_referral", can_cancel_referral)
rules.add_perm("stays.manage_stays", can_admit_to_structure)
