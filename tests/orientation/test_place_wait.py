"""Waiting for a kind of place without a referral: who may put a person on the list, what ends the wait
(a referral to that kind, an admission, a reason by hand), and the list and the engine that read it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relais.orientation.enums import WaitEnd
from relais.orientation.models import Allocation, PlaceWait, VulnerabilityFlag
from relais.orientation.services import (
    ERROR_ALREADY_WAITING,
    ERROR_WAIT_CONSENT,
    ERROR_WAIT_HOUSED,
    ERROR_WAIT_REFERRED,
    ERROR_WAIT_ROLE,
    place_wait_add,
    place_wait_end,
)
from relais.orientation.waiting import waiting_list
from relais.people.models import Person
from relais.people.services import person_merge, person_merge_undo
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.referrals.services import referral_send
from relais.retention.anonymise import persons_anonymise
from relais.retention.enums import AnonymisationReason
from relais.retention.rights import person_export
from relais.stays.services import stay_admit
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of, select, select_one, text
from tests.orientation.factories import flagged, on_the_list, waiting_person
from tests.people.factories import ContactFactory, PersonFactory, ReferralFactory, StayFactory

pytestmark = pytest.mark.django_db

HOTEL, CHRS = StructureKind.HOTEL, StructureKind.CHRS


def _maraude(person):
    return UserFactory(role=Role.MARAUDE, organization=person.created_by_organization)


def test_a_maraude_puts_a_person_on_the_list_who_then_shows_with_needs_wait_and_last_contact(client):
    person = PersonFactory(consented=True, need_pets=True)
    ContactFactory(person=person, occurred_at=timezone.now() - datetime.timedelta(days=3))
    maraude = _maraude(person)
    client.force_login(maraude)
    response = client.post(reverse("orientation:wait_add", args=[person.pk]), {"kind": CHRS})
    assert f"Inscrite sur la liste d'attente : {StructureKind(CHRS).label}." in messages_of(response)
    wait = PlaceWait.objects.get()
    assert (wait.kind, wait.created_by, wait.organization, wait.ended_at) == (CHRS, maraude, maraude.organization, None)
    PlaceWait.objects.filter(pk=wait.pk).update(since=timezone.now() - datetime.timedelta(days=15))
    client.force_login(UserFactory(role=Role.COORDINATION))
    page = client.get("/liste-d-attente/")
    row = select_one(page, f"[data-testid=entry-{person.display_code}]")
    cells = [text(td) for td in select(row, "td")]
    assert "Avec animal" in cells[2] and StructureKind(CHRS).label in cells[2]
    assert "(15 j)" in cells[3]
    assert cells[4] == (timezone.localdate() - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    assert "En attente" in text(select_one(row, "[data-testid=wait]"))
    assert "2 semaine(s) d'attente : 4" in text(select_one(row, "[data-testid=why]"))


@pytest.mark.parametrize("role", [Role.OPERATEUR, Role.SOIGNANT, Role.POLICE, Role.COMITE])
def test_other_roles_cannot_put_a_person_on_the_list(client, role):
    person = PersonFactory(consented=True)
    user = UserFactory(role=role, organization=person.created_by_organization)
    client.force_login(user)
    assert client.post(reverse("orientation:wait_add", args=[person.pk]), {"kind": HOTEL}).status_code == 403
    with pytest.raises(ValidationError) as exc:
        place_wait_add(person=person, kind=HOTEL, by=user)
    assert exc.value.messages == [ERROR_WAIT_ROLE]
    assert not PlaceWait.objects.exists()


def test_a_maraude_that_does_not_follow_the_person_gets_404(client):
    person = on_the_list()
    stranger = UserFactory(role=Role.MARAUDE)
    client.force_login(stranger)
    assert client.post(reverse("orientation:wait_add", args=[person.pk]), {"kind": CHRS}).status_code == 404
    wait = PlaceWait.objects.get()
    end = client.post(reverse("orientation:wait_end", args=[wait.pk]), {"reason": WaitEnd.LOST})
    assert end.status_code == 404
    wait.refresh_from_db()
    assert PlaceWait.objects.count() == 1 and wait.ended_at is None


def test_refusals_change_nothing():
    no_consent = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        place_wait_add(person=no_consent, kind=HOTEL, by=_maraude(no_consent))
    assert exc.value.messages == [ERROR_WAIT_CONSENT]
    housed = PersonFactory(consented=True)
    StayFactory(person=housed)
    with pytest.raises(ValidationError) as exc:
        place_wait_add(person=housed, kind=HOTEL, by=_maraude(housed))
    assert exc.value.messages == [ERROR_WAIT_HOUSED]
    referred = waiting_person(kind=HOTEL)
    with pytest.raises(ValidationError) as exc:
        place_wait_add(person=referred, kind=HOTEL, by=_maraude(referred))
    assert exc.value.messages == [ERROR_WAIT_REFERRED]
    waiting = on_the_list(kind=HOTEL)
    with pytest.raises(ValidationError) as exc:
        place_wait_add(person=waiting, kind=HOTEL, by=_maraude(waiting))
    assert exc.value.messages == [ERROR_ALREADY_WAITING]
    assert PlaceWait.objects.count() == 1
    # Coordination may put anyone on the list; another kind of place is another wait.
    assert place_wait_add(person=waiting, kind=CHRS, by=UserFactory(role=Role.COORDINATION)).kind == CHRS


def test_a_referral_to_that_kind_ends_the_wait_and_keeps_its_date():
    person = on_the_list(days=20, kind=HOTEL)
    other_kind = on_the_list(days=20, kind=CHRS)
    maraude = _maraude(person)
    referral = referral_send(person=person, by=maraude, to_kind=HOTEL)
    referral_send(person=other_kind, by=_maraude(other_kind), to_kind=HOTEL)
    wait = PlaceWait.objects.get(person=person)
    assert (wait.end_reason, wait.ended_by, wait.ended_at) == (WaitEnd.REFERRAL, maraude, referral.sent_at)
    assert PlaceWait.objects.get(person=other_kind).ended_at is None
    entries = {e.person: e for e in waiting_list(Person.objects.all())}
    # On the list through the referral now, still counted from the day it was put on the list.
    assert entries[person].waiting_days == 20 and entries[person].waits == []


def test_an_admission_ends_every_wait_of_the_person():
    person = on_the_list(kind=HOTEL)
    coordination = UserFactory(role=Role.COORDINATION)
    place_wait_add(person=person, kind=CHRS, by=coordination)
    hotel = StructureFactory(kind=HOTEL, places=1, availability_mode=AvailabilityMode.COMPUTED)
    operateur = UserFactory(operateur_of=hotel.operator)
    stay = stay_admit(person=person, structure=hotel, by=operateur)
    assert set(PlaceWait.objects.values_list("end_reason", "ended_by", "ended_at")) == {
        (WaitEnd.ADMISSION, operateur.pk, stay.admitted_at)
    }
    assert waiting_list(Person.objects.all()) == []


def test_ended_by_hand_with_a_reason_from_the_list(client):
    person = on_the_list()
    wait = PlaceWait.objects.get()
    maraude = _maraude(person)
    with pytest.raises(ValidationError):
        place_wait_end(wait=wait, reason=WaitEnd.ADMISSION, by=maraude)  # not a reason given by hand
    client.force_login(maraude)
    refused = client.post(reverse("orientation:wait_end", args=[wait.pk]), {"reason": "parti"})
    assert "Indiquez pourquoi l'attente se termine." in messages_of(refused)
    wait.refresh_from_db()
    assert wait.ended_at is None
    client.post(reverse("orientation:wait_end", args=[wait.pk]), {"reason": WaitEnd.SOLVED_ELSEWHERE})
    wait.refresh_from_db()
    assert (wait.end_reason, wait.ended_by) == (WaitEnd.SOLVED_ELSEWHERE, maraude)
    page = client.get(reverse("people:person_detail", args=[person.pk]))
    assert "Solution trouvée par ailleurs" in text(select_one(page, "[data-testid=wait-history]"))
    assert waiting_list(Person.objects.all()) == []
    client.force_login(UserFactory(role=Role.OPERATEUR, organization=person.created_by_organization))
    assert client.post(reverse("orientation:wait_end", args=[wait.pk]), {"reason": WaitEnd.LOST}).status_code == 403


def test_the_engine_places_a_person_waiting_without_referral_by_sending_one(client):
    hotel = StructureFactory(name="Hôtel Riquet", kind=HOTEL, places=1, availability_mode=AvailabilityMode.COMPUTED)
    StructureFactory(kind=CHRS, places=1, availability_mode=AvailabilityMode.COMPUTED)
    person = on_the_list(days=10, kind=HOTEL)
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    client.post("/liste-d-attente/attributions/")
    allocation = Allocation.objects.get()
    (snapshot,) = allocation.persons
    assert snapshot["kinds"] == [HOTEL]
    (match,) = allocation.matches
    assert allocation.places[match["place"]]["structure_id"] == hotel.pk  # the hotel, not the CHRS
    client.post(reverse("orientation:allocation_send", args=[allocation.pk]), {"choix-0": hotel.pk})
    referral = Referral.objects.get(person=person)
    assert (referral.to_structure, referral.status, referral.sent_by) == (hotel, ReferralStatus.SENT, coordination)
    assert PlaceWait.objects.get().end_reason == WaitEnd.REFERRAL


def test_a_person_both_referred_and_waiting_is_listed_once_with_both_kinds():
    person = waiting_person(days=3, kind=HOTEL)
    place_wait_add(person=person, kind=CHRS, by=UserFactory(role=Role.COORDINATION))
    ReferralFactory(person=person, status=ReferralStatus.DECLINED)
    (entry,) = waiting_list(Person.objects.all())
    assert entry.kind_codes == sorted([HOTEL, CHRS]) and entry.waiting_days == 3


def test_a_merge_moves_the_waits_and_flags_and_its_undo_puts_them_back():
    source, target = on_the_list(kind=HOTEL), on_the_list(kind=HOTEL)
    flag = flagged(source)
    coordination = UserFactory(role=Role.COORDINATION)
    merge = person_merge(source=source, target=target, by=coordination)
    assert PlaceWait.objects.filter(person=target).count() == 2 and flag.person == source
    flag.refresh_from_db()
    assert flag.person == target
    (entry,) = waiting_list(Person.objects.all())  # one person, flagged, one kind
    assert (entry.person, entry.flagged_at is not None, entry.kind_codes) == (target, True, [HOTEL])
    person_merge_undo(merge=merge, by=coordination)
    assert PlaceWait.objects.filter(person=source).count() == 1
    flag.refresh_from_db()
    assert flag.person == source


def test_anonymising_a_record_erases_its_flags_and_takes_it_off_the_list():
    person = on_the_list(kind=HOTEL)
    flagged(person, reason="violence")
    export = person_export(person)
    assert [w["type_de_place"] for w in export["attentes_de_place"]] == [StructureKind(HOTEL).label]
    (flag,) = export["vulnerabilite_signalee_par_un_soignant"]
    assert set(flag) == {"le", "retiree_le"}  # no reason in coordination's export
    persons_anonymise([person.pk], reason=AnonymisationReason.ERASURE, on=timezone.localdate())
    assert not VulnerabilityFlag.objects.exists()
    assert PlaceWait.objects.get().end_reason == WaitEnd.ANONYMISED
    assert waiting_list(Person.objects.all()) == []


def test_placed_in_the_kind_it_waits_for_a_referral_to_another_kind_is_left_as_it_is(client):
    hotel = StructureFactory(kind=HOTEL, places=1, availability_mode=AvailabilityMode.COMPUTED)
    person = waiting_person(days=5, kind=CHRS)
    coordination = UserFactory(role=Role.COORDINATION)
    place_wait_add(person=person, kind=HOTEL, by=coordination)
    chrs_referral = Referral.objects.get(person=person)
    client.force_login(coordination)
    client.post("/liste-d-attente/attributions/")
    allocation = Allocation.objects.get()
    client.post(reverse("orientation:allocation_send", args=[allocation.pk]), {"choix-0": hotel.pk})
    chrs_referral.refresh_from_db()
    assert (chrs_referral.to_kind, chrs_referral.to_structure) == (CHRS, None)
    assert Referral.objects.get(person=person, to_structure=hotel).to_kind == HOTEL
    assert PlaceWait.objects.get().end_reason == WaitEnd.REFERRAL
