"""Text over a field's limit: a counter while typing, a refusal that says why, never a silent cut."""

import pytest
from django.urls import reverse

from relais.governance.models import Measure
from relais.users.enums import Role
from tests.factories import OrganizationFactory, UserFactory
from tests.governance.factories import AxisFactory
from tests.helpers import select, select_one, text

pytestmark = pytest.mark.django_db


def test_no_field_has_a_maxlength_that_browsers_cut_text_with(client):
    """A browser stops typing and cuts a paste at `maxlength` without a word: the limit is carried as
    `data-maxlength` (the page's counter reads it) and checked by the server."""
    AxisFactory()
    client.force_login(UserFactory(role=Role.COMITE))
    for url in (reverse("governance:measure_create"), reverse("governance:measure_list")):
        page = client.get(url)
        assert select(page, "[maxlength]") == []
    page = client.get(reverse("governance:measure_create"))
    assert select_one(page, "input[name=title]")["data-maxlength"] == "300"
    assert select_one(page, "script[src$='relais/length-counter.js']")


def test_text_over_the_limit_is_refused_with_a_message_and_kept(client):
    axis = AxisFactory()
    client.force_login(UserFactory(role=Role.COMITE))
    title = "Mesure " + "x" * 300
    response = client.post(
        reverse("governance:measure_create"),
        {"code": "C-LONG", "title": title, "axis": axis.pk, "lead_organization": OrganizationFactory().pk},
    )
    assert response.status_code == 200
    group = select_one(response, "input[name=title]").find_parent(class_="fr-input-group")
    assert text(select_one(group, ".fr-error-text")) == (
        "Assurez-vous que cette valeur comporte au plus 300 caractères (actuellement 307)."
    )
    assert select_one(response, "input[name=title]")["value"] == title  # nothing cut: the user shortens it
    assert not Measure.objects.exists()
