"""The predicates on who the user is (role, grant), defined once for every app's rules.py.

An app's rules.py composes these with its own object predicates into `can_<verb>_<object>` rules,
each named and documented through `rule` (who may).
"""

import rules

from relais.users.enums import Role
from relais.users.grants import person_data_grant


def rule(predicate: rules.Predicate, doc: str) -> rules.Predicate:
    """A rule of its own, documented: a shared predicate used as a rule keeps its docstring, and two
    rules that are the same predicate (`is_coordination`, say) no longer overwrite each other's."""
    named = rules.Predicate(predicate)
    named.__doc__ = doc
    return named


@rules.predicate
def has_grant(user):
    return getattr(user, "active_grant", None) is not None


@rules.predicate
def sees_person_data(user):
    return person_data_grant(user) is not None


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
def is_operator(user):
    return user.role == Role.OPERATEUR


@rules.predicate
def is_soignant(user):
    return user.role == Role.SOIGNANT


@rules.predicate
def is_ville(user):
    return user.role == Role.VILLE


@rules.predicate
def is_auditeur(user):
    return user.role == Role.AUDITEUR


@rules.predicate
def is_outreach(user):
    return user.role in {Role.MARAUDE, Role.SOIGNANT}


@rules.predicate
def operates_structure(user, structure):
    return user.role == Role.OPERATEUR and structure is not None and structure.operator_id == user.organization.pk


@rules.predicate
def belongs_to(user, organization):
    return organization is not None and user.organization is not None and organization.pk == user.organization.pk
