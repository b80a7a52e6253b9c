"""The person-level indicators on the dashboards, the situation report, its communiqué and open data."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.audit.models import AccessEvent
from relais.indicators.publication import SMALL
from relais.reports.models import SituationReport
from relais.structures.enums import StructureKind
from relais.users.enums import ALL_ROLES, Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import assert_published, text_of
from tests.indicators.people_world import at, build_world, referral
from tests.people.factories import PersonFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = {"au": "2024-03-31"}
PERSON_FIGURES = {"persons_housed", "persons_distinct", "referrals_sent", "referrals_pending", "nights_provided"}


@pytest.fixture
def world():
    return build_world()


def figure(response, figure_id):
    return next(f for f in response.context["dashboard"]["figures"] if f["id"] == figure_id)


def rows(response, table_id):
    table = next(t for t in response.context["dashboard"]["tables"] if t["id"] == table_id)
    return {r["label"]: r["cells"] for r in table["rows"]}, table


def test_coordination_sees_the_detail_as_computed(client, world):
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("dashboards:coordination"), AS_OF)
    assert response.status_code == 200
    assert figure(response, "persons_housed")["display"] == "2"
    assert figure(response, "persons_distinct")["display"] == "5"
    assert figure(response, "referrals_pending")["display"] == "1"
    assert figure(response, "psychiatric_steps")["display"] == "1"
    # Fewer than 11 referrals behind it: no median, even inside.
    assert figure(response, "referral_wait_admitted")["display"] == "—"
    by_kind, table = rows(response, "orientations-par-type")
    assert [c["code"] for c in table["columns"]][:5] == [
        "referrals_sent",
        "referrals_accepted",
        "referrals_declined",
        "referrals_expired",
        "referrals_pending",
    ]
    assert by_kind["Hébergement accompagné à l'hôtel"][:5] == ["2", "1", "1", "0", "0"]
    assert by_kind["Espace de repos de nuit"][:5] == ["2", "1", "0", "1", "1"]
    housing, _ = rows(response, "personnes-par-type")
    assert housing["Hébergement accompagné à l'hôtel"] == ["1", "35", "1"]
    assert rows(response, "refus-par-motif")[0] == {"Pas de place": ["1"]}
    assert rows(response, "sorties-par-destination")[0] == {"Logement": ["1"]}
    assert rows(response, "parcours-par-etape")[0] == {
        "Suivi en CSAPA": ["1"],
        "Évaluation psychiatrique (EMPP)": ["1"],
    }
    html = text_of(response)
    assert reverse("dashboards:definition", args=["referral_wait_admitted"]) in html


def test_as_of_on_the_dashboard_follows_the_referrals_transitions(client, world):
    client.force_login(UserFactory(role=Role.COORDINATION))
    url = reverse("dashboards:coordination")
    assert figure(client.get(url, {"au": "2024-03-09"}), "referrals_pending")["value"] == 1
    assert figure(client.get(url, {"au": "2024-03-10"}), "referrals_pending")["value"] == 0


def test_comite_gets_the_person_figures_through_the_publication_rule(client, world):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("dashboards:comite"), AS_OF)
    assert figure(response, "persons_housed")["display"] == SMALL
    assert figure(response, "persons_housed")["value"] is None
    # De-duplicated: coordination's; others read it at the end of the previous month, rounded to ten.
    assert figure(response, "persons_distinct")["display"] in (SMALL, "0")
    by_kind, table = rows(response, "personnes-par-type")
    # 35 nights and a total of 36 are perturbed: their difference no longer gives the single night away.
    assert by_kind["Hébergement accompagné à l'hôtel"][0::2] == [SMALL, SMALL]
    assert_published(by_kind["Hébergement accompagné à l'hôtel"][1], 35)
    assert by_kind["Espace de repos de nuit"] == [SMALL, SMALL, "0"]
    assert table["total"]["cells"][0::2] == [SMALL, SMALL]
    assert_published(table["total"]["cells"][1], 36)
    referrals, table = rows(response, "orientations-par-type")
    assert all(cell in (SMALL, "0", "s") for cells in referrals.values() for cell in cells)
    # Outside, the waiting times are given for the whole only, not per kind of place.
    assert not {c["code"] for c in table["columns"]} & {"referral_wait_acknowledged", "referral_wait_admitted"}
    html = response.content.decode()
    assert "secret statistique" in html


def test_no_person_figure_on_the_police_dashboard(client, world):
    client.force_login(UserFactory(role=Role.POLICE))
    response = client.get(reverse("dashboards:police"), AS_OF)
    shown = {f["code"] for f in response.context["dashboard"]["figures"]}
    assert not shown & PERSON_FIGURES


def test_operator_sees_its_own_structures_only(client, world):
    client.force_login(UserFactory(operateur_of=world["horizon"]))
    response = client.get(reverse("dashboards:operateur"), AS_OF)
    assert figure(response, "persons_housed")["display"] == "1"  # A in the hotel, not C in the night space
    assert figure(response, "nights_provided")["display"] == "35"
    housing, _ = rows(response, "personnes-par-structure")
    assert list(housing) == [world["hotel"].name]
    received, _ = rows(response, "orientations-par-structure")
    assert received == {world["hotel"].name: ["2", "1", "1", "0", "0"]}
    # Another operator's figures are not reachable by changing the query.
    other = client.get(reverse("dashboards:operateur"), {**AS_OF, "organisation": world["phare"].pk})
    assert figure(other, "persons_housed")["display"] == "1"
    assert rows(other, "personnes-par-structure")[0].keys() == {world["hotel"].name}


def test_operator_of_another_organisation_and_comite_never_reach_coordination(client, world):
    client.force_login(UserFactory(operateur_of=world["phare"]))
    assert client.get(reverse("dashboards:coordination"), AS_OF).status_code == 403
    client.force_login(UserFactory(role=Role.COMITE))
    assert client.get(reverse("dashboards:coordination"), AS_OF).status_code == 403
    assert client.get(reverse("dashboards:operateur"), AS_OF).status_code == 403


def test_above_the_threshold_the_comite_reads_the_figure(client):
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=12, availability_mode="computed")
    for _ in range(12):
        StayFactory(structure=hotel)
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("dashboards:comite"))
    assert_published(figure(response, "persons_housed")["display"], 12)


def test_person_dashboards_run_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    users = {
        "dashboards:coordination": UserFactory(role=Role.COORDINATION),
        "dashboards:comite": UserFactory(role=Role.COMITE),
        "dashboards:operateur": UserFactory(operateur_of=world["horizon"]),
    }
    counts = {}
    for name, user in users.items():
        client.force_login(user)
        client.get(reverse(name), AS_OF)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse(name), AS_OF)
        counts[name] = len(few.captured_queries)
    for n in range(5):
        structure = StructureFactory(
            kind=StructureKind.LHSS, places=2, operator=world["horizon"], availability_mode="computed"
        )
        person = PersonFactory(consented=True)
        StayFactory(person=person, structure=structure, admitted_at=at(D(2024, 3, 1 + n)))
        referral(person, world["night"], at(D(2024, 3, 10 + n)))
    for name, user in users.items():
        client.force_login(user)
        with django_assert_num_queries(counts[name]):
            client.get(reverse(name), AS_OF)


def test_report_and_communique_carry_the_published_person_figures(client, world):
    client.force_login(UserFactory(role=Role.COMITE))
    client.post(reverse("reports:generate"), {"meeting_date": "2024-03-31"})
    report = SituationReport.objects.get()
    figures = {f["id"]: f for f in report.snapshot["communique_figures"]}
    assert figures["persons_housed"]["display"] == SMALL
    assert figures["referrals_sent"]["display"] == SMALL
    assert figures["referral_wait_admitted"]["display"] == "—"
    assert {f["id"] for f in report.snapshot["figures"]} >= {"persons_housed", "persons_distinct"}
    assert "personnes-par-type" in [t["id"] for t in report.snapshot["tables"]]
    assert report.snapshot["definitions"]["persons_distinct"]["person_derived"] is True
    text = report.drafts.get().text
    assert "< 11 personnes sont hébergées dans les lieux de prise en charge à la date du point de situation" in text
    assert "délai médian" not in text  # too few admissions for a median
    traced = client.get(reverse("reports:communique", args=[report.pk])).context["traced"]
    assert traced["untraced"] == []
    stated = {f["id"] for f in traced["figures"] if f["stated"]}
    assert {"persons_housed", "persons_distinct", "referrals_sent", "referrals_accepted"} <= stated
    page = text_of(client.get(reverse("reports:detail", args=[report.pk])))
    assert 'data-testid="figure-persons_housed"' in page


def test_the_communique_states_the_median_wait_when_known(client):
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    for i in range(11):
        sent = at(D(2024, 3, 10), 8)
        referral(
            PersonFactory(consented=True),
            hotel,
            sent,
            ("accepted", sent + datetime.timedelta(hours=2)),
            ("admitted", sent + datetime.timedelta(hours=20 + i)),
        )
    client.force_login(UserFactory(role=Role.COMITE))
    client.post(reverse("reports:generate"), {"meeting_date": "2024-03-31"})
    report = SituationReport.objects.get()
    text = report.drafts.get().text
    sent_count, accepted = re.search(
        r"(\S+) orientations ont été envoyées vers un lieu de prise en charge, dont (\S+) acceptées", text
    ).groups()
    assert_published(sent_count, 11)  # counts of persons in a report for the comité: published
    assert_published(accepted, 11)
    assert "avec un délai médian de 25,0 heures entre l'orientation et l'admission" in text
    traced = client.get(reverse("reports:communique", args=[report.pk])).context["traced"]
    assert traced["untraced"] == []
    assert next(f for f in traced["figures"] if f["id"] == "referral_wait_admitted")["stated"]


def test_aggregate_exports_write_no_access_event(client, world):
    client.force_login(UserFactory(role=Role.COORDINATION))
    before = AccessEvent.objects.count()
    url = reverse("dashboards:coordination_export", args=["orientations-par-type", "csv"])
    response = client.get(url, AS_OF)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[2][0] == "Type de structure" and lines[2][1] == "Orientations envoyées (orientations)"
    assert AccessEvent.objects.count() == before


def test_open_data_of_persons_housed_is_published(client):
    hotel = StructureFactory(kind=StructureKind.HOTEL, cog="75119", places=5, availability_mode="computed")
    for _ in range(3):
        StayFactory(structure=hotel)
    response = client.get(reverse("opendata:json", args=["personnes-hebergees"]))
    assert response.status_code == 200
    data = response.json()
    assert data["indicateur"]["compte_des_personnes"] is True
    current = [r for r in data["donnees"] if r["code_commune"] == "75119"][-1]
    assert current["statut"] == SMALL and current["valeur"] is None
    assert "personnes-hebergees" in text_of(client.get(reverse("opendata:index")))


def test_month_by_month_as_of_each_month_end(client, world):
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("dashboards:coordination"), {**AS_OF, "periode": "6"})
    months, table = rows(response, "personnes-mois-par-mois")
    assert list(months) == [
        "31 octobre 2023",
        "30 novembre 2023",
        "31 décembre 2023",
        "31 janvier 2024",
        "29 février 2024",
        "31 mars 2024",
    ]
    assert months["31 décembre 2023"] == ["0", "0"]
    assert months["31 janvier 2024"] == ["1", "0"]  # D
    assert months["29 février 2024"] == ["1", "1"]  # A; r4 sent on 25 February
    assert months["31 mars 2024"] == ["2", "4"]
    assert table["chart"] is not None and table["total"] is None
    client.force_login(UserFactory(role=Role.COMITE))
    published, table = rows(
        client.get(reverse("dashboards:comite"), {**AS_OF, "periode": "6"}), "personnes-mois-par-mois"
    )
    assert published["31 mars 2024"] == [SMALL, SMALL] and published["31 décembre 2023"] == ["0", "0"]
    assert SMALL in table["legend"]
    export = client.get(
        reverse("dashboards:comite_export", args=["personnes-mois-par-mois", "csv"]), {**AS_OF, "periode": "6"}
    )
    assert "31 mars 2024;< 11;< 11" in export.content.decode("utf-8-sig")


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_person_tables_and_exports_follow_each_dashboards_rule(client, role):
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    StayFactory(structure=hotel)
    user = UserFactory(operateur_of=hotel.operator) if role == Role.OPERATEUR else UserFactory(role=role)
    client.force_login(user)
    for name, table_id, allowed in (
        ("coordination", "orientations-par-type", {Role.COORDINATION}),
        ("comite", "personnes-par-type", {Role.COMITE, Role.COORDINATION}),
        ("operateur", "personnes-par-structure", {Role.OPERATEUR, Role.COORDINATION}),
    ):
        expected = 200 if role in allowed else 403
        assert client.get(reverse(f"dashboards:{name}")).status_code == expected, name
        export = reverse(f"dashboards:{name}_export", args=[table_id, "xlsx"])
        assert client.get(export).status_code == expected, export
