import csv
import io

import pytest
from data_inclusion.schema import v1
from django.urls import reverse

from relais.structures.enums import StructureKind, StructureStatus
from tests.factories import OrganizationFactory, StructureFactory

pytestmark = pytest.mark.django_db


def _url(dataset, fmt):
    return reverse("interop:data_inclusion", kwargs={"dataset": dataset, "fmt": fmt})


@pytest.fixture
def registry():
    operator = OrganizationFactory(siret="73282932000074")
    published = [
        StructureFactory(kind=kind, operator=operator, opening_hours="Mo-Fr 09:00-18:00") for kind in StructureKind
    ]
    hidden = StructureFactory(name="Lieu confidentiel", is_public=False)
    closed = StructureFactory(name="Lieu fermé", status=StructureStatus.CLOSED)
    return published, hidden, closed


def test_structures_and_services_validate_with_the_official_schema(client, registry):
    published, hidden, closed = registry
    structures = client.get(_url("structures", "json")).json()
    services = client.get(_url("services", "json")).json()
    for record in structures:
        v1.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        v1.Service.model_validate(record, context={"ignore_warnings": False})
    names = {r["nom"] for r in structures}
    assert {s.name for s in published} == names
    assert hidden.name not in names and closed.name not in names
    assert {r["structure_id"] for r in services} == {r["id"] for r in structures}
    assert structures[0]["code_postal"] == "75019" and structures[0]["siret"] == "73282932000074"


def test_csv_files_are_public_and_escape_formulas(client, registry):
    StructureFactory(name="=HYPERLINK(1)")
    response = client.get(_url("structures", "csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert "'=HYPERLINK(1)" in {row["nom"] for row in rows}
    services = list(csv.DictReader(io.StringIO(client.get(_url("services", "csv")).content.decode())))
    assert services[0]["publics"] == "personnes-en-situation-durgence"


def test_no_occupancy_or_person_figure_is_published(client, registry):
    StructureFactory(places=5, occupied=4)
    body = client.get(_url("structures", "json")).content.decode()
    assert "occup" not in body and "free" not in body


def test_coordination_withdraws_a_structure_from_publication(client):
    from relais.users.enums import Role
    from tests.factories import UserFactory

    structure = StructureFactory(name="Espace repos public")
    client.force_login(UserFactory(role=Role.OPERATEUR, organization=structure.operator))
    form = client.get(reverse("registry:structure_edit", args=[structure.pk])).context["form"]
    assert "is_public" not in form.fields  # an operator does not decide publication
    client.force_login(UserFactory(role=Role.COORDINATION))
    data = {
        "name": structure.name,
        "kind": structure.kind,
        "operator": structure.operator.pk,
        "address": structure.address,
        "cog": structure.cog,
        "status": "open",
        "availability_mode": "declared",
        "is_public": "",
    }
    assert client.post(reverse("registry:structure_edit", args=[structure.pk]), data).status_code == 302
    assert client.get(_url("structures", "json")).json() == []


def test_the_open_data_page_links_the_directory_files(client):
    html = client.get(reverse("opendata:index")).content.decode()
    assert _url("structures", "json") in html and _url("services", "csv") in html
