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


@rules.predicate
def operates_structure(user, structure):
    return user.role == Role.OPERATEUR and structure is not None and structure.operator_id == user.organization.pk


can_send_referral = sees_person_data
can_send_referral.__doc__ = "Coordination, maraude, soignant and operateur refer the persons they see."
can_answer_referral = is_coordination | operates_destination
can_answer_referral.__doc__ = "The operator of the destination structure answers (and admits); coordination too."
can_assign_referral = is_coordination
can_assign_referral.__doc__ = "Coordination picks the structure of a referral sent to a kind of place."
can_cancel_referral = is_coordination | (sees_person_data & sent_it)
can_cancel_referral.__doc__ = "The organisation that sent the referral cancels it; coordination too."
can_admit_to_structure = is_coordination | operates_structure
can_admit_to_structure.__doc__ = "The operator of the structure admits, discharges and transfers; coordination too."

rules.add_perm("referrals.send_referral", can_send_referral)
rules.add_perm("referrals.answer_referral", can_answer_referral)
rules.add_perm("referrals.assign_referral", can_assign_referral)
rules.add_perm("referrals.cancel_referral", can_cancel_referral)
rules.add_perm("stays.manage_stays", can_admit_to_structure)
