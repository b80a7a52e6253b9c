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
    url = reverse("v1:site-operations", args=[site.pk])
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
    url = reverse("v1:site-operations", args=[site.pk])
    response = post(client, url, {"day": YESTERDAY, "kind": "securing", **data})
    assert response.status_code == 400
    assert any(message in error for error in response.json()[field])
    assert not SecurityOperation.objects.exists()


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.POLICE}))
def test_only_police_posts_operations(client, role):
    site = SiteFactory()
    client.force_login(UserFactory(role=role))
    response = post(client, reverse("v1:site-operations", args=[site.pk]), {"day": YESTERDAY, "kind": "securing"})
    assert response.status_code == 403
    assert not SecurityOperation.objects.exists()


def test_maraude_posts_an_observation_and_unknown_fields_are_refused(client):
    site = SiteFactory()
    client.force_login(UserFactory(role=Role.MARAUDE))
    url = reverse("v1:site-observations", args=[site.pk])
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
    [item] = client.get(reverse("v1:site-list")).json()["results"]
    assert (item["name"], item["last_headcount_max"], item["status"]) == ("Forceval", 400, "assigned")
    ground = role in {Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR, Role.POLICE}
    assert ("latitude" in item) is ground


def test_activities_and_operations_read_as_detail_or_totals_by_role(client):
    site = SiteFactory()
    maraude = UserFactory(role=Role.MARAUDE)
    client.force_login(maraude)
    url = reverse("v1:site-activities", args=[site.pk])
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = post(client, url, {"day": day.isoformat(), "counts": {"first_aid": 3, "crack_pipes": 40}})
    assert response.status_code == 201, response.json()
    assert client.get(url).json()[0]["counts"]["crack_pipes"] == 40
    assert client.get(reverse("v1:site-operations", args=[site.pk])).json() == {
        "totals": {
            "arrests": 0,
            "custody": 0,
            "seizure_grams": 0,
            "seizure_euros": 0,
            "kitchens_dismantled": 0,
            "officers_engaged": 0,
        }
    }
    police = UserFactory(role=Role.POLICE)
    client.force_login(police)
    assert client.get(url).json()["totals"]["crack_pipes"] == 40
    assert post(client, url, {"day": day.isoformat(), "counts": {"first_aid": 1}}).status_code == 403
