import pytest

from relais.users.services import roles_sync


@pytest.fixture
def synced_roles(db):
    """Role groups as `sync_roles` makes them in every deployment."""
    roles_sync()
