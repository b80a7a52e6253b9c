"""Reading sites: every role reads the situation and the counts; the timeline's figures are those of
the records; the police reads health activity as totals and the health side police operations as
totals; comite and ville see sites by arrondissement on the map."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.sites.enums import DayPeriod, Destination, OperationKind, SiteStatus
from relais.sites.models import DisplacementDestination, SiteStatusChange
from relais.structures.enums import StructureKind
from relais.users.enums import ALL_ROLES, PERSON_DATA_ROLES, Role
from relais.utils.geo import ARRONDISSEMENT_CENTRES
from tests.factories import StructureFactory, UserFactory
from tests.helpers import assert_published, messages_of, select, select_one, text, text_of
from tests.sites.factories import (
    ActivityFactory,
    DisplacementFactory,
    ObservationFactory,
    OperationFactory,
    SiteFactory,
)
from tests.sites.helpers import page_text

pytestmark = pytest.mark.django_db
D = datetime.date


def aware(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def cells(response, bucket):
    """The data-table row of one period, as {column: text}."""
    row = select_one(response, f'tr[data-testid="bucket-{bucket}"]')
    return {cell["data-col"]: text(cell).replace("\u2013", "-") for cell in row.select("[data-col]")}


def totals(response):
    row = select_one(response, 'tr[data-testid="timeline-totals"]')
    return {cell["data-col"]: text(cell) for cell in row.select("[data-col]")}


@pytest.fixture
def forceval():
    """Forceval with a few records in February and October 2022, and one outside the period."""
    site = SiteFactory(name="Forceval / place Auguste-Baron", status_change__effective_on=D(2021, 9, 24))
    SiteStatusChange.objects.create(site=site, status=SiteStatus.DISMANTLED, effective_on=D(2022, 10, 5))
    ObservationFactory(site=site, observed_at=aware(D(2022, 2, 7), 10), headcount_min=150, headcount_max=180)
    ObservationFactory(site=site, observed_at=aware(D(2022, 2, 21), 11), headcount_min=160, headcount_max=200)
    ObservationFactory(
        site=site, observed_at=aware(D(2022, 2, 9), 23), period=DayPeriod.NIGHT, headcount_min=170, headcount_max=190
    )
    ObservationFactory(site=site, observed_at=aware(D(2022, 9, 12), 10), headcount_min=300, headcount_max=400)
    ObservationFactory(site=site, observed_at=aware(D(2019, 1, 1), 10), headcount_min=1, headcount_max=2)
    ActivityFactory(site=site, day=D(2022, 2, 7), first_aid=3, nursing_care=5, harm_reduction_kits=40)
    ActivityFactory(site=site, day=D(2022, 2, 8), first_aid=1, nursing_care=0, harm_reduction_kits=20, crack_pipes=7)
    OperationFactory(site=site, day=D(2022, 2, 10), arrests=4, custody=3)
    OperationFactory(site=site, day=D(2022, 2, 17), arrests=2, custody=0, kind=OperationKind.SECURING)
    rest = StructureFactory(name="Espace de repos de nuit démo", kind=StructureKind.REST_NIGHT)
    displacement = DisplacementFactory(site=site, day=D(2022, 10, 5))
    DisplacementDestination.objects.create(
        displacement=displacement, destination=Destination.REST_SPACE, structure=rest, people=37
    )
    DisplacementDestination.objects.create(displacement=displacement, destination=Destination.UNKNOWN, people=50)
    return site


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_role_reads_sites_and_counts(client, role, forceval):
    client.force_login(UserFactory(role=role))
    for url in (reverse("sites:list"), reverse("sites:detail", args=[forceval.pk]), reverse("sites:map")):
        assert client.get(url).status_code == 200
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    if role in PERSON_DATA_ROLES:
        assert totals(response)["acts"] == "76"
    else:  # a count of persons' acts: published (never 1 to 10, with its noise otherwise)
        assert_published(totals(response)["acts"], 76)
    assert totals(response)["operations"] == "2"


def test_an_expired_grant_reads_nothing(client, forceval):
    client.force_login(UserFactory(role=Role.MARAUDE, expired=True))
    assert client.get(reverse("sites:detail", args=[forceval.pk])).status_code == 403
    assert client.get(reverse("sites:map")).status_code == 403


def test_the_timeline_figures_are_those_of_the_records(client, forceval):
    client.force_login(UserFactory(role=Role.COORDINATION))
    # Two and a half years: one row per month.
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2021-01-01", "au": "2023-06-30"})
    assert response.context["timeline"].period.granularity == "month"
    assert cells(response, "2022-02-01") == {
        "day": "150-200",
        "night": "170-190",
        "acts": str(3 + 5 + 40 + 1 + 20 + 7),
        "operations": "2",
        "arrests": "6",
        "displaced": "0",
    }
    assert cells(response, "2022-09-01")["day"] == "300-400"
    assert cells(response, "2022-10-01")["displaced"] == "87"
    assert cells(response, "2022-03-01") == {
        "day": "—",
        "night": "—",
        "acts": "0",
        "operations": "0",
        "arrests": "0",
        "displaced": "0",
    }
    assert totals(response) == {"acts": "76", "operations": "2", "arrests": "6", "displaced": "87"}
    assert not select(response, '[data-testid="bucket-2019-01-01"]')  # outside the period
    events = text(select_one(response, 'tr[data-testid="bucket-2022-10-01"] td:last-child')).split(" ; ")
    assert "Statut : Démantelé" in events and "Évacuation : 87 personne(s)" in events
    assert select(response, "svg polyline")  # the chart beside the table

    # February alone: one row per day.
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    assert response.context["timeline"].period.granularity == "day"
    assert cells(response, "2022-02-07")["day"] == "150-180"
    assert cells(response, "2022-02-08")["acts"] == "28"
    assert cells(response, "2022-02-09")["night"] == "170-190"


def test_the_default_period_is_the_site_whole_life(client, forceval):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("sites:detail", args=[forceval.pk]))
    period = response.context["timeline"].period
    assert (period.start, period.end, period.granularity) == (D(2021, 9, 24), D(2022, 10, 19), "week")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"du": "2022-13-01"}, "Les dates de la période sont invalides"),
        ({"du": "2022-03-01", "au": "2022-02-01"}, "La fin de la période précède son début"),
    ],
)
def test_a_bad_period_falls_back_to_the_default(client, forceval, params, message):
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), params)
    assert response.status_code == 200
    assert any(message in m for m in messages_of(response))
    assert response.context["timeline"].period.start == D(2021, 9, 24)


def test_police_reads_health_activity_as_totals_only(client, forceval):
    client.force_login(UserFactory(role=Role.POLICE))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    page = text_of(response)
    assert select(response, '[data-testid="health-total"]')
    assert_published(response.context["timeline"].totals["acts_total"], 76)
    assert not select(response, '[data-testid="health-detail"]')
    assert "Premiers secours" not in page and "Kits de réduction des risques" not in page
    assert response.context["timeline"].activity_by_organization == []
    assert select(response, '[data-testid="security-detail"]')


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR])
def test_the_health_side_reads_police_operations_as_totals_only(client, forceval, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    page = text_of(response)
    assert "2 opérations sur la période : 6 interpellations, 3 gardes à vue" in page_text(response)
    assert not select(response, '[data-testid="security-detail"]')
    assert "Opération contre le trafic" not in page and "Sécurisation" not in page
    assert response.context["timeline"].operations == []
    assert select(response, '[data-testid="health-detail"]')


def test_coordination_reads_both_in_detail(client, forceval):
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    assert select(response, '[data-testid="health-detail"]') and select(response, '[data-testid="security-detail"]')
    assert len(response.context["timeline"].operations) == 2


@pytest.mark.parametrize("role", [Role.COMITE, Role.VILLE])
def test_comite_and_ville_read_operations_and_health_activity_published(client, forceval, role):
    """Arrests and custody of one operation are small counts of persons (3, then 3 here): outside the
    police and coordination they are read as published totals only, never operation by operation."""
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    assert not select(response, '[data-testid="security-detail"]')
    assert not select(response, '[data-testid="health-detail"]')
    assert response.context["timeline"].operations == []
    assert select(response, '[data-testid="security-total"]')


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (Role.POLICE, {"operation_add"}),
        (Role.MARAUDE, {"activity_week", "observation_add"}),
        (Role.SOIGNANT, {"activity_week", "observation_add"}),
        (Role.OPERATEUR, {"activity_week", "observation_add"}),
        (
            Role.COORDINATION,
            {"activity_week", "observation_add", "displacement_add", "status_add", "service_add", "edit"},
        ),
        (Role.COMITE, set()),
        (Role.VILLE, set()),
    ],
)
def test_the_site_page_offers_each_role_its_entries(client, forceval, role, links):
    client.force_login(UserFactory(role=role))
    page = client.get(reverse("sites:detail", args=[forceval.pk]))
    names = {
        "operation_add",
        "activity_week",
        "observation_add",
        "displacement_add",
        "status_add",
        "service_add",
        "edit",
    }
    offered = {name for name in names if select(page, f'a[href="{reverse(f"sites:{name}", args=[forceval.pk])}"]')}
    assert offered == links
    for name in links:
        assert client.get(reverse(f"sites:{name}", args=[forceval.pk])).status_code == 200


def csp_of(response) -> dict[str, list[str]]:
    directives = (d.split() for d in response["Content-Security-Policy"].split(";") if d.strip())
    return {name: values for name, *values in directives}


def _map_data(response):
    return json.loads(select_one(response, 'script#carte-donnees[type="application/json"]').string)


@pytest.mark.parametrize("role", [Role.COMITE, Role.VILLE, Role.AUDITEUR, Role.ADMIN])
def test_comite_and_ville_see_sites_by_arrondissement(client, forceval, role):
    SiteFactory(name="Porte de la Chapelle", cog="75118", latitude=48.8993, longitude=2.359, appeared=True)
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("sites:map"))
    data = _map_data(response)
    assert data["precise"] is False
    assert {m["type"] for m in data["sites"]} == {"arrondissement"}
    by_cog = {m["cog"]: m for m in data["sites"]}
    assert (by_cog["75119"]["lat"], by_cog["75119"]["lon"]) == ARRONDISSEMENT_CENTRES["75119"]
    assert by_cog["75118"]["active_sites"] == 1 and by_cog["75119"]["active_sites"] == 0
    raw = response.content.decode()
    assert str(forceval.latitude) not in raw and "48.8993" not in raw  # no precise point anywhere in the page
    assert "regroupés par arrondissement" in text_of(response)


@pytest.mark.parametrize("role", [Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR, Role.POLICE])
def test_ground_roles_see_precise_points_and_structures(client, forceval, role):
    StructureFactory(name="Espace de repos Riquet", places=10, occupied=4, latitude=48.889, longitude=2.376)
    client.force_login(UserFactory(role=role))
    data = _map_data(client.get(reverse("sites:map")))
    assert data["precise"] is True
    site = next(m for m in data["sites"] if m["name"] == forceval.name)
    assert (site["lat"], site["lon"], site["status"]) == (forceval.latitude, forceval.longitude, "dismantled")
    riquet = next(s for s in data["structures"] if s["name"] == "Espace de repos Riquet")
    # Free places come from a count of persons (4 occupied): exact for those who orient people there only.
    free = None if role == Role.POLICE else 6
    assert (riquet["kind_label"], riquet["places_open"], riquet["free"]) == ("Espace de repos de nuit", 10, free)
    assert data["tiles"] == ""


def test_the_map_loads_only_from_our_origin(client, forceval):
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("sites:map"))
    assert select_one(response, 'script[src="/static/leaflet/leaflet.js"]')
    assert select_one(response, 'link[rel="stylesheet"][href="/static/leaflet/leaflet.css"]')
    links = [e.get("src") or e.get("href") for e in select(response, "[src], [href]")]
    assert not [link for link in links if re.match(r"(https?:)?//", link)]
    assert csp_of(response)["img-src"] == ["'self'", "data:"]


def test_a_tile_server_is_allowed_only_when_configured(client, forceval, settings):
    settings.RELAIS_MAP_TILES_URL = "https://tuiles.example.fr/{z}/{x}/{y}.png"
    settings.RELAIS_MAP_TILES_ATTRIBUTION = "© Tuiles d'exemple"
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = client.get(reverse("sites:map"))
    assert _map_data(response)["tiles"] == "https://tuiles.example.fr/{z}/{x}/{y}.png"
    assert _map_data(response)["attribution"] == "© Tuiles d'exemple"
    assert csp_of(response)["img-src"] == ["'self'", "data:", "https://tuiles.example.fr"]
    assert csp_of(client.get(reverse("sites:list")))["img-src"] == ["'self'", "data:"]


def test_site_list_filters(client, forceval):
    SiteFactory(name="Porte de la Chapelle", cog="75118", appeared=True)
    client.force_login(UserFactory(role=Role.VILLE))
    names = lambda response: [s.name for s in response.context["sites"]]  # noqa: E731
    assert names(client.get(reverse("sites:list"), {"statut": "actifs"})) == ["Porte de la Chapelle"]
    assert names(client.get(reverse("sites:list"), {"statut": "dismantled"})) == [forceval.name]
    assert names(client.get(reverse("sites:list"), {"arrondissement": "75119"})) == [forceval.name]


def test_lists_and_pages_run_a_fixed_number_of_queries(client, forceval):
    client.force_login(UserFactory(role=Role.COORDINATION))
    urls = [reverse("sites:list"), reverse("sites:map"), reverse("sites:detail", args=[forceval.pk])]
    baseline = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        baseline[url] = len(captured)
    for n in range(8):
        site = SiteFactory(appeared=True)
        ObservationFactory(site=site)
        ObservationFactory(site=forceval, observed_at=aware(D(2022, 3, 1 + n), 10))
        ActivityFactory(site=forceval, day=D(2022, 3, 1 + n))
        OperationFactory(site=forceval, day=D(2022, 3, 1 + n))
        displacement = DisplacementFactory(site=forceval, day=D(2022, 4, 1 + n))
        DisplacementDestination.objects.create(displacement=displacement, destination=Destination.UNKNOWN, people=3)
        displacement.reappeared_at.set([site])
        StructureFactory(places=2, occupied=1)
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured) == baseline[url], url


def test_the_board_sorts_by_distance_to_a_site(client):
    site = SiteFactory(name="Forceval", cog="75119", latitude=48.8985, longitude=2.3885)
    StructureFactory(name="Proche", latitude=48.897, longitude=2.389)
    StructureFactory(name="Loin", latitude=48.828, longitude=2.362)
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = client.get(reverse("board:index"), {"site": str(site.pk)})
    assert [r.name for r in response.context["rows"]] == ["Proche", "Loin"]
    assert response.context["filters"].near == (48.8985, 2.3885)
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("board:index"), {"site": str(site.pk)})
    assert response.context["filters"].near == ARRONDISSEMENT_CENTRES["75119"]  # no precise point for the comité
    assert [r.name for r in response.context["rows"]] == ["Proche", "Loin"]
    response = client.get(reverse("board:index"), {"site": "999999"})
    assert response.context["filters"].near is None


def test_the_site_page_shows_its_status_and_recent_observations(client, forceval):
    client.force_login(UserFactory(role=Role.VILLE))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    text = page_text(response)
    assert "Statut Démantelé depuis le 05/10/2022" in text
    assert "21/02/2022 11:00 Jour 160\u2013200" in text
    assert len(response.context["observations"]) == 3


def test_the_map_shows_structures_of_one_kind(client, forceval):
    StructureFactory(name="LHSS test", kind=StructureKind.LHSS, places=5)
    StructureFactory(name="Repos test", kind=StructureKind.REST_DAY, places=5)
    client.force_login(UserFactory(role=Role.SOIGNANT))
    data = _map_data(client.get(reverse("sites:map"), {"type": "lhss"}))
    assert [s["name"] for s in data["structures"]] == ["LHSS test"]
    assert len(data["sites"]) == 1  # sites are always shown
    data = _map_data(client.get(reverse("sites:map"), {"type": "inconnu"}))
    assert {s["name"] for s in data["structures"]} == {"LHSS test", "Repos test", "Espace de repos de nuit démo"}
