"""Each write of the referral → admission → exit cycle runs a fixed number of queries, whatever the size
of the history: the live row moves by one step, nothing is recomputed nor read again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relais.referrals.services import referral_accept, referral_send
from relais.stays.enums import ExitDestination
from relais.stays.services import stay_admit, stay_exit
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.live import availability_drift
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Inside the test's transaction each service's own is a savepoint (two statements, as BEGIN and COMMIT).
EXPECTED = {"orientation": 12, "acceptation": 10, "admission": 16, "sortie": 8}


def _cycle(structure, sender, operator) -> dict[str, int]:
    person = PersonFactory(consented=True)
    counts = {}
    with CaptureQueriesContext(connection) as queries:
        referral = referral_send(person=person, by=sender, to_structure=structure)
    counts["orientation"] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        referral = referral_accept(referral=referral, by=operator)
    counts["acceptation"] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        stay = stay_admit(person=person, structure=structure, by=operator, referral=referral)
    counts["admission"] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        stay_exit(stay=stay, by=operator, destination=ExitDestination.HOUSING)
    counts["sortie"] = len(queries)
    return counts


def test_each_write_runs_a_fixed_number_of_queries():
    structure = StructureFactory(kind=StructureKind.LHSS, places=3, availability_mode=AvailabilityMode.COMPUTED)
    operator = UserFactory(operateur_of=structure.operator)
    sender = UserFactory(role=Role.COORDINATION)
    _cycle(structure, sender, operator)  # content types, grants: cached once per process
    assert _cycle(structure, sender, operator) == EXPECTED
    for _ in range(5):  # a longer history: more stays, referrals, notifications
        _cycle(structure, sender, operator)
    stay_admit(person=PersonFactory(), structure=structure, by=operator)
    assert _cycle(structure, sender, operator) == EXPECTED
    assert availability_drift(structures=[structure]) == []
