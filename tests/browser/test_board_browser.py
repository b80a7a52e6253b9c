import pytest
from playwright.sync_api import expect

from relais.structures.models import OccupancyDeclaration
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import StructureFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_confirms_availability_and_sees_the_board_update(page):
    structure = StructureFactory(name="Espace de nuit Riquet", places=10, occupied=4)
    UserFactory(username="operatrice", operateur_of=structure.operator)
    UserFactory(role=Role.COORDINATION)

    log_in(page, "operatrice")
    page.goto("/disponibilites/")
    row = page.get_by_test_id(f"row-{structure.pk}")
    expect(row.get_by_test_id("free")).to_have_text("6")

    row.get_by_label("Occupées").fill("7")
    with page.expect_response(f"**/disponibilites/{structure.pk}/declarer/"):
        row.get_by_role("button", name="Enregistrer").click()
    row = page.get_by_test_id(f"row-{structure.pk}")
    expect(row.get_by_test_id("free")).to_have_text("3")
    expect(row).to_contain_text("operatrice")

    with page.expect_response(f"**/disponibilites/{structure.pk}/declarer/"):
        row.get_by_role("button", name="Inchangé").click()
    expect(page.get_by_test_id(f"row-{structure.pk}").get_by_test_id("free")).to_have_text("3")
    assert list(OccupancyDeclaration.objects.order_by("declared_at").values_list("occupied", "unchanged")) == [
        (4, False),
        (7, False),
        (7, True),
    ]
    assert page.external_requests == []
