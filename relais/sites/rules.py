"""Who may read and write what about consumption sites. Everyone with a grant in force reads the
situation and the counts; writes depend on the role, and two readings are reduced to totals."""

import rules

from relais.users.enums import Role

GROUND_ROLES = frozenset({Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR, Role.POLICE})
HEALTH_ROLES = frozenset({Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR})
ACTIVITY_WRITERS = HEALTH_ROLES | {Role.COORDINATION}
OBSERVATION_WRITERS = HEALTH_ROLES | {Role.COORDINATION}


@rules.predicate
def has_grant(user):
    return getattr(user, "active_grant", None) is not None


@rules.predicate
def is_coordination(user):
    return user.role == Role.COORDINATION


@rules.predicate
def is_police(user):
    return user.role == Role.POLICE


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


can_view_sites = has_grant
can_view_sites.__doc__ = "Everyone with a grant in force reads the sites' situation and counts."

can_view_precise_points = works_on_the_ground
can_view_precise_points.__doc__ = (
    "Coordination, maraude, soignant, operateur and police see the precise points of sites; "
    "comite, ville and the others see them by arrondissement only."
)

can_view_health_activity_detail = has_grant & ~is_police
can_view_health_activity_detail.__doc__ = (
    "Everyone but the police reads on-site health activity by act type and organisation; the police reads totals."
)

can_view_security_operation_detail = has_grant & ~is_health_side
can_view_security_operation_detail.__doc__ = (
    "Police, coordination, comité and Ville read each security operation; maraude, soignant and "
    "operateur read them as totals only."
)

can_record_security_operation = is_police
can_record_security_operation.__doc__ = "Only the police records security operations."

can_record_onsite_activity = writes_activity
can_record_onsite_activity.__doc__ = "Maraude, soignant and operateur record on-site acts, and coordination."

can_record_observation = writes_observations
can_record_observation.__doc__ = "Maraude, soignant, operateur and coordination record headcount observations."

can_manage_site = is_coordination
can_manage_site.__doc__ = (
    "Only coordination creates and edits sites, their lifecycle, their services and their "
    "evacuations or mises à l'abri."
)

rules.add_perm("sites.view_sites", can_view_sites)
rules.add_perm("sites.view_precise_points", can_view_precise_points)
rules.add_perm("sites.view_health_activity_detail", can_view_health_activity_detail)
rules.add_perm("sites.view_security_operation_detail", can_view_security_operation_detail)
rules.add_perm("sites.record_security_operation", can_record_security_operation)
rules.add_perm("sites.record_onsite_activity", can_record_onsite_activity)
rules.add_perm("sites.record_observation", can_record_observation)
rules.add_perm("sites.manage_site", can_manage_site)
