"""Person records: need-to-know visibility, duplicates and merges, consents, contacts, health notes."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome
from relais.audit.models import AccessEvent
from relais.pathways.models import HealthNote
from relais.pathways.services import ERROR_NO_HEALTH_CONSENT
from relais.people.crypto import matching_key, normalise
from relais.people.models import Contact, Person, PersonMerge
from relais.people.services import distinct_person_count
from relais.users.enums import ALL_ROLES, PERSON_DATA_ROLES, Role
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.helpers import messages_of, text_of
from tests.people.factories import (
    ContactFactory,
    HealthNoteFactory,
    PathwayStepFactory,
    PersonFactory,
    ReferralFactory,
    StayFactory,
)

pytestmark = pytest.mark.django_db


def _events_after(before):
    return list(AccessEvent.objects.order_by("pk")[before:])


class TestVisibility:
    def test_each_involvement_makes_the_person_visible_to_that_organisation_only(self):
        org = OrganizationFactory()
        met = ContactFactory(organization=org, person=PersonFactory()).person
        referred = ReferralFactory().person
        received = ReferralFactory(to_structure=StructureFactory(operator=org)).person
        hosted = StayFactory(structure=StructureFactory(operator=org, places=2)).person
        treated = PathwayStepFactory(organization=org).person
        recorded = PersonFactory(organization=org)
        unrelated = PersonFactory()
        referred_from_org = ReferralFactory(from_organization=org, person=referred).person
        for role in (Role.MARAUDE, Role.OPERATEUR, Role.SOIGNANT):
            visible = set(Person.objects.visible_to(UserFactory(role=role, organization=org)))
            assert visible == {met, received, hosted, treated, recorded, referred_from_org}
            assert unrelated not in visible
        assert set(Person.objects.visible_to(UserFactory(role=Role.COORDINATION))) == set(Person.objects.all())

    @pytest.mark.parametrize("role", sorted(ALL_ROLES - PERSON_DATA_ROLES))
    def test_roles_without_person_data_see_nothing_anywhere(self, client, role):
        person = PersonFactory()
        user = UserFactory(role=role)
        assert not Person.objects.visible_to(user).exists()
        assert not HealthNote.objects.visible_to(user).exists()
        client.force_login(user)
        before = AccessEvent.objects.count()
        for name in ("person_list", "contact_list", "referral_list", "stay_list", "duplicates", "contact_create"):
            assert client.get(reverse(f"people:{name}")).status_code == 403
        assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 403
        assert _events_after(before) == []

    def test_forbidden_or_absent_answers_404_with_one_denied_event(self, client):
        person = PersonFactory()
        user = UserFactory(role=Role.MARAUDE)
        client.force_login(user)
        before = AccessEvent.objects.count()
        assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 404
        assert (
            client.get(reverse("people:person_detail", args=["00000000-0000-4000-8000-000000000000"])).status_code
            == 404
        )
        events = _events_after(before)
        assert [(e.outcome, e.pseudonym) for e in events] == [
            (AccessOutcome.DENIED, person.display_code),
            (AccessOutcome.DENIED, ""),
        ]

    def test_person_page_writes_one_read_event(self, client):
        person = PersonFactory()
        user = UserFactory(role=Role.MARAUDE, organization=person.created_by_organization)
        client.force_login(user)
        before = AccessEvent.objects.count()
        response = client.get(reverse("people:person_detail", args=[person.pk]))
        assert person.alias in text_of(response)
        [event] = _events_after(before)
        assert (event.category, event.action, event.pseudonym, event.role) == (
            AccessCategory.PERSON,
            AccessAction.READ,
            person.display_code,
            Role.MARAUDE,
        )

    def test_find_a_person_by_alias_year_and_sex(self, client):
        org = OrganizationFactory()
        wanted = PersonFactory(alias="Bébert", year_of_birth=1980, sex="male", organization=org)
        PersonFactory(alias="Bébert", year_of_birth=1981, sex="male", organization=org)
        PersonFactory(alias="Bébert", year_of_birth=1980, sex="male")  # another organisation's
        client.force_login(UserFactory(role=Role.MARAUDE, organization=org))
        before = AccessEvent.objects.count()
        response = client.post(reverse("people:person_list"), {"alias": "bebert", "year_of_birth": 1980, "sex": "male"})
        assert list(response.context["page"]) == [wanted]
        [event] = _events_after(before)
        assert (event.action, event.count) == (AccessAction.SEARCH, 1)

    def test_person_list_has_a_fixed_number_of_queries(self, client):
        org = OrganizationFactory()
        user = UserFactory(role=Role.MARAUDE, organization=org)
        client.force_login(user)
        PersonFactory(organization=org)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("people:person_list"))
        for _ in range(8):
            ContactFactory(organization=org, person=PersonFactory())
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("people:person_list"))
        assert response.context["page"].paginator.count == 9
        assert len(many) == len(few)


class TestPersonRecords:
    def test_forms_offer_no_full_name_nor_social_security_number(self, client):
        client.force_login(UserFactory(role=Role.MARAUDE))
        page = text_of(client.get(reverse("people:person_create"))).lower()
        assert "sécurité sociale" not in page.replace("ni numéro de sécurité sociale", "")
        assert 'name="nom"' not in page and 'name="last_name"' not in page and 'name="nir"' not in page

    def test_matching_key_is_keyed_and_normalised(self, settings):
        key = matching_key(alias="Bébert ", year_of_birth=1980, sex="male")
        assert key == matching_key(alias="bebert", year_of_birth=1980, sex="male")
        assert key != matching_key(alias="bebert", year_of_birth=1981, sex="male")
        assert normalise("Jean-Édouard") == "jeanedouard"
        settings.RELAIS_MATCHING_KEY = "another-secret"
        assert matching_key(alias="bebert", year_of_birth=1980, sex="male") != key
        assert matching_key(alias="", year_of_birth=1980, sex="male") == ""

    def test_creation_proposes_a_duplicate_the_user_may_see(self, client):
        existing = PersonFactory(alias="Bébert", year_of_birth=1980, sex="male")
        user = UserFactory(role=Role.MARAUDE, organization=existing.created_by_organization)
        client.force_login(user)
        data = {"alias": "bebert", "year_of_birth": 1980, "sex": "male"}
        response = client.post(reverse("people:person_create"), data)
        assert response.status_code == 200
        assert response.context["duplicates"] == [existing]
        assert Person.objects.count() == 1
        response = client.post(reverse("people:person_create"), {**data, "confirm_new": "on"})
        assert Person.objects.count() == 2
        assert response.status_code == 302

    def test_no_duplicate_proposed_across_organisations_for_field_roles(self, client):
        PersonFactory(alias="Bébert", year_of_birth=1980, sex="male")
        client.force_login(UserFactory(role=Role.MARAUDE))
        response = client.post(
            reverse("people:person_create"), {"alias": "Bébert", "year_of_birth": 1980, "sex": "male"}
        )
        assert response.status_code == 302
        assert Person.objects.count() == 2
        assert distinct_person_count() == {"records": 2, "distinct": 1}

    def test_bad_input_changes_nothing(self, client):
        client.force_login(UserFactory(role=Role.MARAUDE))
        response = client.post(reverse("people:person_create"), {"alias": "X", "year_of_birth": 1800, "sex": "male"})
        assert "année de naissance" in text_of(response)
        assert not Person.objects.exists()

    def test_coordination_merges_and_undoes(self, client):
        target = PersonFactory(alias="Bébert", year_of_birth=1980)
        source = PersonFactory(alias="Bebert", year_of_birth=1980)
        contact = ContactFactory(person=source)
        step = PathwayStepFactory(person=source)
        coordination = UserFactory(role=Role.COORDINATION)
        client.force_login(coordination)
        page = client.get(reverse("people:duplicates"))
        assert any(set(group) == {source, target} for group in page.context["rows"])
        client.post(reverse("people:merge"), {"source": source.pk, "target": target.pk})
        source.refresh_from_db()
        contact.refresh_from_db()
        step.refresh_from_db()
        assert source.merged_into == target and contact.person == target and step.person == target
        merge = PersonMerge.objects.get()
        client.post(reverse("people:merge_undo", args=[merge.pk]))
        source.refresh_from_db()
        contact.refresh_from_db()
        step.refresh_from_db()
        assert source.merged_into is None and contact.person == source and step.person == source
        merge.refresh_from_db()
        assert merge.undone_by == coordination

    def test_history_names_changed_fields_without_the_alias(self, client):
        person = PersonFactory(alias="Ancien-Surnom")
        user = UserFactory(role=Role.MARAUDE, organization=person.created_by_organization)
        client.force_login(user)
        client.post(
            reverse("people:person_edit", args=[person.pk]),
            {"alias": "Nouveau-Surnom", "year_of_birth": 1985, "sex": "male", "languages": "wolof"},
        )
        person.refresh_from_db()
        assert person.alias == "Nouveau-Surnom" and person.matching_key == person.compute_matching_key()
        page = text_of(client.get(reverse("people:person_detail", args=[person.pk])))
        history = page[page.index("Historique des modifications") :]
        assert "nom d'usage dans la rue" in history and "langues parlées" in history
        assert "Ancien-Surnom" not in history and "Nouveau-Surnom" not in history
        from auditlog.models import LogEntry

        entry = LogEntry.objects.get_for_object(person).latest("timestamp")
        assert entry.changes_dict["alias"] == ["[masqué]", "[masqué]"] and entry.actor == user

    def test_field_roles_cannot_merge(self, client):
        a, b = PersonFactory(), PersonFactory()
        client.force_login(UserFactory(role=Role.MARAUDE, organization=a.created_by_organization))
        assert client.post(reverse("people:merge"), {"source": a.pk, "target": b.pk}).status_code == 403
        a.refresh_from_db()
        assert a.merged_into is None


class TestContacts:
    def test_maraude_records_an_anonymous_contact(self, client):
        user = UserFactory(role=Role.MARAUDE)
        client.force_login(user)
        response = client.post(
            reverse("people:contact_create"),
            {
                "location_label": "Porte de la Villette",
                "cog": "75119",
                "who": "anonymous",
                "people_count": 4,
                "sex": "unknown",
            },
        )
        assert response.status_code == 302
        contact = Contact.objects.get()
        assert (contact.person, contact.people_count, contact.organization) == (None, 4, user.organization)
        assert not Person.objects.exists()

    def test_contact_with_a_new_person_and_consents(self, client):
        user = UserFactory(role=Role.MARAUDE)
        client.force_login(user)
        response = client.post(
            reverse("people:contact_create"),
            {
                "location_label": "Jardins d'Éole",
                "cog": "75118",
                "who": "new",
                "people_count": 1,
                "alias": "Mimi",
                "year_of_birth": 1990,
                "sex": "female",
                "needs": ["need_pets"],
                "consents": ["coordination"],
                "then_refer": "on",
            },
        )
        person = Person.objects.get()
        assert response.url.startswith(reverse("people:refer", args=[person.pk]))
        assert person.need_pets and person.consents.count() == 1
        assert Contact.objects.get().person == person

    def test_new_person_at_a_contact_proposes_the_duplicate_first(self, client):
        existing = PersonFactory(alias="Mimi", year_of_birth=1990, sex="female")
        client.force_login(UserFactory(role=Role.MARAUDE, organization=existing.created_by_organization))
        data = {
            "location_label": "Rue Riquet",
            "who": "new",
            "people_count": 1,
            "alias": "mimi",
            "year_of_birth": 1990,
            "sex": "female",
        }
        response = client.post(reverse("people:contact_create"), data)
        assert response.context["duplicates"] == [existing]
        assert not Contact.objects.exists()
        client.post(reverse("people:contact_create"), {**data, "who": "known", "code": existing.display_code})
        assert Contact.objects.get().person == existing
        client.post(reverse("people:contact_create"), {**data, "confirm_new": "on"})
        assert Person.objects.count() == 2

    def test_contact_list_counts_in_sql(self, client):
        org = OrganizationFactory()
        person = PersonFactory(organization=org)
        ContactFactory(person=person, organization=org)
        ContactFactory(person=person, organization=org)
        ContactFactory(person=None, organization=org, people_count=5)
        ContactFactory(person=None, people_count=3)  # another team's
        client.force_login(UserFactory(role=Role.MARAUDE, organization=org))
        response = client.get(reverse("people:contact_list"))
        assert response.context["summary"] == {"encounters": 3, "identified": 1, "anonymous": 5}

    def test_known_code_must_be_visible(self, client):
        other = PersonFactory()
        client.force_login(UserFactory(role=Role.MARAUDE))
        response = client.post(
            reverse("people:contact_create"),
            {
                "location_label": "Stalingrad",
                "who": "known",
                "code": other.display_code,
                "people_count": 1,
                "sex": "unknown",
            },
        )
        assert response.status_code == 200
        assert not Contact.objects.exists()

    def test_operator_does_not_record_street_contacts(self, client):
        client.force_login(UserFactory(role=Role.OPERATEUR))
        assert client.get(reverse("people:contact_create")).status_code == 403


class TestHealthNotes:
    def test_only_soignant_in_charge_reads_and_writes(self, client):
        care = OrganizationFactory()
        person = PersonFactory(consented=True)
        PathwayStepFactory(person=person, organization=care)
        HealthNoteFactory(person=person, organization=care, text="Contenu clinique")
        soignant = UserFactory(role=Role.SOIGNANT, organization=care)
        client.force_login(soignant)
        assert "Contenu clinique" in text_of(client.get(reverse("people:person_detail", args=[person.pk])))
        client.post(reverse("people:health_note_add", args=[person.pk]), {"text": "Deuxième note"})
        assert HealthNote.objects.filter(person=person).count() == 2

        maraude = UserFactory(role=Role.MARAUDE, organization=person.created_by_organization)
        client.force_login(maraude)
        page = text_of(client.get(reverse("people:person_detail", args=[person.pk])))
        assert "Contenu clinique" not in page and "2 notes de santé" in page
        assert client.post(reverse("people:health_note_add", args=[person.pk]), {"text": "x"}).status_code == 403

        client.force_login(UserFactory(role=Role.SOIGNANT))  # not in charge
        assert client.post(reverse("people:health_note_add", args=[person.pk]), {"text": "x"}).status_code == 404
        assert HealthNote.objects.filter(person=person).count() == 2

    def test_health_consent_is_required_to_write(self, client):
        care = OrganizationFactory()
        person = PersonFactory()
        PathwayStepFactory(person=person, organization=care)
        client.force_login(UserFactory(role=Role.SOIGNANT, organization=care))
        response = client.post(reverse("people:health_note_add", args=[person.pk]), {"text": "Note"})
        assert ERROR_NO_HEALTH_CONSENT in messages_of(response)
        assert not HealthNote.objects.exists()

    def test_pathway_timeline_step_and_update(self, client):
        person = PersonFactory(consented=True)  # a care step needs the health consent
        user = UserFactory(role=Role.SOIGNANT, organization=person.created_by_organization)
        client.force_login(user)
        client.post(
            reverse("people:step_add", args=[person.pk]), {"kind": "csapa", "on": "2026-01-05", "status": "planned"}
        )
        step = person.pathway_steps.get()
        client.post(reverse("people:step_update", args=[step.pk]), {"status": "done", "outcome": "favourable"})
        step.refresh_from_db()
        assert (step.status, step.outcome, step.organization) == ("done", "favourable", user.organization)
        assert "Suivi en CSAPA" in text_of(client.get(reverse("people:person_detail", args=[person.pk])))

    def test_only_the_recording_organisation_updates_a_step(self, client):
        step = PathwayStepFactory(status="planned")
        maraude = UserFactory(role=Role.MARAUDE, organization=step.person.created_by_organization)
        client.force_login(maraude)  # sees the person, did not record the step
        response = client.post(reverse("people:step_update", args=[step.pk]), {"status": "done", "outcome": ""})
        assert response.status_code == 403
        step.refresh_from_db()
        assert step.status == "planned"


def test_production_refuses_to_start_without_the_keys():
    env = {**os.environ, "SECRET_KEY": "s" * 60, "RELAIS_FIELD_KEY": "", "RELAIS_MATCHING_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "RELAIS_FIELD_KEY" in result.stderr


def test_person_page_shows_one_chronology(client):
    person = PersonFactory(consented=True)
    ContactFactory(person=person, location_label="Porte de la Villette")
    ReferralFactory(person=person)
    PathwayStepFactory(person=person, kind="housing")
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("people:person_detail", args=[person.pk]))
    kinds = [event["kind"] for event in response.context["timeline"]]
    assert {"Rencontre", "Orientation", "Demande de logement"} <= set(kinds)
    assert "Porte de la Villette" in text_of(response)
