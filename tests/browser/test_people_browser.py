"""On a phone: the maraude records a contact and refers; the operator accepts and admits; the
board's free places go down by one; police sees none of it."""

import re

import pytest
from playwright.sync_api import expect

from relais.people.models import Person
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.stays.services import stay_admit
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.people.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALIAS = "Pipo-Navigateur"


def _free_on_board(page, structure):
    page.goto("/disponibilites/")
    return page.get_by_test_id(f"row-{structure.pk}").get_by_test_id("free")


def test_from_the_street_to_a_bed_on_a_phone(page):
    structure = StructureFactory(
        name="Hôtel Les Tilleuls", kind=StructureKind.HOTEL, places=3, availability_mode=AvailabilityMode.COMPUTED
    )
    operator = UserFactory(username="operatrice", operateur_of=structure.operator)
    stay_admit(person=PersonFactory(), structure=structure, by=operator)
    UserFactory(username="maraudeur", role=Role.MARAUDE, organization=OrganizationFactory(name="Maraude Nord"))
    UserFactory(username="policier", role=Role.POLICE)

    log_in(page, "maraudeur")
    expect(_free_on_board(page, structure)).to_have_text("2")
    page.goto("/rencontres/nouvelle/")
    page.get_by_label("Lieu de la rencontre").fill("Jardins d'Éole, entrée rue d'Aubervilliers")
    page.get_by_label("Arrondissement").select_option("75118")
    page.get_by_label("Nouvelle personne").check()
    page.get_by_label("Nom d'usage dans la rue").fill(ALIAS)
    page.get_by_label("Année de naissance").fill("1984")
    page.get_by_label("Sexe").select_option("male")
    page.get_by_text("Partage avec la coordination et les structures d'accueil").click()
    page.get_by_role("button", name="Enregistrer et orienter").click()

    page.wait_for_url(re.compile(r"/personnes/.+/orienter/"))
    person = Person.objects.get(created_by__username="maraudeur")
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.display_code)
    proposal = page.get_by_test_id(f"proposal-{structure.pk}")
    expect(proposal.get_by_test_id("free")).to_have_text("2")
    proposal.get_by_role("button", name="Orienter vers Hôtel Les Tilleuls").click()
    expect(page.get_by_test_id("status")).to_have_text("Envoyée")

    page.context.clear_cookies()
    log_in(page, "operatrice")
    page.goto("/orientations/")
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_contain_text(person.display_code)
    inbox.get_by_role("link").first.click()
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_test_id("status")).to_have_text("Acceptée")
    page.get_by_role("button", name="Admettre").click()
    expect(page.get_by_test_id("status")).to_have_text("Admission faite")
    expect(_free_on_board(page, structure)).to_have_text("1")

    referral = Referral.objects.get(person=person)
    assert referral.status == ReferralStatus.ADMITTED
    assert referral.contact.location_label.startswith("Jardins d'Éole") and referral.contact.cog == "75118"
    assert Stay.objects.open().get(person=person).structure == structure

    page.context.clear_cookies()
    log_in(page, "policier")
    for url in ("/personnes/", f"/personnes/{person.pk}/", "/orientations/", "/disponibilites/", "/"):
        page.goto(url)
        expect(page.locator("body")).not_to_contain_text(ALIAS)
        expect(page.locator("body")).not_to_contain_text(person.display_code)
    assert page.external_requests == []
