"""The offline-first pieces the server provides: the service worker from the root, the offline page,
the outbox on the signed-in pages, and the erasure of what the phone keeps at logout."""

import pytest
from django.urls import reverse

from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, select_one
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_and_names_the_static_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"/static/relais/outbox.js"' in body and '"/rencontres/nouvelle/"' in body


def test_the_service_worker_keeps_no_page_with_person_data(client):
    """Only the blank encounter form and the offline page are ever stored, never a person's page."""
    body = client.get("/sw.js").content.decode()
    pages = body.split("var PAGES = [", 1)[1].split("]", 1)[0]
    assert pages == '"/rencontres/nouvelle/"'
    assert "personnes" not in body and "orientations" not in body


def test_signed_in_pages_carry_the_outbox_and_anonymous_ones_do_not(client):
    assert not select(client.get(reverse("login")), "#outbox")
    client.force_login(UserFactory(role=Role.MARAUDE))
    page = client.get(reverse("people:contact_create"))
    box = select_one(page, "#outbox")
    assert box["data-sw"] == "/sw.js" and box.has_attr("hidden")
    assert select_one(page, "form[data-outbox] input[name=idempotency_key]")
    assert select(page, "script[src$='relais/outbox.js']")


def test_the_referral_form_goes_through_the_outbox(client):
    person = PersonFactory(consented=True)
    client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
    form = select_one(client.get(reverse("people:refer", args=[person.pk])), "form[data-outbox]")
    assert form.select_one("input[name=idempotency_key]") and form.select_one("textarea[name=comment]")


def test_logout_erases_what_the_phone_keeps(client):
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_offline_page_is_public_and_points_to_the_encounter_form(client):
    page = client.get(reverse("core:offline"))
    assert page.status_code == 200
    assert select(page, "a[href='/rencontres/nouvelle/']")
