"""Health data for carers only: health steps and notes need a valid health consent and are shown
only to the soignant of the organisations in charge of the person while it holds (the organisation
that recorded them keeps its own); everybody else sees that a step exists, nothing of its kind."""

import json

import pytest
from django.urls import reverse

from relais.audit.enums import AccessCategory
from relais.audit.models import AccessEvent
from relais.pathways.enums import HEALTH_KINDS, StepKind, StepSensitivity
from relais.pathways.models import PathwayStep
from relais.pathways.services import ERROR_HEALTH_STEP_ROLE, ERROR_NO_HEALTH_CONSENT_STEP
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent
from relais.people.services import consent_withdraw
from relais.users.enums import Role
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.helpers import parse, select, select_one, text, text_of
from tests.people.factories import (
    ConsentFactory,
    ContactFactory,
    HealthNoteFactory,
    PathwayStepFactory,
    PersonFactory,
    StayFactory,
)

pytestmark = pytest.mark.django_db

PSY = StepKind.PSY_HOSPITALISATION.label
NOTE = "Note clinique sentinelle"


@pytest.fixture
def world():
    """A person met by a maraude, hosted by an operator, hospitalised in psychiatry by `care`;
    a second health organisation `other_care` also follows the person."""
    field, host, care, other_care = (OrganizationFactory() for _ in range(4))
    person = PersonFactory(organization=field, consented=True)
    structure = StructureFactory(operator=host, places=3, availability_mode="computed")
    StayFactory(person=person, structure=structure)
    step = PathwayStepFactory(person=person, organization=care, kind=StepKind.PSY_HOSPITALISATION)
    HealthNoteFactory(person=person, organization=care, step=step, text=NOTE)
    ContactFactory(person=person, organization=other_care)
    return {
        "person": person,
        "step": step,
        "care": UserFactory(role=Role.SOIGNANT, organization=care),
        "other_care": UserFactory(role=Role.SOIGNANT, organization=other_care),
        "maraude": UserFactory(role=Role.MARAUDE, organization=field),
        "field_soignant": UserFactory(role=Role.SOIGNANT, organization=field),
        "operateur": UserFactory(operateur_of=host),
        "coordination": UserFactory(role=Role.COORDINATION),
    }


def _page(client, user, person):
    client.force_login(user)
    response = client.get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    return response


def _shown(response) -> str:
    """The page's text without the options of its forms (a soignant's form offers every care kind)."""
    page = parse(response)
    for options in page.select("select"):
        options.decompose()
    return text(page)


class TestWhoSeesAHealthStep:
    @pytest.mark.parametrize("who", ["maraude", "operateur", "coordination"])
    def test_others_see_that_a_step_exists_and_nothing_of_its_kind(self, client, world, who):
        response = _page(client, world[who], world["person"])
        page = _shown(response)
        assert PSY not in page and NOTE not in page
        steps = [text(li) for li in select(response, "[data-testid=steps] li")]
        chronology = " ".join(text(li) for li in select(response, "[data-testid=timeline] li"))
        assert not [kind.label for kind in HEALTH_KINDS if kind.label in chronology + " ".join(steps)]
        assert len(steps) == 1 and "Étape de soins" in steps[0]
        assert world["step"].organization.name not in steps[0]

    @pytest.mark.parametrize("who", ["care", "other_care", "field_soignant"])
    def test_soignant_in_charge_with_a_valid_health_consent_sees_it(self, client, world, who):
        page = text_of(_page(client, world[who], world["person"]))
        assert PSY in page and NOTE in page

    def test_a_page_that_shows_health_data_is_logged_as_a_health_read(self, client, world):
        _page(client, world["care"], world["person"])
        assert AccessEvent.objects.order_by("pk").last().category == AccessCategory.HEALTH_NOTE
        _page(client, world["maraude"], world["person"])
        assert AccessEvent.objects.order_by("pk").last().category == AccessCategory.PERSON

    def test_a_withdrawn_consent_stops_other_organisations_soignants(self, client, world):
        health = Consent.objects.get(person=world["person"], purpose=ConsentPurpose.HEALTH)
        consent_withdraw(consent=health, by=world["maraude"])
        for who in ("other_care", "field_soignant"):
            page = _shown(_page(client, world[who], world["person"]))
            assert NOTE not in page and PSY not in page, who
            assert "1 note de santé : contenu réservé aux soignants de l'organisation qui l'a écrite" in page
        # The organisation that recorded the step and wrote the note keeps its own care record.
        page = text_of(_page(client, world["care"], world["person"]))
        assert NOTE in page and PSY in page

    def test_an_expired_consent_is_no_consent(self, client, world):
        Consent.objects.filter(person=world["person"], purpose=ConsentPurpose.HEALTH).update(
            given_on="2020-01-01", expires_on="2021-01-01"
        )
        page = _shown(_page(client, world["other_care"], world["person"]))
        assert NOTE not in page and PSY not in page

    def test_a_social_step_stays_visible_to_everyone_in_charge(self, client, world):
        PathwayStepFactory(person=world["person"], organization=world["maraude"].organization, kind=StepKind.HOUSING)
        assert StepKind.HOUSING.label in text_of(_page(client, world["operateur"], world["person"]))


class TestRecordingAHealthStep:
    @pytest.mark.parametrize("who", ["maraude", "operateur", "coordination"])
    def test_only_soignant_records_a_health_step(self, client, world, who):
        client.force_login(world[who])
        url = reverse("people:step_add", args=[world["person"].pk])
        response = client.post(url, {"kind": "substitution", "on": "2026-01-05", "status": "planned"})
        # The page comes back with the refusal beside the step form.
        assert ERROR_HEALTH_STEP_ROLE in text(select_one(response, "main"))
        assert not PathwayStep.objects.filter(kind=StepKind.SUBSTITUTION).exists()
        # The form does not even offer the health kinds.
        options = [o["value"] for o in select(_page(client, world[who], world["person"]), "select[name=kind] option")]
        assert options and StepKind.SUBSTITUTION not in options

    def test_a_health_step_needs_a_valid_health_consent(self, client, world):
        Consent.objects.filter(person=world["person"], purpose=ConsentPurpose.HEALTH).update(withdrawn_on="2026-01-01")
        client.force_login(world["other_care"])
        url = reverse("people:step_add", args=[world["person"].pk])
        response = client.post(url, {"kind": "substitution", "on": "2026-01-05", "status": "planned"})
        assert ERROR_NO_HEALTH_CONSENT_STEP in text(select_one(response, "main"))
        assert not PathwayStep.objects.filter(kind=StepKind.SUBSTITUTION).exists()

    def test_soignant_with_consent_records_it_as_a_health_step(self, client, world):
        client.force_login(world["other_care"])
        url = reverse("people:step_add", args=[world["person"].pk])
        client.post(url, {"kind": "substitution", "on": "2026-01-05", "status": "planned"})
        assert PathwayStep.objects.get(kind=StepKind.SUBSTITUTION).sensitivity == StepSensitivity.HEALTH

    def test_maraude_still_records_a_social_step(self, client, world):
        client.force_login(world["maraude"])
        url = reverse("people:step_add", args=[world["person"].pk])
        client.post(url, {"kind": "housing", "on": "2026-01-05", "status": "planned"})
        assert PathwayStep.objects.get(kind=StepKind.HOUSING).sensitivity == StepSensitivity.SOCIAL

    def test_coordination_does_not_update_a_health_step_it_cannot_read(self, client, world):
        client.force_login(world["coordination"])
        response = client.post(
            reverse("people:step_update", args=[world["step"].pk]), {"status": "cancelled", "outcome": "refused"}
        )
        assert response.status_code == 403
        world["step"].refresh_from_db()
        assert world["step"].status != "cancelled"


def test_the_person_export_gives_no_health_kind(client, world):
    """The right-of-access export is made by coordination: health content comes from the carers."""
    client.force_login(world["coordination"])
    session = client.session
    session["relais_auth_at"] = 9e12
    session.save()
    response = client.get(reverse("rights:export_json", args=[world["person"].pk]))
    export = json.loads(response.content)
    assert PSY not in json.dumps(export, ensure_ascii=False)
    assert [s["etape"] for s in export["parcours"]] == ["Étape de soins"]


def test_the_step_sensitivity_follows_its_kind():
    step = PathwayStepFactory(kind=StepKind.HOUSING)
    assert step.sensitivity == StepSensitivity.SOCIAL
    assert PathwayStepFactory(kind=StepKind.CSAPA).sensitivity == StepSensitivity.HEALTH
    assert ConsentFactory._meta.model is Consent
