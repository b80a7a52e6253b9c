"""Who sees which dashboard. Every dashboard shows aggregates only, never person-level data."""

import rules

from relais.users.enums import Role
from relais.users.predicates import is_comite, is_coordination, is_police, rule


@rules.predicate
def operates_organization(user, organization):
    return user.role == Role.OPERATEUR and organization is not None and organization.pk == user.organization.pk


can_view_comite_dashboard = rule(
    is_comite | is_coordination, "The comité's members and the coordination cell that prepares its meetings."
)
can_view_coordination_dashboard = rule(
    is_coordination, "Only the coordination cell (it includes the freshness of every figure)."
)
can_view_operateur_dashboard = rule(
    operates_organization | is_coordination, "An operator for its own organisation; coordination for any operator."
)
can_view_police_dashboard = rule(
    is_police | is_coordination,
    "The Préfecture de police (figures on persons published with disclosure control) and coordination.",
)

rules.add_perm("indicators.view_comite_dashboard", can_view_comite_dashboard)
rules.add_perm("indicators.view_coordination_dashboard", can_view_coordination_dashboard)
rules.add_perm("indicators.view_operateur_dashboard", can_view_operateur_dashboard)
rules.add_perm("indicators.view_police_dashboard", can_view_police_dashboard)
