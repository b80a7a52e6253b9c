"""Admissions, exits, transfers, and the invariants the database itself enforces."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.referrals.enums import ReferralStatus
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.stays.services import (
    ERROR_EXIT_IN_FUTURE,
    ERROR_NO_PLACE,
    ERROR_PERSON_HAS_STAY,
    nights_by_structure,
    stay_admit,
    stay_exit,
    stay_transfer,
)
from relais.structures.enums import AvailabilityMode
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of
from tests.people.factories import PathwayStepFactory, PersonFactory, ReferralFactory, StayFactory

pytestmark = pytest.mark.django_db


def _computed(places=2):
    return StructureFactory(places=places, availability_mode=AvailabilityMode.COMPUTED)


def test_admission_takes_a_free_place_and_the_board_counts_it(client):
    structure = _computed(places=2)
    operator = UserFactory(operateur_of=structure.operator)
    stay = stay_admit(person=PersonFactory(), structure=structure, by=operator)
    assert stay.place is not None and stay.place.structure == structure
    client.force_login(UserFactory(role=Role.MARAUDE))
    row = next(r for r in client.get(reverse("board:index")).context["rows"] if r.pk == structure.pk)
    assert (row.places_open, row.occupied, row.free) == (2, 1, 1)
    # Outside the organisations in charge, one person housed is a count of persons: published.
    client.force_login(UserFactory(role=Role.POLICE))
    row = next(r for r in client.get(reverse("board:index")).context["rows"] if r.pk == structure.pk)
    assert (row.places_open, row.occupied, row.free) == (2, None, None)


def test_no_admission_beyond_the_places_in_service():
    structure = _computed(places=1)
    operator = UserFactory(operateur_of=structure.operator)
    stay_admit(person=PersonFactory(), structure=structure, by=operator)
    with pytest.raises(ValidationError) as exc:
        stay_admit(person=PersonFactory(), structure=structure, by=operator)
    assert exc.value.messages == [ERROR_NO_PLACE]
    assert Stay.objects.filter(structure=structure).count() == 1


def test_a_person_has_one_open_stay_at_most():
    first, second = _computed(), _computed()
    person = PersonFactory()
    stay_admit(person=person, structure=first, by=UserFactory(operateur_of=first.operator))
    with pytest.raises(ValidationError) as exc:
        stay_admit(person=person, structure=second, by=UserFactory(operateur_of=second.operator))
    assert exc.value.messages == [ERROR_PERSON_HAS_STAY]


def test_the_database_refuses_two_open_stays_for_one_person():
    stay = StayFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(person=stay.person, structure=_computed(), admitted_by=stay.admitted_by)


def test_the_database_refuses_two_open_stays_for_one_place():
    stay = StayFactory(place=None)
    place = stay.structure.places.first()
    Stay.objects.filter(pk=stay.pk).update(place=place)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(person=PersonFactory(), structure=stay.structure, place=place, admitted_by=stay.admitted_by)


def test_the_database_refuses_more_open_stays_than_places():
    structure = _computed(places=1)
    operator = UserFactory(operateur_of=structure.operator)
    Stay.objects.create(person=PersonFactory(), structure=structure, admitted_by=operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(person=PersonFactory(), structure=structure, admitted_by=operator)
    # Reopening a closed stay is an admission too.
    closed = Stay.objects.create(
        person=PersonFactory(),
        structure=_computed(places=1),
        admitted_by=operator,
        admitted_at=timezone.now() - timezone.timedelta(days=2),
        exited_at=timezone.now(),
        exit_destination=ExitDestination.STREET,
    )
    Stay.objects.create(person=PersonFactory(), structure=closed.structure, admitted_by=operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.filter(pk=closed.pk).update(exited_at=None, exit_destination="")


def test_exit_frees_the_place_and_records_the_destination():
    structure = _computed(places=1)
    operator = UserFactory(operateur_of=structure.operator)
    stay = stay_admit(person=PersonFactory(), structure=structure, by=operator)
    stay_exit(stay=stay, by=operator, destination=ExitDestination.HOUSING)
    stay.refresh_from_db()
    assert stay.exit_destination == ExitDestination.HOUSING and stay.exited_by == operator
    assert stay_admit(person=PersonFactory(), structure=structure, by=operator).place == stay.place


def test_an_exit_is_recorded_once_it_has_happened_not_in_advance():
    # The history would count the stay until its exit while the live row had already freed the place:
    # an exit dated later than now (beyond the clocks' drift) is refused, nothing changes.
    structure = _computed(places=1)
    operator = UserFactory(operateur_of=structure.operator)
    stay = stay_admit(person=PersonFactory(), structure=structure, by=operator)
    with pytest.raises(ValidationError) as refused:
        stay_exit(
            stay=stay, by=operator, destination=ExitDestination.HOUSING, at=timezone.now() + timezone.timedelta(hours=2)
        )
    assert refused.value.messages == [ERROR_EXIT_IN_FUTURE]
    stay.refresh_from_db()
    assert stay.is_open
    with pytest.raises(ValidationError):
        stay_admit(person=PersonFactory(), structure=structure, by=operator)  # the place is still taken
    # A phone a few minutes ahead of the server still records "now".
    stay_exit(
        stay=stay, by=operator, destination=ExitDestination.HOUSING, at=timezone.now() + timezone.timedelta(minutes=3)
    )
    stay.refresh_from_db()
    assert not stay.is_open


def test_transfer_is_exit_and_admission_together_or_nothing():
    origin, full = _computed(places=1), _computed(places=1)
    coordination = UserFactory(role=Role.COORDINATION)
    stay = stay_admit(person=PersonFactory(), structure=origin, by=coordination)
    stay_admit(person=PersonFactory(), structure=full, by=coordination)
    with pytest.raises(ValidationError):
        stay_transfer(stay=stay, to_structure=full, by=coordination)
    stay.refresh_from_db()
    assert stay.is_open  # the exit was rolled back with the failed admission
    target = _computed(places=1)
    new = stay_transfer(stay=stay, to_structure=target, by=coordination)
    stay.refresh_from_db()
    assert stay.exit_destination == ExitDestination.OTHER_STRUCTURE and new.structure == target and new.is_open


def test_operator_admits_an_accepted_referral_through_the_page(client):
    referral = ReferralFactory(accepted=True)
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    response = client.post(reverse("people:referral_admit", args=[referral.pk]), {"place": ""})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ADMITTED and referral.admitted_at is not None
    assert Stay.objects.get(referral=referral).structure == referral.to_structure


def test_full_structure_answers_a_clear_message(client):
    referral = ReferralFactory(accepted=True, to_structure__places=1)
    StayFactory(structure=referral.to_structure)
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    response = client.post(reverse("people:referral_admit", args=[referral.pk]), {"place": ""})
    assert ERROR_NO_PLACE in messages_of(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_operator_of_another_structure_cannot_exit_a_stay(client):
    stay = StayFactory()
    client.force_login(UserFactory(role=Role.OPERATEUR))
    response = client.post(reverse("people:stay_exit", args=[stay.pk]), {"destination": "street"})
    assert response.status_code == 404
    stay.refresh_from_db()
    assert stay.is_open


def test_nights_are_derived(client):
    stay = StayFactory(admitted_at=timezone.now() - timezone.timedelta(days=3))
    assert stay.nights == 3


def test_nights_by_structure_are_summed_in_sql():
    structure = _computed(places=3)
    now = timezone.now()
    StayFactory(
        structure=structure,
        admitted_at=now - timezone.timedelta(days=10),
        exited_at=now - timezone.timedelta(days=4),
        exit_destination=ExitDestination.HOUSING,
    )
    StayFactory(structure=structure, admitted_at=now - timezone.timedelta(days=2))
    [row] = list(nights_by_structure(Stay.objects.filter(structure=structure)))
    assert row["total"].days == 8


def test_stay_list_has_a_fixed_number_of_queries(client):
    structure = _computed(places=10)
    operator = UserFactory(operateur_of=structure.operator)
    client.force_login(operator)
    stay_admit(person=PersonFactory(), structure=structure, by=operator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:stay_list"))
    for _ in range(5):
        stay_admit(person=PersonFactory(), structure=structure, by=operator)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("people:stay_list"))
    assert response.context["page"].paginator.count == 6
    assert len(many) == len(few)


def test_person_page_has_a_fixed_number_of_queries(client):
    person = PersonFactory()
    user = UserFactory(role=Role.COORDINATION)
    client.force_login(user)
    StayFactory(person=person)
    ReferralFactory(person=person)
    PathwayStepFactory(person=person)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:person_detail", args=[person.pk]))
    for _ in range(3):
        ReferralFactory(person=person)
        PathwayStepFactory(person=person)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("people:person_detail", args=[person.pk]))
    assert len(many) == len(few)


def test_operator_exports_its_open_stays_with_one_export_event(client):
    from relais.audit.enums import AccessAction
    from relais.audit.models import AccessEvent

    structure = _computed(places=3)
    structure.name = "=HYPERLINK(1)"
    structure.save()
    operator = UserFactory(operateur_of=structure.operator)
    stay = stay_admit(person=PersonFactory(alias="Jamais-Exporte"), structure=structure, by=operator)
    StayFactory()  # another operator's stay
    client.force_login(operator)
    before = AccessEvent.objects.count()
    response = client.get(reverse("people:stay_export"))
    body = response.content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert len(lines) == 2 and stay.person.display_code in lines[1]
    assert lines[1].startswith("'=HYPERLINK(1)") and "Jamais-Exporte" not in body
    [event] = AccessEvent.objects.order_by("pk")[before:]
    assert (event.action, event.count) == (AccessAction.EXPORT, 1)
    client.force_login(UserFactory(role=Role.MARAUDE))
    assert client.get(reverse("people:stay_export")).status_code == 403


def test_admission_from_a_referral_ends_the_stay_elsewhere_as_a_transfer(client):
    rest = _computed(places=2)
    previous = stay_admit(person=PersonFactory(), structure=rest, by=UserFactory(operateur_of=rest.operator))
    referral = ReferralFactory(person=previous.person, accepted=True)
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    client.post(reverse("people:referral_admit", args=[referral.pk]), {"place": ""})
    previous.refresh_from_db()
    assert previous.exit_destination == ExitDestination.OTHER_STRUCTURE
    assert Stay.objects.open().get(person=previous.person).structure == referral.to_structure


def test_failed_admission_keeps_the_stay_elsewhere_open(client):
    rest = _computed(places=2)
    previous = stay_admit(person=PersonFactory(), structure=rest, by=UserFactory(operateur_of=rest.operator))
    referral = ReferralFactory(person=previous.person, accepted=True, to_structure__places=1)
    StayFactory(structure=referral.to_structure)
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    response = client.post(reverse("people:referral_admit", args=[referral.pk]), {"place": ""})
    assert ERROR_NO_PLACE in messages_of(response)
    previous.refresh_from_db()
    assert previous.is_open
