import pytest
from playwright.sync_api import expect

from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.indicators.people_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordination_reads_the_person_figures_as_of_a_date_and_the_comite_their_published_form(page):
    build_world()
    UserFactory(username="cellule", role=Role.COORDINATION)
    UserFactory(username="membre", role=Role.COMITE)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    log_in(page, "cellule")
    page.goto("/tableaux-de-bord/coordination/?au=31/03/2024")
    expect(page.get_by_test_id("figure-persons_housed")).to_contain_text("2")
    expect(page.get_by_test_id("figure-persons_distinct")).to_contain_text("5")
    referrals = page.get_by_test_id("table-orientations-par-type")
    expect(referrals.get_by_role("row", name="Espace de repos de nuit")).to_contain_text("2")
    expect(page.get_by_test_id("table-refus-par-motif")).to_contain_text("Pas de place")
    page.get_by_test_id("figure-referral_wait_admitted").get_by_role("link", name="Définition").click()
    expect(page.get_by_test_id("definition")).to_contain_text("Non calculée sur moins de 11 admissions")

    page.context.clear_cookies()
    log_in(page, "membre")
    page.goto("/tableaux-de-bord/comite/?au=31/03/2024")
    expect(page.get_by_test_id("figure-persons_housed")).to_contain_text("< 11")
    expect(page.locator("#tableau-personnes-par-type")).to_contain_text("secret statistique")
    assert errors == [] and page.external_requests == []
