"""Each write of the referral → admission → exit cycle runs a fixed number of queries, whatever the size
of the history: the live row moves by one step, nothing is recomputed nor read again."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relais.notifications.models import Notification
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.referrals.services import ERROR_ALREADY_REFERRED, referral_accept, referral_send
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.stays.services import stay_admit, stay_exit
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.live import availability_drift
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.people.factories import PersonFactory, StayFactory

pytestmark = pytest.mark.django_db

# Inside the test's transaction each service's own is a savepoint (two statements, as BEGIN and COMMIT).
# Orientation and admission each end the person's open waits for a place (one UPDATE, `orientation`'s listeners).
EXPECTED = {"orientation": 10, "acceptation": 8, "admission": 14, "sortie": 7}


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


def _entry(instance):
    return LogEntry.objects.get_for_object(instance).order_by("-pk").first()


def test_the_change_history_keeps_the_entries_auditlog_writes_itself():
    """The services log a change from the row they locked (`save_logged`) rather than letting auditlog
    read it again: the entries are those auditlog's own receiver writes for the same change."""
    structure = StructureFactory(kind=StructureKind.LHSS, places=3, availability_mode=AvailabilityMode.COMPUTED)
    operator = UserFactory(operateur_of=structure.operator)
    sender = UserFactory(role=Role.COORDINATION)
    by_service, by_receiver = (
        referral_send(person=PersonFactory(consented=True), by=sender, to_structure=structure) for _ in range(2)
    )
    by_service = referral_accept(referral=by_service, by=operator)
    stay = stay_admit(person=by_service.person, structure=structure, by=operator, referral=by_service)
    stay = stay_exit(stay=stay, by=operator, destination=ExitDestination.HOUSING)
    # The same changes, saved plainly: auditlog reads the row again and writes its entry.
    fields = ["status", "acknowledged_at", "answered_at"]
    for field in fields:
        setattr(by_receiver, field, getattr(Referral.objects.get(pk=by_service.pk), field))
    by_receiver.status = ReferralStatus.ACCEPTED
    by_receiver.save(update_fields=fields)
    accepted = LogEntry.objects.get_for_object(by_service).order_by("pk")[1]
    assert (accepted.action, accepted.changes) == (_entry(by_receiver).action, _entry(by_receiver).changes)
    assert accepted.object_repr == str(by_service)
    twin = StayFactory(structure=structure, person=PersonFactory())
    Stay.objects.filter(pk=twin.pk).update(admitted_at=stay.admitted_at)
    twin.refresh_from_db()
    twin.exited_at, twin.exited_by, twin.exit_destination = stay.exited_at, stay.exited_by, stay.exit_destination
    twin.save(update_fields=["exited_at", "exited_by", "exit_destination"])
    assert _entry(stay).changes == _entry(twin).changes
    assert _entry(stay).action == LogEntry.Action.UPDATE


def test_a_write_refused_by_a_unique_index_leaves_nothing_behind():
    """The INSERTs that a unique index may refuse skip the row (no savepoint around them): the service
    still answers in French, and no transition, entry or notification is left of the refused write."""
    structure = StructureFactory(kind=StructureKind.LHSS, places=3, availability_mode=AvailabilityMode.COMPUTED)
    UserFactory(operateur_of=structure.operator)
    sender = UserFactory(role=Role.COORDINATION)
    person = PersonFactory(consented=True)
    referral = referral_send(person=person, by=sender, to_structure=structure)
    counts = (
        Referral.objects.count(),
        ReferralTransition.objects.count(),
        LogEntry.objects.count(),
        Notification.objects.count(),
    )
    with pytest.raises(ValidationError) as refused:
        referral_send(person=person, by=sender, to_structure=structure)
    assert refused.value.messages == [ERROR_ALREADY_REFERRED]
    assert counts == (
        Referral.objects.count(),
        ReferralTransition.objects.count(),
        LogEntry.objects.count(),
        Notification.objects.count(),
    )
    assert Referral.objects.get().pk == referral.pk
