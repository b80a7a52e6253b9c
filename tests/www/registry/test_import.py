import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.structures.models import Place, Structure
from relais.users.enums import Role
from tests.factories import OrganizationFactory, ProgrammeFactory, UserFactory
from tests.helpers import select, text_of, texts

pytestmark = pytest.mark.django_db

HEADER = "nom;type;gestionnaire;programme;adresse;code_commune;latitude;longitude;finess_et;finess_ej;horaires;statut;date_ouverture;mode_disponibilite;places;type_place"


def _upload(client, text, source="relais"):
    upload = SimpleUploadedFile("extrait.csv", text.encode("utf-8"), "text/csv")
    return client.post(reverse("registry:import"), {"file": upload, "source": source})


@pytest.fixture
def coordination(client):
    client.force_login(UserFactory(role=Role.COORDINATION))


def test_a_valid_file_creates_every_structure_and_its_places(client, coordination):
    OrganizationFactory(name="Association Horizon", short_name="Horizon")
    ProgrammeFactory(code="assore")
    text = "\n".join(
        [
            HEADER,
            "LHSS Test;lhss;Horizon;;1 rue Petit, 75019 Paris;75119;48,88;2,38;750000010;;24/7;open;01/06/2022;declared;25;bed",
            "Hôtel Test;Hébergement accompagné à l'hôtel;horizon;assore;2 rue de Meaux, 75019 Paris;75119;;;;;;;;;10;room",
        ]
    )
    response = _upload(client, text)
    assert response.status_code == 302
    assert Structure.objects.count() == 2
    assert Place.objects.filter(structure__name="LHSS Test").count() == 25
    assert Structure.objects.get(name="Hôtel Test").programme.code == "assore"


def test_one_bad_row_changes_nothing_and_lists_errors_by_row_and_column(client, coordination):
    OrganizationFactory(short_name="Horizon")
    text = "\n".join(
        [
            HEADER,
            "Bonne ligne;lhss;Horizon;;1 rue Petit;75119;;;;;;;;;5;bed",
            "Mauvaise;lit;Inconnue;;2 rue Petit;75121;abc;;12345;;n'importe quand;;32/13/2021;;-3;bed",
            ";caarud;Horizon;;;75118;;;;;;;;;;",
        ]
    )
    response = _upload(client, text)
    assert response.status_code == 200
    errors = {(e.line, e.column) for e in response.context["errors"]}
    assert {
        (3, "type"),
        (3, "gestionnaire"),
        (3, "code_commune"),
        (3, "latitude"),
        (3, "finess_et"),
        (3, "horaires"),
        (3, "date_ouverture"),
        (3, "places"),
        (4, "nom"),
        (4, "adresse"),
    } <= errors
    [refusal] = texts(response, "main .fr-alert--error p")
    assert "Aucune structure n'a été enregistrée" in refusal
    rows = [texts(row, "td") for row in select(response, "table:has(caption:-soup-contains('Erreurs')) tbody tr")]
    assert any(row[:2] == ["3", "gestionnaire"] and "Organisation inconnue « Inconnue »" in row[2] for row in rows)
    assert not Structure.objects.exists()
    assert not Place.objects.exists()


def test_missing_columns_and_bad_encoding_are_explained(client, coordination):
    response = _upload(client, "nom;type\nA;lhss\n")
    assert "Colonnes obligatoires absentes : gestionnaire, adresse, code_commune." in text_of(response)
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("x.csv", "nom;é".encode("latin-1"), "text/csv"), "source": "relais"},
    )
    assert "encodé en UTF-8" in text_of(response)


def test_the_template_file_is_offered(client, coordination):
    response = client.get(reverse("registry:import"), {"modele": "1"})
    assert response["Content-Type"].startswith("text/csv")
    assert text_of(response).startswith("nom;type;gestionnaire")


def test_only_coordination_imports(client):
    client.force_login(UserFactory(role=Role.OPERATEUR))
    response = _upload(client, HEADER + "\nA;lhss;X;;1 rue;75119;;;;;;;;;;")
    assert response.status_code == 403


FINESS_HEADER = "nofinesset;nofinessej;rs;categetab;libcategetab;numvoie;typvoie;voie;departement;commune;ligneacheminement;siret;dateouv;capacite"


def test_a_finess_extract_maps_categories_and_finds_the_operator_by_siret(client, coordination):
    org = OrganizationFactory(siret="73282932000074")
    text = "\n".join(
        [
            FINESS_HEADER,
            "750000010;750000028;CAARUD TEST;178;CAARUD;12;RUE;PETIT;75;119;75019 PARIS;73282932000074;2019-01-07;",
            "750000036;750000028;LHSS TEST;180;LHSS;3;RUE;DE MEAUX;75;119;75019 PARIS;73282932000074;;20",
        ]
    )
    response = _upload(client, text, source="finess")
    assert response.status_code == 302, [(e.line, e.column, e.message) for e in response.context["errors"]]
    caarud, lhss = Structure.objects.order_by("name")
    assert (caarud.kind, caarud.operator, caarud.cog, caarud.finess_et) == ("caarud", org, "75119", "750000010")
    assert caarud.address == "12 RUE PETIT, 75019 PARIS"
    assert (lhss.kind, Place.objects.filter(structure=lhss).count()) == ("lhss", 20)


def test_a_bad_finess_extract_changes_nothing_and_names_finess_columns(client, coordination):
    OrganizationFactory(siret="73282932000074")
    text = "\n".join(
        [
            FINESS_HEADER,
            "750000010;;CAARUD TEST;178;CAARUD;12;RUE;PETIT;75;119;75019 PARIS;73282932000074;;",
            "750000011;;HOPITAL;101;CH;1;AV;X;75;110;75010 PARIS;00000000000000;;",
        ]
    )
    response = _upload(client, text, source="finess")
    errors = {(e.line, e.column): e.message for e in response.context["errors"]}
    assert errors[(3, "categetab")].startswith("Catégorie FINESS 101 non suivie par Relais")
    assert "FINESS" in errors[(3, "nofinesset")]
    assert "Organisation inconnue" in errors[(3, "siret")]
    assert not Structure.objects.exists()
