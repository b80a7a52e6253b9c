"""Referrals through the pages: send, inbox, answer, cancel, remind and expire, waiting times."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.models import AccessEvent
from relais.people.enums import ConsentPurpose
from relais.referrals.enums import DeclineReason, ReferralStatus
from relais.referrals.models import Referral
from relais.referrals.services import ERROR_NO_CONSENT, referral_send, waiting_times
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of, text_of
from tests.people.factories import ConsentFactory, ContactFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _maraude_of(person):
    return UserFactory(role=Role.MARAUDE, organization=person.created_by_organization)


def test_maraude_sees_proposals_with_free_places_nearest_first(client):
    person = PersonFactory(consented=True)
    ContactFactory(person=person, cog="75119")
    near = StructureFactory(name="Proche", places=2, occupied=1, cog="75119", latitude=48.887, longitude=2.385)
    far = StructureFactory(name="Lointaine", places=2, occupied=0, cog="75115", latitude=48.84, longitude=2.29)
    full = StructureFactory(name="Pleine", places=2, occupied=2)
    client.force_login(_maraude_of(person))
    response = client.get(reverse("people:refer", args=[person.pk]))
    names = [p.structure.name for p in response.context["proposals"]]
    assert names.index("Proche") < names.index("Lointaine")
    assert "Pleine" not in names
    assert near.pk and far.pk and full.pk


def test_proposals_follow_the_needs(client):
    person = PersonFactory(consented=True, need_pets=True)
    StructureFactory(name="Sans animaux", places=2, occupied=0)
    with_pets = StructureFactory(name="Avec animaux", places=1, occupied=0)
    with_pets.places.update(pets=True)
    client.force_login(_maraude_of(person))
    names = [p.structure.name for p in client.get(reverse("people:refer", args=[person.pk])).context["proposals"]]
    assert names == ["Avec animaux"]


def test_send_then_operator_inbox_acknowledge_accept(client):
    person = PersonFactory(consented=True)
    structure = StructureFactory(places=2, availability_mode=AvailabilityMode.COMPUTED)
    maraude = _maraude_of(person)
    client.force_login(maraude)
    response = client.post(reverse("people:refer", args=[person.pk]), {"structure": structure.pk})
    referral = Referral.objects.get(person=person)
    assert response.url == reverse("people:referral_detail", args=[referral.pk])
    assert (referral.status, referral.from_organization, referral.to_structure) == (
        ReferralStatus.SENT,
        maraude.organization,
        structure,
    )

    operator = UserFactory(operateur_of=structure.operator)
    client.force_login(operator)
    inbox = client.get(reverse("people:referral_list"))
    assert referral in inbox.context["inbox"]
    client.post(reverse("people:referral_acknowledge", args=[referral.pk]))
    client.post(reverse("people:referral_accept", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.acknowledged_at is not None and referral.answered_at is not None
    assert [t.status for t in referral.transitions.all()] == ["sent", "acknowledged", "accepted"]
    assert referral.transitions.last().by == operator

    client.force_login(maraude)  # the sender sees the status
    assert "Acceptée" in text_of(client.get(reverse("people:referral_list")))


def test_referral_needs_the_coordination_consent(client):
    person = PersonFactory()
    structure = StructureFactory(places=2, occupied=0)
    client.force_login(_maraude_of(person))
    response = client.post(reverse("people:refer", args=[person.pk]), {"structure": structure.pk})
    assert ERROR_NO_CONSENT in messages_of(response)
    assert not Referral.objects.exists()
    page = text_of(client.get(reverse("people:person_detail", args=[person.pk])))
    assert "aucune orientation ne peut être envoyée" in page


def test_withdrawn_consent_blocks_again(client):
    person = PersonFactory(consented=True)
    consent = person.consents.get(purpose=ConsentPurpose.COORDINATION)
    client.force_login(_maraude_of(person))
    client.post(reverse("people:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    response = client.post(reverse("people:refer", args=[person.pk]), {"structure": StructureFactory(places=1).pk})
    assert ERROR_NO_CONSENT in messages_of(response)


def test_decline_with_reason_and_police_cannot_know(client):
    referral = ReferralFactory()
    client.force_login(UserFactory(role=Role.POLICE))
    assert (
        client.post(reverse("people:referral_decline", args=[referral.pk]), {"reason": "no_place"}).status_code == 403
    )
    client.force_login(UserFactory(role=Role.OPERATEUR))  # another structure's operator
    assert (
        client.post(reverse("people:referral_decline", args=[referral.pk]), {"reason": "no_place"}).status_code == 404
    )
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    client.post(reverse("people:referral_decline", args=[referral.pk]), {"reason": DeclineReason.CRITERIA})
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (ReferralStatus.DECLINED, DeclineReason.CRITERIA)


def test_only_the_sender_or_coordination_cancels(client):
    referral = ReferralFactory()
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    assert client.post(reverse("people:referral_cancel", args=[referral.pk])).status_code == 403
    client.force_login(referral.sent_by)
    client.post(reverse("people:referral_cancel", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CANCELLED


def test_referral_to_a_kind_of_place_is_assigned_by_coordination(client):
    person = PersonFactory(consented=True)
    maraude = _maraude_of(person)
    referral = referral_send(person=person, by=maraude, to_kind=StructureKind.LHSS)
    lhss = StructureFactory(kind=StructureKind.LHSS, places=2)
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    assert referral in client.get(reverse("people:referral_list")).context["inbox"]
    client.post(reverse("people:referral_assign", args=[referral.pk]), {"structure": lhss.pk})
    referral.refresh_from_db()
    assert referral.to_structure == lhss
    client.force_login(UserFactory(operateur_of=lhss.operator))
    assert referral in client.get(reverse("people:referral_list")).context["inbox"]


def test_unanswered_referrals_are_flagged_then_expire(settings):
    settings.RELAIS_REFERRAL_REMIND_AFTER_HOURS = 24
    settings.RELAIS_REFERRAL_EXPIRE_AFTER_HOURS = 72
    now = timezone.now()
    fresh = ReferralFactory(sent_at=now - datetime.timedelta(hours=2))
    late = ReferralFactory(sent_at=now - datetime.timedelta(hours=30))
    old = ReferralFactory(acknowledged=True, sent_at=now - datetime.timedelta(hours=80))
    accepted = ReferralFactory(accepted=True, sent_at=now - datetime.timedelta(hours=80))
    call_command("expire_referrals")
    for referral in (fresh, late, old, accepted):
        referral.refresh_from_db()
    assert fresh.reminded_at is None and fresh.status == ReferralStatus.SENT
    assert late.reminded_at is not None and late.status == ReferralStatus.SENT
    assert old.status == ReferralStatus.EXPIRED and old.transitions.last().by is None
    assert accepted.status == ReferralStatus.ACCEPTED
    assert list(Referral.objects.overdue()) == [late]


def test_waiting_times_are_derived_from_dated_transitions():
    now = timezone.now()
    ReferralFactory(
        sent_at=now - datetime.timedelta(hours=10),
        acknowledged_at=now - datetime.timedelta(hours=8),
        admitted_at=now - datetime.timedelta(hours=4),
        status=ReferralStatus.ADMITTED,
    )
    times = waiting_times()
    assert times["to_acknowledge"] == datetime.timedelta(hours=2)
    assert times["to_admit"] == datetime.timedelta(hours=6)


def test_inbox_keeps_a_fixed_number_of_queries_and_one_event(client):
    structure = StructureFactory(places=5)
    operator = UserFactory(operateur_of=structure.operator)
    client.force_login(operator)
    ReferralFactory(to_structure=structure)
    client.get(reverse("people:referral_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:referral_list"))
    for _ in range(5):
        ReferralFactory(to_structure=structure)
    before = AccessEvent.objects.count()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("people:referral_list"))
    assert len(response.context["inbox"]) == 6
    assert len(many) == len(few)
    event = AccessEvent.objects.get(pk__gt=AccessEvent.objects.order_by("pk")[before - 1].pk)
    assert (event.category, event.action, event.count) == (AccessCategory.REFERRAL, AccessAction.LIST, 6)


def test_refer_from_a_structure_page(client):
    person = PersonFactory(consented=True)
    structure = StructureFactory(name="Hôtel du Canal", places=2, occupied=0)
    client.force_login(_maraude_of(person))
    detail = text_of(client.get(reverse("registry:structure_detail", args=[structure.pk])))
    assert "Orienter une personne ici" in detail
    listing = client.get(reverse("people:person_list"), {"vers": structure.pk})
    assert listing.context["towards"] == structure
    assert f"Orienter {person.display_code} vers Hôtel du Canal" in text_of(listing)
    client.post(reverse("people:refer", args=[person.pk]), {"structure": structure.pk})
    assert Referral.objects.get(person=person).to_structure == structure


def test_police_gets_no_referral_button_on_a_structure_page(client):
    structure = StructureFactory(places=2)
    client.force_login(UserFactory(role=Role.POLICE))
    assert "Orienter une personne ici" not in text_of(
        client.get(reverse("registry:structure_detail", args=[structure.pk]))
    )


def test_expired_consent_blocks_the_referral(client):
    person = PersonFactory()
    ConsentFactory(
        person=person,
        given_on=timezone.localdate() - datetime.timedelta(days=400),
        expires_on=timezone.localdate() - datetime.timedelta(days=35),
    )
    client.force_login(_maraude_of(person))
    response = client.post(reverse("people:refer", args=[person.pk]), {"structure": StructureFactory(places=1).pk})
    assert ERROR_NO_CONSENT in messages_of(response)
    assert "Expiré" in text_of(client.get(reverse("people:person_detail", args=[person.pk])))


def test_consent_expires_after_twelve_months_by_default(client):
    person = PersonFactory()
    client.force_login(_maraude_of(person))
    client.post(reverse("people:consent_add", args=[person.pk]), {"purpose": "coordination", "given_on": "2026-01-10"})
    consent = person.consents.get()
    assert (consent.given_on, consent.expires_on) == (datetime.date(2026, 1, 10), datetime.date(2027, 1, 10))


def test_liaison_sheet_is_printed_with_one_print_event_and_no_health_content(client):
    from tests.people.factories import HealthNoteFactory

    referral = ReferralFactory()
    HealthNoteFactory(person=referral.person, text="Contenu clinique")
    client.force_login(referral.sent_by)
    before = AccessEvent.objects.count()
    response = client.get(reverse("people:referral_print", args=[referral.pk]))
    page = text_of(response)
    assert referral.person.display_code in page and referral.person.alias in page
    assert "Contenu clinique" not in page
    [event] = AccessEvent.objects.order_by("pk")[before:]
    assert (event.category, event.action) == (AccessCategory.REFERRAL, AccessAction.PRINT)
    client.force_login(UserFactory(role=Role.MARAUDE))
    assert client.get(reverse("people:referral_print", args=[referral.pk])).status_code == 404
