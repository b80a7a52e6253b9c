import pytest
from playwright.sync_api import expect

from relais.people.models import Contact
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_encounter_form_shows_the_fields_of_its_mode_and_fits_a_phone(page):
    UserFactory(username="maraudeur", role=Role.MARAUDE)
    log_in(page, "maraudeur")
    page.goto("/rencontres/nouvelle/")
    _no_sideways_scroll(page)
    alias, count, code = (
        page.get_by_label("Nom d'usage dans la rue"),
        page.get_by_label("Nombre de personnes rencontrées (rencontre anonyme)"),
        page.get_by_label("Code de la personne"),
    )
    expect(alias).to_be_visible()  # « Nouvelle personne » by default
    expect(count).to_be_hidden()
    expect(code).to_be_hidden()

    page.get_by_text("Personne déjà suivie (code)").click()
    expect(code).to_be_visible()
    expect(alias).to_be_hidden()

    page.get_by_text("Rencontre anonyme (comptée seulement)").click()
    expect(count).to_be_visible()
    expect(code).to_be_hidden()
    expect(page.get_by_label("Orienter la personne après l'enregistrement")).to_be_hidden()
    _no_sideways_scroll(page)

    page.get_by_label("Lieu de la rencontre").fill("Porte de la Villette")
    page.get_by_label("Heure de la rencontre").fill("00:05")
    count.fill("3")
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(page.locator("#messages")).to_contain_text("Rencontre enregistrée : 3 personne(s).")
    contact = Contact.objects.get()
    assert contact.people_count == 3
    assert page.external_requests == []
