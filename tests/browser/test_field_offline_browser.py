"""The maraude's phone under the périphérique: the network cut, an encounter and two referrals wait in
the outbox; the network back, they land once each, and the place taken meanwhile comes back as a
message on its item. Logging out erases the outbox."""

import re

import pytest
from playwright.sync_api import expect

from relais.people.models import Contact
from relais.referrals.models import Referral
from relais.stays.services import stay_admit
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.people.factories import ContactFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="fr-FR",
        timezone_id="Europe/Paris",
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_encounter_and_referrals_recorded_offline_land_once_when_the_network_returns(phone):
    page = phone
    org = OrganizationFactory(name="Maraude Nord")
    UserFactory(username="maraudeur", role=Role.MARAUDE, organization=org)
    person = PersonFactory(organization=org, consented=True)
    ContactFactory(person=person, organization=org)
    roomy = StructureFactory(
        name="Hôtel Les Tilleuls",
        kind=StructureKind.HOTEL,
        places=3,
        availability_mode=AvailabilityMode.COMPUTED,
        phone="01 40 00 00 00",
        opening_hours="24/7",
    )
    last_bed = StructureFactory(
        name="Halte Riquet", kind=StructureKind.REST_NIGHT, places=1, availability_mode=AvailabilityMode.COMPUTED
    )

    log_in(page, "maraudeur")
    page.goto("/rencontres/nouvelle/")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps the blank form
    page.wait_for_function("caches.match('/rencontres/nouvelle/').then(Boolean)")
    assert _no_sideways_scroll(page)
    # Only the fields of the chosen kind of encounter.
    page.get_by_role("radio", name="Rencontre anonyme").check(force=True)
    expect(page.get_by_label("Nombre de personnes rencontrées")).to_be_visible()
    expect(page.get_by_label("Nom d'usage dans la rue")).to_be_hidden()
    page.get_by_role("radio", name="Personne déjà suivie").check(force=True)
    expect(page.get_by_label("Code de la personne")).to_be_visible()
    expect(page.get_by_label("Nombre de personnes rencontrées")).to_be_hidden()

    page.goto(f"/personnes/{person.pk}/orienter/")
    proposal = page.get_by_test_id(f"proposal-{roomy.pk}")
    expect(proposal.get_by_test_id("phone")).to_have_text("01 40 00 00 00")
    assert _no_sideways_scroll(page)

    page.context.set_offline(True)
    page.get_by_label("Commentaire pour l'accueil").fill("Arrive dans 30 min avec son chien")
    proposal.get_by_role("button", name="Orienter vers Hôtel Les Tilleuls").click()
    outbox = page.get_by_test_id("outbox")
    expect(outbox.get_by_test_id("outbox-item")).to_have_count(1)
    expect(outbox).to_contain_text("1 envoi en attente")
    page.get_by_role("button", name="Orienter vers Halte Riquet").click()
    expect(outbox.get_by_test_id("outbox-item")).to_have_count(2)

    page.goto("/rencontres/nouvelle/")  # no network: the service worker's copy
    page.get_by_label("Lieu de la rencontre").fill("Jardins d'Éole")
    page.get_by_role("radio", name="Personne déjà suivie").check(force=True)
    page.get_by_label("Code de la personne").fill(person.display_code)
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    outbox = page.get_by_test_id("outbox")
    expect(outbox.get_by_test_id("outbox-item")).to_have_count(3)
    expect(outbox).to_contain_text("3 envois en attente")
    assert Referral.objects.count() == 0 and Contact.objects.count() == 1

    # Meanwhile the last bed of the Halte is taken.
    stay_admit(person=PersonFactory(), structure=last_bed, by=UserFactory(operateur_of=last_bed.operator))
    page.context.set_offline(False)
    items = outbox.get_by_test_id("outbox-item")
    expect(items.nth(0)).to_have_attribute("data-state", "sent")
    expect(items.nth(1)).to_have_attribute("data-state", "refused")
    expect(items.nth(1)).to_contain_text("Plus de place libre à Halte Riquet : elle a été prise entre-temps.")
    expect(items.nth(2)).to_have_attribute("data-state", "sent")
    expect(items.nth(2)).to_contain_text(f"Rencontre enregistrée avec {person.display_code}")

    referral = Referral.objects.get()
    assert (referral.to_structure, referral.comment) == (roomy, "Arrive dans 30 min avec son chien")
    assert Contact.objects.count() == 2
    contact = Contact.objects.order_by("pk").last()
    assert (contact.person, contact.location_label) == (person, "Jardins d'Éole")
    # What the phone keeps after sending: labels and messages, not the form's fields.
    kept = page.evaluate(
        """new Promise(resolve => { const r = indexedDB.open('relais-outbox');
           r.onsuccess = () => { const q = r.result.transaction('items').objectStore('items').getAll();
           q.onsuccess = () => resolve(JSON.stringify(q.result)); }; })"""
    )
    assert "body" not in kept and "csrfmiddlewaretoken" not in kept

    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-mobile").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r".*/"))
    assert not page.evaluate("indexedDB.databases().then(dbs => dbs.some(db => db.name === 'relais-outbox'))")
    assert page.evaluate("caches.keys().then(keys => keys.length)") == 0
