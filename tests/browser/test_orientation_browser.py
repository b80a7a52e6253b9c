"""On a phone, the maraude sees only the places that can take a woman with a dog now, and why the
others are left out; coordination then proposes and sends an allocation from the waiting list."""

import pytest
from playwright.sync_api import expect

from relais.people.enums import Sex
from relais.referrals.models import Referral
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import StructureFactory, UserFactory
from tests.orientation.factories import waiting_person
from tests.people.factories import PersonFactory, StayFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_woman_with_a_dog_is_offered_only_a_free_pet_place(page):
    person = PersonFactory(consented=True, sex=Sex.FEMALE, need_pets=True)
    UserFactory(username="maraudeuse", role=Role.MARAUDE, organization=person.created_by_organization)
    taken = StructureFactory(name="Chiens complets", places=2, availability_mode=AvailabilityMode.COMPUTED)
    dog_place = taken.places.first()
    taken.places.filter(pk=dog_place.pk).update(pets=True)
    StayFactory(structure=taken, place=dog_place)
    free = StructureFactory(name="Chiens bienvenus", places=2, availability_mode=AvailabilityMode.COMPUTED)
    free.places.update(pets=True)

    log_in(page, "maraudeuse")
    page.goto(f"/personnes/{person.pk}/orienter/")
    expect(page.get_by_test_id(f"proposal-{free.pk}").get_by_test_id("free")).to_have_text("2")
    expect(page.get_by_test_id(f"proposal-{taken.pk}")).to_have_count(0)
    page.get_by_text("Structures écartées et pourquoi").click()
    expect(page.get_by_test_id(f"left-out-{taken.pk}")).to_contain_text("Aucune place libre avec animaux")


def test_coordination_proposes_and_sends_an_allocation(page):
    hotel = StructureFactory(
        name="Hôtel du Canal", kind=StructureKind.HOTEL, places=1, availability_mode=AvailabilityMode.COMPUTED
    )
    person = waiting_person(days=10)
    UserFactory(username="coordinatrice", role=Role.COORDINATION)

    log_in(page, "coordinatrice")
    page.goto("/liste-d-attente/")
    expect(page.get_by_test_id(f"entry-{person.display_code}")).to_be_visible()
    page.get_by_role("link", name="Attributions : proposer, revoir, envoyer").click()
    page.get_by_role("button", name="Proposer une attribution maintenant").click()
    expect(page.get_by_test_id(f"match-{person.display_code}").get_by_test_id("place")).to_have_text("Hôtel du Canal")
    page.get_by_role("button", name="Envoyer les orientations choisies").click()
    expect(page.get_by_text("1 orientation(s) envoyée(s) aux structures.")).to_be_visible()
    assert Referral.objects.get(person=person).to_structure == hotel
