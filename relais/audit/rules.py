import rules

from relais.users.predicates import is_auditeur, rule

can_read_access_log = rule(is_auditeur, "Only the data-protection officer (auditeur) reads the access log.")


rules.add_perm("audit.read_access_log", can_read_access_log)
