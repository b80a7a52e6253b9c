"""Every htmx swap, replayed: what htmx puts in the page is what a full reload of the page shows."""

import pytest
from django.urls import reverse

from tests.factories import StructureFactory, UserFactory
from tests.helpers import assert_swap_matches_reload, select_one, text
from tests.people.factories import ReferralFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_declaring_a_figure_swaps_in_the_row_of_the_reloaded_board(client):
    structure = StructureFactory(places=10, occupied=2)
    client.force_login(UserFactory(operateur_of=structure.operator))
    swapped = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 9}, **HTMX)
    row = f"#structure-{structure.pk}"
    assert text(select_one(swapped, f"{row} [data-testid=free]")) == "1"
    assert_swap_matches_reload(swapped, client.get(reverse("board:index")), row)


def test_confirming_unchanged_swaps_in_the_row_of_the_reloaded_board(client):
    structure = StructureFactory(places=10, occupied=4)
    client.force_login(UserFactory(operateur_of=structure.operator))
    swapped = client.post(reverse("board:declare", args=[structure.pk]), {"inchange": "1"}, **HTMX)
    row = f"#structure-{structure.pk}"
    assert text(select_one(swapped, f"{row} [data-testid=occupied]")) == "4"
    assert_swap_matches_reload(swapped, client.get(reverse("board:index")), row)


def test_the_referral_tables_refresh_as_the_reloaded_page_shows_them(client):
    referral = ReferralFactory()
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    swapped = client.get(reverse("people:referral_list"), **HTMX)  # every 60 s, hx-select="#referral-tables"
    assert referral.person.display_code in text(select_one(swapped, "#referral-tables [data-testid=inbox]"))
    assert_swap_matches_reload(swapped, client.get(reverse("people:referral_list")), "#referral-tables")
