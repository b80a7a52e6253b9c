"""The sites API: the same rules as the forms, and unknown fields refused (nothing written)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.sites.models import SecurityOperation, SiteObservation
from relais.users.enums import ALL_ROLES, Role
from tests.factories import UserFactory
from tests.sites.factories import ObservationFactory, SiteFactory

pytestmark = pytest.mark.django_db
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_police_posts_an_operation(client):
    site = SiteFactory()
    police = UserFactory(role=Role.POLICE)
    client.force_login(police)
    url = reverse("sites_api:operation_create", args=[site.pk])
    response = post(client, url, {"day": YESTERDAY, "kind": "securing", "arrests": 2, "seizure_grams": "3.5"})
    assert response.status_code == 201
    operation = SecurityOperation.objects.get(pk=response.json()["id"])
    assert (operation.arrests, operation.custody, str(operation.seizure_grams)) == (2, 0, "3.5")
    assert operation.recorded_by == police


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"nom": "Dupont"}, "non_field_errors", "Champ(s) inconnu(s) refusé(s) : nom. Rien n'a été enregistré."),
        ({"custody": 3}, "custody", "Les gardes à vue (3) ne peuvent dépasser les interpellations (0)."),
        ({"day": "2999-01-01"}, "day", "La date ne peut pas être dans le futur."),
        ({"arrests": -1}, "arrests", "0"),
    ],
)
def test_bad_operations_are_refused(client, data, field, message):
    site = SiteFactory()
    client.force_login(UserFactory(role=Role.POLICE))
    url = reverse("sites_api:operation_create", args=[site.pk])
    response = post(client, url, {"day": YESTERDAY, "kind": "securing", **data})
    assert response.status_code == 400
    assert any(message in error for error in response.json()[field])
    assert not SecurityOperation.objects.exists()


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.POLICE}))
def test_only_police_posts_operations(client, role):
    site = SiteFactory()
    client.force_login(UserFactory(role=role))
    response = post(
        client, reverse("sites_api:operation_create", args=[site.pk]), {"day": YESTERDAY, "kind": "securing"}
    )
    assert response.status_code == 403
    assert not SecurityOperation.objects.exists()


def test_maraude_posts_an_observation_and_unknown_fields_are_refused(client):
    site = SiteFactory()
    client.force_login(UserFactory(role=Role.MARAUDE))
    url = reverse("sites_api:observation_create", args=[site.pk])
    moment = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    good = {"observed_at": moment, "period": "day", "headcount_min": 40, "headcount_max": 60}
    assert post(client, url, {**good, "surnom": "X"}).status_code == 400
    assert post(client, url, {**good, "headcount_min": 70}).json() == {
        "headcount_max": ["L'estimation basse (70) dépasse l'estimation haute (60)."]
    }
    assert post(client, url, {**good, "conditions": "Mme Durand présente"}).status_code == 400
    assert not SiteObservation.objects.exists()
    assert post(client, url, good).status_code == 201
    assert SiteObservation.objects.values_list("headcount_min", "headcount_max").get() == (40, 60)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_role_reads_the_sites_and_only_ground_roles_get_points(client, role):
    site = SiteFactory(name="Forceval")
    ObservationFactory(site=site, headcount_min=300, headcount_max=400)
    client.force_login(UserFactory(role=role))
    [item] = client.get(reverse("sites_api:list")).json()
    assert (item["nom"], item["derniere_estimation"]["haut"], item["statut"]) == ("Forceval", 400, "assigned")
    ground = role in {Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR, Role.POLICE}
    assert ("latitude" in item) is ground
