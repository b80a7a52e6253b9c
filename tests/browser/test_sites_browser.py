import datetime

import pytest
from playwright.sync_api import expect

from relais.sites.models import SecurityOperation
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import StructureFactory, UserFactory
from tests.helpers import assert_published
from tests.sites.factories import ObservationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_map(page):
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.goto("/sites/carte/")
    expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "true")
    return console


def test_the_map_shows_sites_by_arrondissement_to_the_comite_without_any_external_request(page):
    SiteFactory(name="Forceval / place Auguste-Baron", cog="75119")
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
    site = SiteFactory(name="Forceval / place Auguste-Baron")
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


def test_the_issue_scenario_from_the_field_to_the_comite(page, browser, live_server):
    """Police records an operation at Forceval, maraude a week of acts, coordination the evacuation
    with its destinations; the comité then reads the timeline and the map by arrondissement."""
    site = SiteFactory(name="Forceval / place Auguste-Baron", cog="75119")
    rest = StructureFactory(name="Espace de repos de nuit Villette", kind="rest_night", places=50, occupied=10)
    for username, role in (("policier", Role.POLICE), ("maraudeur", Role.MARAUDE)):
        UserFactory(username=username, role=role)
    UserFactory(username="coordinatrice", role=Role.COORDINATION)
    UserFactory(username="membre-comite", role=Role.COMITE)
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday() + 7)

    def session(username):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        tab = context.new_page()
        log_in(tab, username)
        tab.goto(f"/sites/{site.pk}/")
        return context, tab

    context, tab = session("policier")
    tab.get_by_role("link", name="Enregistrer une opération de police").click()
    tab.get_by_label("Date").fill((monday + datetime.timedelta(days=2)).isoformat())
    tab.get_by_label("Type d'opération").select_option("anti_trafficking")
    tab.get_by_label("Interpellations").fill("7")
    tab.get_by_role("button", name="Enregistrer").click()
    expect(tab.get_by_text("L'opération a été enregistrée.")).to_be_visible()
    context.close()

    context, tab = session("maraudeur")
    tab.get_by_role("link", name="Saisir l'activité de la semaine").click()
    tab.get_by_role("link", name="Semaine précédente").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(monday.strftime("%d/%m/%Y"))
    for offset in range(5):
        day = (monday + datetime.timedelta(days=offset)).strftime("%d/%m")
        tab.get_by_label(f"Premiers secours le {day}", exact=True).fill("2")
        tab.get_by_label(f"Kits de réduction des risques le {day}", exact=True).fill("30")
    tab.get_by_role("button", name="Enregistrer la semaine").click()
    expect(tab.get_by_text(f"L'activité de la semaine du {monday:%d/%m/%Y} a été enregistrée.")).to_be_visible()
    context.close()

    context, tab = session("coordinatrice")
    tab.get_by_role("link", name="Enregistrer une évacuation").click()
    tab.get_by_label("Date").fill((monday + datetime.timedelta(days=4)).isoformat())
    tab.get_by_label("Type", exact=True).select_option("evacuation")
    tab.get_by_label("Destination 1").select_option("rest_space")
    tab.get_by_label("Structure du registre 1").select_option(label=rest.name)
    tab.get_by_label("Personnes 1").fill("37")
    tab.get_by_label("Destination 2").select_option("unknown")
    tab.get_by_label("Personnes 2").fill("20")
    tab.get_by_role("button", name="Enregistrer").click()
    expect(tab.get_by_text("L'évacuation et ses destinations ont été enregistrées.")).to_be_visible()
    context.close()

    log_in(page, "membre-comite")
    page.goto(f"/sites/{site.pk}/?du={monday:%Y-%m-%d}&au={monday + datetime.timedelta(days=6):%Y-%m-%d}")
    totals = page.get_by_test_id("timeline-totals")
    # The comité reads counts of persons published: 7 arrests hidden, no destination of the evacuation.
    expect(totals.locator('[data-col="arrests"]')).to_have_text("< 11")
    assert_published(totals.locator('[data-col="acts"]').inner_text().strip(), 160)
    assert_published(totals.locator('[data-col="displaced"]').inner_text().strip(), 57)
    expect(page.get_by_text(f"37 → Espace de repos : {rest.name}")).to_have_count(0)
    console = _open_map(page)
    expect(page.get_by_test_id("map-sites-table")).to_contain_text("Paris 19e")
    assert page.external_requests == []
    assert console == []


def test_map_labels_are_text_never_html(page):
    hostile = '<img src=x onerror="window.pwned=1">'
    StructureFactory(name=f"Structure {hostile}", places=10, occupied=4)
    SiteFactory(name=f"Site {hostile}", cog="75118", latitude=48.8993, longitude=2.359)
    UserFactory(username="coordinatrice", role=Role.COORDINATION)

    log_in(page, "coordinatrice")
    _open_map(page)
    markers = page.locator("#carte path.leaflet-interactive")
    expect(markers).to_have_count(2)
    for index in range(2):
        markers.nth(index).dispatch_event("mouseover")
    expect(page.locator(".leaflet-tooltip").first).to_contain_text("<img")
    assert page.locator(".leaflet-tooltip img").count() == 0
    assert page.evaluate("window.pwned") is None
