"""Who sees which dashboard. Every dashboard shows aggregates only, never person-level data."""

import rules

from relais.users.enums import Role


@rules.predicate
def is_coordination(user):
    return user.role == Role.COORDINATION


@rules.predicate
def is_comite(user):
    return user.role == Role.COMITE


@rules.predicate
def is_police(user):
    return user.role == Role.POLICE


@rules.predicate
def operates_organization(user, organization):
    return user.role == Role.OPERATEUR and organization is not None and organization.pk == user.organization.pk


can_view_comite_dashboard = is_comite | is_coordination
can_view_comite_dashboard.__doc__ = "The comité's members and the coordination cell that prepares its meetings."
can_view_coordination_dashboard = is_coordination
can_view_coordination_dashboard.__doc__ = "Only the coordination cell (it includes the freshness of every figure)."
can_view_operateur_dashboard = operates_organization | is_coordination
can_view_operateur_dashboard.__doc__ = "An operator for its own organisation; coordination for any operator."
can_view_police_dashboard = is_police | is_coordination
can_view_police_dashboard.__doc__ = (
    "The Préfecture de police (figures on persons published with disclosure control) and coordination."
)

rules.add_perm("indicators.view_comite_dashboard", can_view_comite_dashboard)
rules.add_perm("indicators.view_coordination_dashboard", can_view_coordination_dashboard)
rules.add_perm("indicators.view_operateur_dashboard", can_view_operateur_dashboard)
rules.add_perm("indicators.view_police_dashboard", can_view_police_dashboard)
