"""The maraude's phone: the encounter form by kind of encounter and with its time, the referral's
comment, the structure's phone and opening hours on the proposal and the confirmation, and the
idempotency key that keeps a submission sent twice from being recorded twice."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.people.models import Contact, Person
from relais.people.services import ERROR_CONTACT_IN_FUTURE
from relais.referrals.models import Referral
from relais.referrals.services import ERROR_PLACE_TAKEN
from relais.users.enums import Role
from relais.www.core.outbox import OUTBOX_HEADER
from relais.www.people.forms import ERROR_CONTACT_TOO_OLD
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of, select, select_one, text
from tests.people.factories import ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db

OUTBOX = {f"HTTP_{OUTBOX_HEADER.upper().replace('-', '_')}": "1"}


def _local(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def _encounter(**extra):
    return {
        "occurred_at": _local(timezone.now()),
        "location_label": "Porte de la Villette",
        "cog": "75119",
        "who": "anonymous",
        "people_count": 2,
        "sex": "unknown",
        **extra,
    }


@pytest.fixture
def maraude(client):
    user = UserFactory(role=Role.MARAUDE)
    client.force_login(user)
    return user


class TestEncounterForm:
    def test_each_block_names_the_choice_it_belongs_to_and_the_script_is_static(self, client, maraude):
        page = client.get(reverse("people:contact_create"))
        assert select_one(page, "[data-who-mode=anonymous] input[name=people_count]")
        assert select_one(page, "[data-who-mode=known] input[name=code]")
        for name in ("alias", "year_of_birth", "languages"):
            assert select_one(page, f"[data-who-mode=new] input[name={name}]")
        assert select(page, "script[src$='relais/encounter-form.js']")
        assert all(script.get("src") or script.get("nonce") for script in select(page, "script"))

    def test_the_time_defaults_to_now_as_an_iso_value(self, client, maraude):
        field = select_one(client.get(reverse("people:contact_create")), "input[name=occurred_at]")
        assert field["type"] == "datetime-local"
        assert field["value"] in {_local(timezone.now()), _local(timezone.now() - datetime.timedelta(minutes=1))}

    def test_an_encounter_earlier_in_the_night_keeps_its_time(self, client, maraude):
        earlier = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
        client.post(reverse("people:contact_create"), _encounter(occurred_at=_local(earlier)))
        assert Contact.objects.get().occurred_at == earlier

    @pytest.mark.parametrize(
        ("shift", "error"),
        [(datetime.timedelta(hours=2), ERROR_CONTACT_IN_FUTURE), (-datetime.timedelta(days=8), ERROR_CONTACT_TOO_OLD)],
    )
    def test_a_time_in_the_future_or_long_ago_is_refused(self, client, maraude, shift, error):
        page = client.post(reverse("people:contact_create"), _encounter(occurred_at=_local(timezone.now() + shift)))
        assert page.status_code == 200
        assert error in text(select_one(page, "#occurred_at-desc-error, [id^=id_occurred_at][id$=error]"))
        assert not Contact.objects.exists()

    def test_fields_of_another_choice_are_ignored(self, client, maraude):
        """Typed as "anonymous, 4 people", then switched to a new person: the hidden count does not count."""
        client.post(
            reverse("people:contact_create"),
            _encounter(who="new", people_count=400, alias="Zaza", code="NOPE"),
        )
        contact = Contact.objects.get()
        assert contact.people_count == 1 and contact.person.alias == "Zaza"
        client.post(reverse("people:contact_create"), _encounter(who="anonymous", alias="Ignoré", year_of_birth="1"))
        assert Person.objects.count() == 1 and Contact.objects.count() == 2

    def test_record_and_refer_in_one_tap(self, client, maraude):
        response = client.post(
            reverse("people:contact_create"),
            _encounter(who="new", alias="Zaza", consents=["coordination"], then_refer="on"),
        )
        person = Person.objects.get()
        assert response.url.startswith(reverse("people:refer", args=[person.pk]))


class TestReferralComment:
    def _refer(self, client, person, **data):
        return client.post(reverse("people:refer", args=[person.pk]), data)

    def test_comment_reaches_the_structure_with_a_help_text_against_health_content(self, client):
        person = PersonFactory(consented=True)
        structure = StructureFactory(places=2, occupied=0, phone="01 40 00 00 00", opening_hours="Mo-Fr 09:00-18:00")
        client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
        page = client.get(reverse("people:refer", args=[person.pk]))
        assert "Aucune information de santé" in text(select_one(page, "[id$=comment-desc-hint], .fr-hint-text"))
        self._refer(client, person, structure=structure.pk, comment="Arrive dans 30 min avec son chien")
        referral = Referral.objects.get()
        assert referral.comment == "Arrive dans 30 min avec son chien"
        client.force_login(UserFactory(operateur_of=structure.operator))
        detail = client.get(reverse("people:referral_detail", args=[referral.pk]))
        assert "Arrive dans 30 min avec son chien" in text(select_one(detail, "[data-testid=comment]"))

    def test_a_comment_over_the_limit_is_refused_and_nothing_sent(self, client):
        person = PersonFactory(consented=True)
        structure = StructureFactory(places=2, occupied=0)
        client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
        response = self._refer(client, person, structure=structure.pk, comment="x" * 201)
        assert not Referral.objects.exists()
        assert any("200" in message for message in messages_of(response))

    def test_phone_and_opening_hours_on_the_proposal_and_the_confirmation(self, client):
        person = PersonFactory(consented=True)
        structure = StructureFactory(places=2, occupied=0, phone="01 40 00 00 00", opening_hours="Mo-Fr 09:00-18:00")
        client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
        proposal = select_one(
            client.get(reverse("people:refer", args=[person.pk])), f"[data-testid=proposal-{structure.pk}]"
        )
        for source in (proposal, None):
            if source is None:
                response = self._refer(client, person, structure=structure.pk)
                source = client.get(response.url)
            assert select_one(source, "[data-testid=phone]")["href"] == "tel:0140000000"
            assert text(select_one(source, "[data-testid=hours]")) == "Horaires : lun-ven 09:00-18:00"


class TestOnce:
    """The same submission twice (outbox replay, double tap): recorded once, the first result returned."""

    def test_an_encounter_sent_twice_is_recorded_once(self, client, maraude):
        data = _encounter(who="new", alias="Zaza", idempotency_key=str(uuid.uuid4()))
        first = client.post(reverse("people:contact_create"), data)
        again = client.post(reverse("people:contact_create"), data)
        assert Contact.objects.count() == 1 and Person.objects.count() == 1
        assert first.url == again.url

    def test_a_referral_sent_twice_is_recorded_once_and_answers_the_same(self, client):
        person = PersonFactory(consented=True)
        structure = StructureFactory(places=2, occupied=0)
        client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
        data = {"structure": structure.pk, "idempotency_key": str(uuid.uuid4())}
        first = client.post(reverse("people:refer", args=[person.pk]), data, **OUTBOX).json()
        again = client.post(reverse("people:refer", args=[person.pk]), data, **OUTBOX).json()
        assert Referral.objects.count() == 1
        assert first == again and first["ok"]

    def test_a_key_of_another_user_is_refused(self, client):
        contact = ContactFactory(person=None, idempotency_key=uuid.uuid4())
        client.force_login(UserFactory(role=Role.MARAUDE))
        data = _encounter(idempotency_key=str(contact.idempotency_key))
        answer = client.post(reverse("people:contact_create"), data, **OUTBOX).json()
        assert not answer["ok"] and Contact.objects.count() == 1

    def test_the_place_taken_meanwhile_comes_back_as_a_message(self, client):
        person = PersonFactory(consented=True)
        structure = StructureFactory(name="Hôtel Pleine", places=1, occupied=1)
        client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
        data = {"structure": structure.pk, "idempotency_key": str(uuid.uuid4())}
        answer = client.post(reverse("people:refer", args=[person.pk]), data, **OUTBOX).json()
        assert answer == {"ok": False, "message": ERROR_PLACE_TAKEN.format(structure="Hôtel Pleine")}
        assert not Referral.objects.exists()

    def test_without_a_key_the_forms_work_as_before(self, client, maraude):
        client.post(reverse("people:contact_create"), _encounter())
        client.post(reverse("people:contact_create"), _encounter())
        assert Contact.objects.count() == 2
