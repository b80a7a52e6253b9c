"""The street-to-bed flow through the API, with the same scope, rules and access events as the pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessEvent
from relais.people.models import Person
from relais.referrals.enums import ReferralStatus
from relais.stays.models import Stay
from relais.stays.services import ERROR_EXIT_IN_FUTURE
from relais.users.enums import Role
from tests.factories import OrganizationFactory, StructureFactory
from tests.people.factories import PersonFactory, ReferralFactory, StayFactory

pytestmark = pytest.mark.django_db


def test_from_the_street_to_a_bed_and_out(key_for):
    outreach_org, host_org = OrganizationFactory(), OrganizationFactory()
    structure = StructureFactory(operator=host_org, places=2, availability_mode="computed")
    maraude, operator = key_for(Role.MARAUDE, outreach_org), key_for(Role.OPERATEUR, host_org)

    person = maraude.post(
        reverse("v1:person-list"), {"alias": "Mistral", "year_of_birth": 1980, "sex": "male"}, format="json"
    )
    assert person.status_code == 201, person.json()
    person_id = person.json()["id"]
    refused = maraude.post(
        reverse("v1:referral-list"), {"person": person_id, "to_structure": structure.pk}, format="json"
    )
    assert refused.status_code == 400  # no consent to share yet
    assert "consentement" in str(refused.json()).lower()
    assert (
        maraude.post(
            reverse("v1:person-consents", args=[person_id]), {"purpose": "coordination"}, format="json"
        ).status_code
        == 201
    )
    referral = maraude.post(
        reverse("v1:referral-list"), {"person": person_id, "to_structure": structure.pk}, format="json"
    )
    assert referral.status_code == 201, referral.json()
    referral_id = referral.json()["id"]

    inbox = operator.get(reverse("v1:referral-list")).json()
    assert [r["id"] for r in inbox["results"]] == [referral_id]
    assert operator.post(reverse("v1:referral-acknowledge", args=[referral_id])).status_code == 200
    assert operator.post(reverse("v1:referral-accept", args=[referral_id])).json()["status"] == "accepted"
    stay = operator.post(reverse("v1:stay-list"), {"referral": referral_id}, format="json")
    assert stay.status_code == 201, stay.json()
    assert maraude.get(reverse("v1:referral-detail", args=[referral_id])).json()["status"] == ReferralStatus.ADMITTED
    free = operator.get(reverse("v1:availability-list")).json()["results"][0]
    assert (free["places_open"], free["occupied"], free["free"]) == (2, 1, 1)

    out = operator.post(reverse("v1:stay-exit", args=[stay.json()["id"]]), {"destination": "housing"}, format="json")
    assert out.status_code == 200 and out.json()["exit_destination"] == "housing"
    assert Stay.objects.get().exited_at is not None


def test_an_exit_dated_in_the_future_is_refused_with_its_reason(key_for):
    host_org = OrganizationFactory()
    stay = StayFactory(structure=StructureFactory(operator=host_org, places=2, availability_mode="computed"))
    operator = key_for(Role.OPERATEUR, host_org)
    later = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    out = operator.post(reverse("v1:stay-exit", args=[stay.pk]), {"destination": "housing", "at": later}, format="json")
    assert out.status_code == 400
    assert ERROR_EXIT_IN_FUTURE in str(out.json())
    stay.refresh_from_db()
    assert stay.is_open


def test_a_person_of_another_organisation_is_404_and_traced_as_denied(key_for):
    stranger = PersonFactory()
    api = key_for(Role.MARAUDE, OrganizationFactory())
    response = api.get(reverse("v1:person-detail", args=[stranger.pk]))
    assert response.status_code == 404
    assert "Surnom" not in response.content.decode()
    event = AccessEvent.objects.get()
    assert (event.outcome, event.pseudonym, event.category) == ("denied", stranger.display_code, "person")


def test_one_access_event_per_access(key_for):
    person = PersonFactory()
    api = key_for(Role.MARAUDE, person.created_by_organization)
    api.get(reverse("v1:person-detail", args=[person.pk]))
    api.get(reverse("v1:person-list"))
    events = list(AccessEvent.objects.order_by("pk").values_list("action", "pseudonym", "count"))
    assert events == [("read", person.display_code, None), ("list", "", 1)]


def test_the_last_place_taken_is_a_conflict(key_for):
    structure = StructureFactory(places=1, availability_mode="computed")
    StayFactory(structure=structure)
    referral = ReferralFactory(accepted=True, to_structure=structure)
    api = key_for(Role.OPERATEUR, structure.operator)
    response = api.post(reverse("v1:stay-list"), {"referral": referral.pk}, format="json")
    assert response.status_code == 409
    assert "place" in response.json()["detail"].lower()
    assert Stay.objects.count() == 1


def test_operator_cannot_answer_a_referral_to_another_structure(key_for):
    referral = ReferralFactory()
    api = key_for(Role.OPERATEUR, OrganizationFactory())
    assert api.post(reverse("v1:referral-accept", args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


PERSON_FIELDS = {"alias", "display_code", "person", "person_code", "year_of_birth", "sex", "needs", "languages"}


def _walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_keys(item)


@pytest.mark.parametrize("role", [Role.POLICE, Role.COMITE, Role.VILLE, Role.ADMIN, Role.AUDITEUR])
def test_every_operation_as_a_non_person_role_returns_no_person_level_field(key_for, role):
    """Walk every operation of the schema with seeded person-level data: nothing of it comes back."""
    from django.test import Client

    referral = ReferralFactory(accepted=True)
    stay = StayFactory()
    schema = Client().get("/api/schema/?format=json").json()
    api = key_for(role)
    ids = {
        "persons": str(referral.person.pk),
        "referrals": referral.pk,
        "stays": stay.pk,
        "structures": stay.structure.pk,
    }
    ids["availability"] = stay.structure.pk
    for path, operations in schema["paths"].items():
        resource = path.split("/")[3]
        url = path.replace("{id}", str(ids.get(resource, 1)))
        for method in operations:
            if method not in {"get", "post", "patch", "put", "delete"}:
                continue
            response = getattr(api, method)(url, {}, format="json")
            assert response.status_code < 500, (method, url)
            body = response.json() if response.content else {}
            leaked = PERSON_FIELDS & set(_walk_keys(body))
            assert not leaked, (method, url, leaked)
            assert referral.person.alias not in response.content.decode()
    assert Person.objects.count() == 2
