"""The notes of the facts journal and the queued emails are written in the write's own transaction: committed
with it, gone with it, and no second transaction after every write."""

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from relais.indicators import fact_journal
from relais.indicators.models import FactChange
from relais.notifications.enums import NotificationKind
from relais.notifications.services import notify
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

DAY = timezone.timedelta(days=1)


class Refused(Exception):
    pass


def _journal_inserts_in_transaction(statements):
    """Whether each INSERT of the journal ran inside a transaction (not in autocommit, after the commit)."""

    def record(execute, sql, params, many, context):
        if "indicators_factchange" in sql:
            statements.append(not connection.get_autocommit())
        return execute(sql, params, many, context)

    return connection.execute_wrapper(record)


def test_the_notes_are_inserted_in_the_transaction_of_the_write():
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED)
    person, operator = PersonFactory(), UserFactory(role=Role.OPERATEUR)
    FactChange.objects.all().delete()
    fact_journal.discard()
    entered = timezone.now() - 5 * DAY
    statements = []
    with _journal_inserts_in_transaction(statements), transaction.atomic():
        Stay.objects.create(person=person, structure=structure, admitted_at=entered, admitted_by=operator)
    assert statements == [True]
    assert set(FactChange.objects.values_list("area", "day")) >= {("stays", timezone.localdate(entered))}


def test_a_rolled_back_write_is_noted_at_the_next_commit():
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED)
    person, operator = PersonFactory(), UserFactory(role=Role.OPERATEUR)
    FactChange.objects.all().delete()
    fact_journal.discard()
    entered = timezone.now() - 7 * DAY
    with pytest.raises(Refused), transaction.atomic():
        Stay.objects.create(person=person, structure=structure, admitted_at=entered, admitted_by=operator)
        raise Refused
    assert not FactChange.objects.exists()
    with transaction.atomic():
        structure.name = "Renommée"
        structure.save(update_fields=["name"])
    assert ("stays", timezone.localdate(entered)) in set(FactChange.objects.values_list("area", "day"))


def test_an_email_is_queued_only_if_the_write_commits():
    recipient = UserFactory(role=Role.COORDINATION)
    kind = NotificationKind.values[0]
    with pytest.raises(Refused), transaction.atomic():
        assert notify(recipients=[recipient], kind=kind, url="/referrals/", key="event-1") == 1
        raise Refused
    assert not DBTaskResult.objects.exists()
    with transaction.atomic():
        assert notify(recipients=[recipient], kind=kind, url="/referrals/", key="event-2") == 1
        assert DBTaskResult.objects.count() == 1  # queued inside the transaction, nothing after its commit
    assert DBTaskResult.objects.count() == 1
