"""Who may read and write what about consumption sites. Everyone with a grant in force reads the
situation and the counts; writes depend on the role, and two readings are reduced to totals."""

import rules

from relais.users.enums import Role
from relais.users.predicates import has_grant, is_coordination, is_police, rule

GROUND_ROLES = frozenset({Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR, Role.POLICE})
HEALTH_ROLES = frozenset({Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR})
ACTIVITY_WRITERS = HEALTH_ROLES | {Role.COORDINATION}
OBSERVATION_WRITERS = HEALTH_ROLES | {Role.COORDINATION}


@rules.predicate
def is_health_side(user):
    return user.role in HEALTH_ROLES


@rules.predicate
def works_on_the_ground(user):
    return user.role in GROUND_ROLES


@rules.predicate
def writes_activity(user):
    return user.role in ACTIVITY_WRITERS


@rules.predicate
def writes_observations(user):
    return user.role in OBSERVATION_WRITERS


can_view_sites = rule(has_grant, "Everyone with a grant in force reads the sites' situation and counts.")

can_view_precise_points = rule(
    works_on_the_ground,
    "Coordination, maraude, soignant, operateur and police see the precise points of sites; "
    "comite, ville and the others see them by arrondissement only.",
)

can_view_health_activity_detail = rule(
    has_grant & ~is_police,
    "Everyone but the police reads on-site health activity by act type and organisation; the police reads totals.",
)

can_view_security_operation_detail = rule(
    is_police | is_coordination,
    "The police (who records them) and coordination read each security operation; everyone else reads "
    "their totals, published: an operation's arrests and custody are small counts of persons.",
)

can_record_security_operation = rule(is_police, "Only the police records security operations.")

can_record_onsite_activity = rule(
    writes_activity, "Maraude, soignant and operateur record on-site acts, and coordination."
)

can_record_observation = rule(
    writes_observations, "Maraude, soignant, operateur and coordination record headcount observations."
)

can_manage_site = rule(
    is_coordination,
    "Only coordination creates and edits sites, their lifecycle, their services and their "
    "evacuations or mises à l'abri.",
)

rules.add_perm("sites.view_sites", can_view_sites)
rules.add_perm("sites.view_precise_points", can_view_precise_points)
rules.add_perm("sites.view_health_activity_detail", can_view_health_activity_detail)
rules.add_perm("sites.view_security_operation_detail", can_view_security_operation_detail)
rules.add_perm("sites.record_security_operation", can_record_security_operation)
rules.add_perm("sites.record_onsite_activity", can_record_onsite_activity)
rules.add_perm("sites.record_observation", can_record_observation)
rules.add_perm("sites.manage_site", can_manage_site)
