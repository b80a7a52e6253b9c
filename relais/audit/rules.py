import rules

from relais.users.enums import Role


@rules.predicate
def can_read_access_log(user):
    """Only the data-protection officer (auditeur) reads the access log."""
    return user.role == Role.AUDITEUR


rules.add_perm("audit.read_access_log", can_read_access_log)
