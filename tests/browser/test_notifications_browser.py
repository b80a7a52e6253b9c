import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.notifications.world import team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_operators_header_count_rises_when_a_maraude_sends_a_referral(page, browser, live_server, settings):
    settings.RELAIS_NOTIFICATION_POLL_SECONDS = 1
    structure, operator, maraude, person = team()
    log_in(page, operator.username)
    count = page.locator(".fr-header__tools-links [data-testid=notification-count]")
    expect(count).to_have_text("Notifications")
    expect(count.get_by_test_id("unread")).to_have_count(0)

    street = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="fr-FR")
    phone = street.new_page()
    log_in(phone, maraude.username)
    phone.goto(reverse("people:refer", args=[person.pk]))
    phone.get_by_test_id(f"proposal-{structure.pk}").get_by_role(
        "button", name=f"Orienter vers {structure.name}"
    ).click()
    phone.wait_for_url("**/orientations/*/")
    street.close()

    # No reload on the operator's side: the header polls its count.
    expect(count.get_by_test_id("unread")).to_have_text("1 non lue", timeout=10_000)
    page.goto("/notifications/")
    expect(page.get_by_test_id("notifications")).to_contain_text("Nouvelle orientation reçue")
    expect(page.get_by_test_id("notifications")).not_to_contain_text(person.alias)
    assert page.external_requests == []
