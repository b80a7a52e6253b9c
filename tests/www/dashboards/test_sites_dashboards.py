"""Sites, police action, evacuations, premises and governance on the dashboards, the situation report and open data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.governance.enums import MeasureStatus
from relais.reports.communique import trace
from relais.reports.models import SituationReport
from relais.sites.enums import Destination, DisplacementKind
from relais.sites.models import DisplacementDestination
from relais.users.enums import ALL_ROLES, Role
from tests.factories import OrganizationFactory, UserFactory
from tests.governance.factories import ActionFactory, MeasureFactory, ProposalFactory, state_organizations
from tests.helpers import assert_published, text_of
from tests.sites.factories import (
    ActivityFactory,
    DisplacementFactory,
    ObservationFactory,
    OperationFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def table(response, table_id):
    return next(t for t in response.context["dashboard"]["tables"] if t["id"] == table_id)


def table_ids(response):
    return [t["id"] for t in response.context["dashboard"]["tables"]]


def today():
    return timezone.localdate()


def ago(days):
    return today() - datetime.timedelta(days=days)


@pytest.fixture
def sites():
    forceval = SiteFactory(name="Forceval", cog="75119")
    other = SiteFactory(name="Porte d'Aubervilliers", cog="75119")
    ObservationFactory(
        site=forceval, observed_at=timezone.now() - datetime.timedelta(hours=3), headcount_min=300, headcount_max=400
    )
    ObservationFactory(
        site=other, observed_at=timezone.now() - datetime.timedelta(hours=5), headcount_min=20, headcount_max=30
    )
    outreach = OrganizationFactory(name="Équipe de rue d'essai", short_name="Rue")
    ActivityFactory(site=forceval, day=ago(2), organization=outreach, first_aid=3, nursing_care=5)
    OperationFactory(site=forceval, day=ago(3), arrests=4, custody=3, officers_engaged=40)
    evacuation = DisplacementFactory(site=forceval, day=ago(1), kind=DisplacementKind.EVACUATION)
    DisplacementDestination.objects.create(displacement=evacuation, destination=Destination.REST_SPACE, people=37)
    DisplacementDestination.objects.create(displacement=evacuation, destination=Destination.HOSPITAL, people=4)
    return {"forceval": forceval, "other": other, "outreach": outreach}


@pytest.fixture
def governance():
    MeasureFactory(late=True)
    MeasureFactory(status=MeasureStatus.DONE, done_on=ago(10))
    MeasureFactory()
    ActionFactory(late=True)
    state_organizations()
    ProposalFactory(overdue=True)
    ProposalFactory(capacity=40)


def test_comite_sees_the_sites_situation_evacuations_premises_and_measures(client, sites, governance):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("dashboards:comite"))
    assert response.status_code == 200
    situation = {r["label"]: r["cells"] for r in table(response, "sites-situation")["rows"]}
    # headcount low, high, acts, operations, people evacuated: the counts of persons are published
    assert situation["Forceval"][3] == "1"  # operations: not a count of persons
    for shown, true in zip(situation["Forceval"], [300, 400, 48, None, 41], strict=True):
        if true is not None:
            assert_published(shown, true)
    for shown, true in zip(situation["Porte d'Aubervilliers"], [20, 30, 0, 0, 0], strict=True):
        assert_published(shown, true)
    evacuations = {r["label"]: r["cells"] for r in table(response, "evacuations")["rows"]}
    assert evacuations["Hôpital"] == ["< 11"]  # not « Hôpital : 4 »
    assert_published(evacuations["Espace de repos"][0], 37)
    pipeline = {r["label"]: r["cells"] for r in table(response, "locaux")["rows"]}
    assert pipeline["En examen"] == ["1", "30", "1"] and pipeline["Proposé"] == ["1", "40", "0"]
    measures = {r["label"]: r["cells"] for r in table(response, "mesures")["rows"]}
    assert measures == {"En cours": ["1"], "En retard": ["1"], "Réalisée": ["1"]}
    assert table(response, "retards")["total"]["cells"] == ["1", "1", "1"]
    acts = {r["label"]: r["cells"] for r in table(response, "actes-par-organisation")["rows"]}
    assert list(acts) == ["Rue"]
    assert_published(acts["Rue"][0], 48)
    trend = table(response, "sites-tendance")
    for shown, true in zip(trend["rows"][-1]["cells"], [320, 430, 0, 0], strict=True):
        assert_published(shown, true)
    html = text_of(response)
    assert "Situation des sites" in html and "Forceval" in html


def test_police_sees_its_operations_in_detail_and_health_activity_as_published_totals(client, sites):
    client.force_login(UserFactory(role=Role.POLICE))
    response = client.get(reverse("dashboards:police"))
    ids = table_ids(response)
    assert {"operations-par-type", "operations-par-site", "activite-sanitaire"} <= set(ids)
    # No breakdown of the health teams' work by organisation or site, no evacuation destinations.
    assert not {"actes-par-organisation", "sites-situation", "evacuations"} & set(ids)
    operations = table(response, "operations-par-type")
    # operations as recorded; arrests and custody are counts of persons, published
    assert operations["total"]["cells"][:3] == ["1", "< 11", "< 11"]
    health = {r["label"]: r["cells"] for r in table(response, "activite-sanitaire")["rows"]}
    assert health["Premiers secours"] == ["< 11"]
    assert_published(health["Kits de réduction des risques"][0], 40)
    assert "< 11" in table(response, "activite-sanitaire")["legend"]
    by_arr = table(response, "sites-par-arrondissement")["total"]["cells"]
    assert by_arr[0] == "2"
    assert_published(by_arr[1], 320)
    assert_published(by_arr[2], 430)


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.COMITE, Role.COORDINATION}))
def test_other_roles_do_not_see_the_comite_tables(client, sites, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("dashboards:comite"))
    assert response.status_code in (403, 404)
    assert "Forceval" not in response.content.decode()


def test_dashboards_keep_a_fixed_number_of_queries_with_more_sites_data(client, sites, governance):
    urls = {
        Role.COMITE: "dashboards:comite",
        Role.POLICE: "dashboards:police",
        Role.COORDINATION: "dashboards:coordination",
    }
    for role, name in urls.items():
        client.force_login(UserFactory(role=role))
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse(name))
        counted = len(few.captured_queries)
        for n in range(4):
            site = SiteFactory(cog=f"751{n + 10}")
            ObservationFactory(site=site, headcount_min=10 + n, headcount_max=20 + n)
            ActivityFactory(site=site, day=ago(n + 1))
            OperationFactory(site=site, day=ago(n + 2))
            evacuation = DisplacementFactory(site=site, day=ago(n + 1))
            DisplacementDestination.objects.create(displacement=evacuation, destination=Destination.UNKNOWN, people=12)
            MeasureFactory(late=True)
            ActionFactory(late=True)
            ProposalFactory(overdue=True)
        with CaptureQueriesContext(connection) as more:
            client.get(reverse(name))
        assert len(more.captured_queries) == counted, name


def test_the_situation_report_freezes_the_sites_and_governance_sections(client, sites, governance):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.post(reverse("reports:generate"), {"meeting_date": today().isoformat()})
    assert response.status_code == 302
    report = SituationReport.objects.get()
    ids = [t["id"] for t in report.snapshot["tables"]]
    assert {"sites-situation", "sites-tendance", "evacuations", "locaux", "mesures", "retards"} <= set(ids)
    figures = {f["id"]: f for f in report.snapshot["communique_figures"]}
    low, high = figures["main_site_headcount_low"]["display"], figures["main_site_headcount_high"]["display"]
    assert_published(low, 300)
    assert_published(high, 400)
    assert figures["main_site_headcount_high"]["site"] == "Forceval"
    rest = figures["evacuated_rest_space"]["display"]
    assert_published(rest, 37)
    assert figures["sites_active"]["display"] == "2"
    draft = report.drafts.get().text
    assert "sur le site Forceval seront confortées par l'État et la Ville" in draft
    assert f"La dernière estimation y fait état de {low} à {high} personnes présentes" in draft
    assert f"{rest} personnes ont été conduites vers un espace de repos" in draft
    assert trace(draft, report.snapshot)["untraced"] == []
    # Frozen: later records change nothing in the report.
    ObservationFactory(site=sites["forceval"], headcount_min=5, headcount_max=8)
    page = text_of(client.get(reverse("reports:detail", args=[report.pk])))
    assert "Situation des sites" in page and "Mesures par statut" in page
    report.refresh_from_db()
    assert {f["id"]: f for f in report.snapshot["communique_figures"]}["main_site_headcount_low"]["display"] == low


def test_communique_hides_a_small_number_of_people_evacuated(client, sites):
    DisplacementDestination.objects.filter(destination=Destination.REST_SPACE).update(people=6)
    client.force_login(UserFactory(role=Role.COMITE))
    client.post(reverse("reports:generate"), {"meeting_date": today().isoformat()})
    report = SituationReport.objects.get()
    assert {f["id"]: f for f in report.snapshot["communique_figures"]}["evacuated_rest_space"]["display"] == "< 11"
    assert "< 11 personnes ont été conduites vers un espace de repos" in report.drafts.get().text


def test_open_data_publishes_site_headcounts_by_month_and_arrondissement(client, sites):
    SiteFactory(name="Petit site", cog="75118")
    ObservationFactory(site=SiteFactory(name="Petit site 2", cog="75118"), headcount_min=3, headcount_max=6)
    data = client.get(reverse("opendata:json", args=["personnes-presentes-sur-les-sites-haute"])).json()
    assert data["indicateur"]["compte_des_personnes"] is True
    month = today().strftime("%Y-%m")
    current = {r["code_commune"]: r for r in data["donnees"] if r["mois"] == month}
    assert current["75118"]["valeur"] is None and current["75118"]["statut"] == "< 11"
    # The Paris total and 75119 are perturbed: 436 - 430 no longer gives the 6 away.
    assert_published(current["75056"]["valeur"], 436)
    assert_published(current["75119"]["valeur"] or current["75119"]["statut"], 430)
    assert current["75101"]["valeur"] == 0
    csv_response = client.get(reverse("opendata:csv", args=["personnes-presentes-sur-les-sites-basse"]))
    assert csv_response.status_code == 200 and ";< 11" in csv_response.content.decode()


def test_a_measure_targets_any_catalogue_indicator_by_its_code(client, sites):
    from relais.governance.models import MeasureTargetValue
    from tests.helpers import messages_of

    measure = MeasureFactory(code="C21-9")
    client.force_login(UserFactory(role=Role.COORDINATION))
    url = reverse("governance:measure_target", args=[measure.pk])
    client.post(url, {"indicator_code": "evacuated_people", "due_on": "2099-06-30", "value": "50"})
    assert MeasureTargetValue.objects.get().target.indicator_code == "evacuated_people"
    response = client.get(reverse("governance:measure_detail", args=[measure.pk]))
    row = response.context["targets"][0]
    assert row["live"] == 41  # the catalogue's figure: 37 + 4 people over the last 30 days
    assert "Personnes évacuées ou mises à l'abri" in text_of(response)
    # A code the catalogue does not know is still refused, and nothing is written.
    response = client.post(url, {"indicator_code": "evacuated_peoplex", "due_on": "2099-06-30", "value": "5"})
    assert "choix valide" in messages_of(response)[0]
    assert MeasureTargetValue.objects.count() == 1


def test_police_exports_its_operations_table(client, sites):
    client.force_login(UserFactory(role=Role.POLICE))
    response = client.get(reverse("dashboards:police_export", args=["operations-par-type", "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert "Opération contre le trafic" in content and "Interpellations lors des opérations de sécurité" in content
    # The comité's tables are not the police's to export.
    assert client.get(reverse("dashboards:police_export", args=["evacuations", "csv"])).status_code == 404
