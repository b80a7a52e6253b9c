import datetime

import pytest
from playwright.sync_api import expect

from relais.sites.enums import SiteStatus
from relais.sites.models import SecurityOperation
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import StructureFactory, UserFactory
from tests.sites.factories import ObservationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_map(page):
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.goto("/sites/carte/")
    expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "true")
    return console


def test_the_map_shows_sites_by_arrondissement_to_the_comite_without_any_external_request(page):
    SiteFactory(name="Forceval / place Auguste-Baron", cog="75119", status=SiteStatus.ASSIGNED)
    SiteFactory(name="Porte de la Chapelle", cog="75118", latitude=48.8993, longitude=2.359)
    StructureFactory(name="Espace de repos Riquet", places=10, occupied=4)
    UserFactory(username="membre-comite", role=Role.COMITE)

    log_in(page, "membre-comite")
    console = _open_map(page)
    # One marker per arrondissement with sites, one per structure: Leaflet draws them as SVG paths.
    expect(page.locator("#carte path.leaflet-interactive")).to_have_count(3)
    page.locator("#carte path.leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_be_visible()
    expect(page.get_by_test_id("map-sites-table")).to_contain_text("Paris 19e")
    assert page.external_requests == []
    assert console == []  # no CSP violation, no script error


def test_police_records_an_operation_then_sees_the_site_on_the_map(page):
    site = SiteFactory(name="Forceval / place Auguste-Baron", status=SiteStatus.ASSIGNED)
    ObservationFactory(site=site, headcount_min=300, headcount_max=400)
    UserFactory(username="policier", role=Role.POLICE)

    log_in(page, "policier")
    page.goto(f"/sites/{site.pk}/")
    page.get_by_role("link", name="Enregistrer une opération de police").click()
    page.get_by_label("Date").fill((datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Type d'opération").select_option("dealing_point")
    page.get_by_label("Interpellations").fill("5")
    page.get_by_label("Gardes à vue").fill("2")
    page.get_by_label("« Cuisines » démantelées").fill("1")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L'opération a été enregistrée.")).to_be_visible()
    assert SecurityOperation.objects.get().kitchens_dismantled == 1

    console = _open_map(page)
    expect(page.locator("#carte path.leaflet-interactive")).to_have_count(1)
    expect(page.get_by_test_id("map-sites-table")).to_contain_text("300\u2013400")
    assert page.external_requests == []
    assert console == []
