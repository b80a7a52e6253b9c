"""Many admissions at once on the last free place: exactly one wins, on SQLite and PostgreSQL.

Each thread has its own database connection (Django opens one per thread); the test database
is a file on SQLite (config/settings/test.py) so that threads share it with real locking.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.stays.services import ERROR_NO_PLACE, stay_admit, stay_exit
from relais.structures.enums import AvailabilityMode
from relais.structures.live import availability_drift
from relais.structures.models import StructureAvailability
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 20


def _run_concurrently(worker, count):
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = worker(index)
        except Exception as exc:  # collected and asserted by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _structure_with_one_free_place():
    structure = StructureFactory(places=3, availability_mode=AvailabilityMode.COMPUTED)
    operator = UserFactory(operateur_of=structure.operator)
    for _ in range(2):
        stay_admit(person=PersonFactory(), structure=structure, by=operator)
    return structure, operator


def test_twenty_concurrent_admissions_on_the_last_place_one_succeeds():
    structure, operator = _structure_with_one_free_place()
    persons = [PersonFactory() for _ in range(ATTEMPTS)]

    results = _run_concurrently(lambda i: stay_admit(person=persons[i], structure=structure, by=operator), ATTEMPTS)

    admitted = [r for r in results if isinstance(r, Stay)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(admitted) == 1, results
    assert len(refused) == ATTEMPTS - 1, results
    assert all(r.messages == [ERROR_NO_PLACE] for r in refused)
    assert Stay.objects.open().filter(structure=structure).count() == 3


def test_the_database_alone_holds_the_capacity_under_concurrent_inserts():
    """Writers that skip the service (no row lock in Python) still cannot overfill the structure."""
    structure, operator = _structure_with_one_free_place()
    persons = [PersonFactory() for _ in range(ATTEMPTS)]

    def insert(i):
        with transaction.atomic():
            return Stay.objects.create(person=persons[i], structure=structure, admitted_by=operator)

    results = _run_concurrently(insert, ATTEMPTS)

    assert sum(isinstance(r, Stay) for r in results) == 1, results
    assert sum(isinstance(r, IntegrityError) for r in results) == ATTEMPTS - 1, results
    assert Stay.objects.open().filter(structure=structure).count() == 3


def test_concurrent_admissions_and_exits_leave_the_live_row_equal_to_the_history():
    """Each writer recomputes the row under the structure's lock: none writes a figure that misses another's change."""
    structure = StructureFactory(places=12, availability_mode=AvailabilityMode.COMPUTED)
    operator = UserFactory(operateur_of=structure.operator)
    stays = [stay_admit(person=PersonFactory(), structure=structure, by=operator) for _ in range(6)]
    persons = [PersonFactory() for _ in range(6)]

    def work(i):
        if i % 2:
            return stay_exit(stay=stays[i // 2], by=operator, destination=ExitDestination.HOUSING)
        return stay_admit(person=persons[i // 2], structure=structure, by=operator)

    results = _run_concurrently(work, 12)

    assert all(isinstance(r, Stay) for r in results), [r for r in results if not isinstance(r, Stay)]
    assert availability_drift() == []
    assert StructureAvailability.objects.get(structure=structure).occupied == 6
