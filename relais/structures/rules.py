"""Who may change the registry. Reading it is open to every role that works with places."""

import rules

from relais.users.enums import Role


@rules.predicate
def is_coordination(user):
    return user.role == Role.COORDINATION


@rules.predicate
def operates_structure(user, structure):
    return user.role == Role.OPERATEUR and structure is not None and structure.operator_id == user.organization.pk


@rules.predicate
def is_operator(user):
    return user.role == Role.OPERATEUR


can_manage_structure = is_coordination | operates_structure
can_manage_structure.__doc__ = "Coordination manages every structure; an operator those its organisation runs."
can_create_structure = is_coordination | is_operator
can_create_structure.__doc__ = "Coordination for any operator; an operator for its own organisation."
can_import_structures = is_coordination
can_import_structures.__doc__ = "Only coordination imports an ARS extract into the registry."

rules.add_perm("structures.manage_structure", can_manage_structure)
rules.add_perm("structures.create_structure", can_create_structure)
rules.add_perm("structures.import_structures", can_import_structures)
