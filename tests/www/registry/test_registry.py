import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.structures.enums import StructureKind
from relais.structures.models import Place, PlaceServicePeriod, Structure
from relais.users.enums import Role
from tests.factories import (
    CapacityTargetFactory,
    OrganizationFactory,
    ProgrammeFactory,
    StructureFactory,
    UserFactory,
)
from tests.helpers import messages_of, select, select_one, text, texts

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Espace de repos Riquet",
    "kind": StructureKind.REST_NIGHT,
    "address": "10 rue Riquet, 75019 Paris",
    "cog": "75119",
    "latitude": "48.889",
    "longitude": "2.376",
    "finess_et": "750000010",
    "finess_ej": "",
    "opening_hours": "Mo-Su 20:00-08:00",
    "status": "open",
    "opened_on": "2021-10-01",
    "closed_on": "",
    "availability_mode": "declared",
}


def test_operator_creates_a_structure_for_its_own_organisation(client):
    org = OrganizationFactory()
    other = OrganizationFactory()
    client.force_login(UserFactory(operateur_of=org))
    response = client.post(reverse("registry:structure_create"), {**VALID, "operator": other.pk})
    structure = Structure.objects.get()
    assert response.status_code == 302
    assert structure.operator == org  # the operator field is locked to its organisation
    assert structure.finess_et == "750000010"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cog", "75121", "arrondissement de Paris"),
        ("cog", "7501", "arrondissement de Paris"),
        ("finess_et", "750000019", "FINESS"),
        ("finess_et", "75000001", "FINESS"),
        ("opening_hours", "tous les jours", "syntaxe OpenStreetMap"),
        ("latitude", "200", "inférieure ou égale à 90"),
        ("closed_on", "2021-09-01", "doit suivre la date d'ouverture"),
        ("name", "", "Ce champ est obligatoire"),
    ],
)
def test_bad_structure_input_is_refused_in_french_and_writes_nothing(client, field, value, message):
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    data = {**VALID, "operator": OrganizationFactory().pk, field: value}
    response = client.post(reverse("registry:structure_create"), data)
    assert response.status_code == 200
    assert any(message in error for error in texts(response, f"#id_{field}-desc-error .fr-error-text"))
    assert not Structure.objects.exists()


def test_operator_cannot_edit_another_organisation_structure(client):
    structure = StructureFactory()
    client.force_login(UserFactory(operateur_of=OrganizationFactory()))
    response = client.post(
        reverse("registry:structure_edit", args=[structure.pk]), {**VALID, "operator": structure.operator.pk}
    )
    assert response.status_code == 403
    structure.refresh_from_db()
    assert structure.name != VALID["name"]


def test_maraude_reads_but_cannot_edit(client):
    structure = StructureFactory()
    client.force_login(UserFactory(role=Role.MARAUDE))
    assert client.get(reverse("registry:structure_detail", args=[structure.pk])).status_code == 200
    assert client.get(reverse("registry:structure_edit", args=[structure.pk])).status_code == 403


def test_places_are_added_with_attributes_and_count_as_open(client):
    structure = StructureFactory()
    client.force_login(UserFactory(operateur_of=structure.operator))
    today = timezone.localdate()
    response = client.post(
        reverse("registry:places_add", args=[structure.pk]),
        {
            "count": 12,
            "kind": "room",
            "label_prefix": "Chambre",
            "location_label": "Hôtel du Canal",
            "in_service_from": today,
            "women_only": "on",
        },
    )
    assert response.status_code == 302
    assert Place.objects.filter(structure=structure, women_only=True).count() == 12
    detail = client.get(reverse("registry:structure_detail", args=[structure.pk])).content.decode()
    assert "12 places ouvertes" in detail
    assert "Hôtel du Canal" in detail


def test_place_out_of_service_keeps_past_capacity_exact(client):
    structure = StructureFactory(places=2)
    place = structure.places.first()
    client.force_login(UserFactory(role=Role.COORDINATION))
    day = timezone.localdate()
    response = client.post(reverse("registry:place_service", args=[place.pk]), {"in_service": "0", "on": day})
    assert response.status_code == 302
    assert Structure.objects.with_places_open(day).get().places_open == 1
    assert Structure.objects.with_places_open(day - datetime.timedelta(days=1)).get().places_open == 2
    # Twice out of service is refused, with a French message, and changes nothing.
    response = client.post(reverse("registry:place_service", args=[place.pk]), {"in_service": "0", "on": day})
    assert "déjà hors service" in messages_of(response)[-1]
    assert PlaceServicePeriod.objects.filter(place=place).count() == 1


def test_programme_capacity_history_against_targets(client):
    programme = ProgrammeFactory()
    CapacityTargetFactory(programme=programme, effective_on=datetime.date(2019, 5, 27), places=200)
    CapacityTargetFactory(programme=programme, effective_on=datetime.date(2021, 9, 30), places=400)
    StructureFactory(programme=programme, places=60, places__since=datetime.date(2018, 6, 1))
    StructureFactory(programme=programme, places=340, places__since=datetime.date(2021, 6, 1))
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("registry:programme_detail", args=[programme.code]))
    rows = {row["day"]: (row["places_open"], row["target"]) for row in response.context["history"]}
    assert rows[datetime.date(2018, 6, 1)] == (60, None)
    assert rows[datetime.date(2019, 6, 1)] == (60, 200)
    assert rows[datetime.date(2021, 10, 1)] == (400, 400)
    assert text(select_one(response, ".fr-callout__title")) == "400 places ouvertes aujourd'hui"
    assert text(select_one(response, ".fr-callout__text")).endswith("objectif en vigueur : 400 places")


def test_registry_lists_run_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.force_login(UserFactory(role=Role.COMITE))
    programme = ProgrammeFactory()
    StructureFactory(places=2, programme=programme)
    urls = [reverse("registry:structure_list"), reverse("registry:programme_list")]
    baseline = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        baseline[url] = len(captured)
    for _ in range(10):
        StructureFactory(places=3, programme=ProgrammeFactory())
    for url in urls:
        with django_assert_num_queries(baseline[url]):
            client.get(url)


def test_capacity_chart_coordinates_are_not_localised(client):
    """French number formatting would write "40,5" in SVG attributes, which browsers reject."""
    StructureFactory(places=3, places__since=datetime.date(2024, 1, 1))
    client.force_login(UserFactory(role=Role.COMITE))
    structure_id = Structure.objects.get().pk
    response = client.get(reverse("registry:structure_detail", args=[structure_id]))
    bars = select(response, "svg.relais-chart rect")
    assert bars
    for bar in bars:
        for length in ("x", "y", "width", "height"):
            assert "," not in bar[length]
            float(bar[length])
