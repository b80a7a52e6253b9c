import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from relais.audit import triggers
from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome
from relais.audit.models import AccessEvent
from relais.audit.services import GENESIS_HASH, access_log_verify, access_record
from relais.users.enums import ALL_ROLES, Role
from tests.factories import UserFactory
from tests.helpers import select_one, text, text_of, texts

pytestmark = pytest.mark.django_db


def _record(user, pseudonym="P-001", **kwargs):
    return access_record(
        user=user, category=AccessCategory.PERSON, action=AccessAction.READ, pseudonym=pseudonym, **kwargs
    )


def test_events_are_chained_and_carry_the_grant():
    user = UserFactory(role=Role.MARAUDE)
    first, second = _record(user), _record(user, "P-002")
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert (second.username, second.role, second.organization) == (user.username, "maraude", user.organization.name)
    assert access_log_verify().broken_at is None


@pytest.mark.parametrize("statement", ["UPDATE audit_accessevent SET pseudonym = 'X'", "DELETE FROM audit_accessevent"])
def test_the_database_refuses_update_and_delete(statement):
    _record(UserFactory(role=Role.MARAUDE))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessEvent.objects.filter(pseudonym="P-001").count() == 1


def test_the_orm_cannot_delete_either():
    event = _record(UserFactory(role=Role.MARAUDE))
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert AccessEvent.objects.count() == 1


def test_verify_finds_a_tampered_event():
    user = UserFactory(role=Role.MARAUDE)
    _record(user)
    tampered = _record(user, "P-002")
    _record(user, "P-003")
    call_command("verify_access_log")
    # Someone with the database owner's rights lifts the protection and rewrites a row.
    triggers.drop(connection)
    AccessEvent.objects.filter(pk=tampered.pk).update(pseudonym="P-999")
    triggers.create(connection)
    report = access_log_verify()
    assert (report.broken_at, report.checked) == (tampered.pk, 1)
    with pytest.raises(CommandError, match=f"événement {tampered.pk}"):
        call_command("verify_access_log")


@pytest.mark.django_db(transaction=True)
def test_a_flushed_test_database_keeps_its_triggers():
    """Transactional tests end with `flush`; the log must be emptied and still protected."""
    _record(UserFactory(role=Role.MARAUDE))
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessEvent.objects.exists()
    _record(UserFactory(role=Role.MARAUDE))
    with pytest.raises(DatabaseError):
        AccessEvent.objects.all().delete()


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_only_the_auditor_reads_the_log(client, role):
    _record(UserFactory(role=Role.MARAUDE), "P-SECRET")
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("audit:access_log"))
    if role == Role.AUDITEUR:
        assert response.status_code == 200
        assert texts(response, "tbody tr td:nth-of-type(7)") == ["P-SECRET"]
    else:
        assert response.status_code == 403
        assert "P-SECRET" not in text_of(response)


def test_auditor_searches_the_log(client, django_assert_num_queries):
    marauder, nurse = UserFactory(role=Role.MARAUDE), UserFactory(role=Role.SOIGNANT)
    _record(marauder, "P-A")
    _record(nurse, "P-B", outcome=AccessOutcome.DENIED)
    client.force_login(UserFactory(role=Role.AUDITEUR))
    url = reverse("audit:access_log")
    response = client.get(url, {"username": nurse.username})
    assert [e.pseudonym for e in response.context["page"]] == ["P-B"]
    response = client.get(url, {"outcome": "denied", "category": "person"})
    assert [e.pseudonym for e in response.context["page"]] == ["P-B"]
    response = client.get(url, {"start": "2030-01-02", "end": "2030-01-01"})
    assert text(select_one(response, "#id_end-desc-error")) == "La date de fin doit suivre la date de début."
    assert list(response.context["page"]) == []
    assert texts(response, "tbody td") == ["Aucun événement."]
    for n in range(30):
        _record(marauder, f"P-{n}")
    with django_assert_num_queries(5):
        client.get(url)
    response = client.get(reverse("audit:verify"))
    assert "Journal intègre : 32 événements vérifiés" in text_of(response)


def test_the_time_column_says_paris_time_and_shows_it(client):
    with time_machine.travel(datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC), tick=False):
        _record(UserFactory(role=Role.MARAUDE), "P-NUIT")
    client.force_login(UserFactory(role=Role.AUDITEUR))
    response = client.get(reverse("audit:access_log"), {"start": "2026-07-02", "end": "2026-07-02"})
    headers = texts(response, "table thead th")
    assert headers[0] == "Date et heure (heure de Paris)"
    assert texts(response, "table tbody tr td")[0] == "02/07/2026 00:30:00"  # 22:30 UTC is 00:30 in Paris
