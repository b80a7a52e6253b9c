"""Who may change the registry. Reading it is open to every role that works with places."""

import rules

from relais.users.predicates import belongs_to, is_coordination, is_operator, operates_structure, rule

can_manage_structure = rule(
    is_coordination | operates_structure,
    "Coordination manages every structure; an operator those its organisation runs.",
)
can_create_structure = rule(
    is_coordination | is_operator, "Coordination for any operator; an operator for its own organisation."
)
can_assign_operator = rule(
    is_coordination | (is_operator & belongs_to),
    "The organisation that runs a structure: any, chosen by coordination; its own, for an operator.",
)
can_import_structures = rule(is_coordination, "Only coordination imports an ARS extract into the registry.")

rules.add_perm("structures.manage_structure", can_manage_structure)
rules.add_perm("structures.create_structure", can_create_structure)
rules.add_perm("structures.assign_operator", can_assign_operator)
rules.add_perm("structures.import_structures", can_import_structures)
