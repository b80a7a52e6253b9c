import pytest

from relais.users.services import roles_sync


@pytest.fixture
def synced_roles(db):
    """Role groups as `sync_roles` makes them in every deployment."""
    roles_sync()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache; ids repeat between tests once the database rolls back."""
    from django.core.cache import cache

    cache.clear()
