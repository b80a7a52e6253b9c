import pytest
from playwright.sync_api import expect

from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.governance.factories import AxisFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_title_is_counted_not_cut(page):
    AxisFactory()
    UserFactory(username="comite", role=Role.COMITE)
    log_in(page, "comite")
    page.goto("/gouvernance/mesures/nouvelle/")
    title = page.get_by_label("Intitulé")
    title.fill("x" * 305)
    expect(title).to_have_value("x" * 305)  # no silent cut
    expect(page.locator("#id_title-compteur")).to_have_text("305 / 300 caractères : 5 de trop, raccourcissez le texte.")
    title.fill("x" * 12)
    expect(page.locator("#id_title-compteur")).to_have_text("12 / 300 caractères")
