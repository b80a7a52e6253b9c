"""The read router's decisions, on any database (the real replica is in test_replica.py)."""

import pytest
from django.urls import reverse

from relais.audit.models import AccessEvent
from relais.ops import replica
from relais.people.models import Person
from relais.structures.models import Structure
from relais.users.models import User
from tests.factories import StructureFactory, UserFactory
from tests.helpers import select


@pytest.fixture
def replica_scope():
    token = replica._SCOPE.set(replica._ReadScope(replica=True))
    yield replica._SCOPE.get()
    replica._SCOPE.reset(token)


def test_a_replica_scope_reads_aggregates_on_the_replica_and_people_on_the_primary(replica_scope):
    router = replica.ReplicaRouter()
    assert router.db_for_read(Structure) == "replica"
    for model in (Person, User, AccessEvent):
        assert router.db_for_read(model) == "default"
    # Bookkeeping writes keep the replica; a write of data sends the rest of the request to the primary.
    assert router.db_for_write(AccessEvent) == "default"
    assert router.db_for_read(Structure) == "replica"
    assert router.db_for_write(Structure) == "default"
    assert router.db_for_read(Structure) == "default"


def test_outside_a_replica_scope_the_router_leaves_reads_alone():
    router = replica.ReplicaRouter()
    assert router.db_for_read(Structure) is None
    assert router.db_for_read(Person) == "default"
    assert router.allow_migrate("replica", "structures") is False
    assert router.allow_migrate("default", "structures") is None


@pytest.mark.django_db
def test_without_a_replica_pages_read_the_primary_and_say_nothing(client):
    structure = StructureFactory(places=4, occupied=1)
    client.force_login(UserFactory(operateur_of=structure.operator))
    page = client.get(reverse("board:index"))
    assert "X-Relais-Replica-Lag" not in page
    assert not select(page, "#lecture-replique")
    response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 2})
    assert replica.STICKY_COOKIE not in response.cookies


def test_a_person_page_is_never_a_replica_page(settings):
    assert not any(pattern.startswith(("people:", "rights:")) for pattern in settings.RELAIS_REPLICA_VIEWS)
