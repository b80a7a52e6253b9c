"""Who may see person-level data at all: the one place that reads the grant for it."""

from relais.users.enums import PERSON_DATA_ROLES


def person_data_grant(user):
    """The grant in force when its role may see person-level data, else None (deny by default)."""
    grant = getattr(user, "active_grant", None)
    if grant is None or grant.role not in PERSON_DATA_ROLES:
        return None
    return grant
