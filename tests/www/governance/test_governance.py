"""Plan follow-up through the interface: measures with live figures, meetings, decisions that set
capacity targets, actions, and the commitments tracker."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.governance.enums import ActionStatus, MeasureStatus
from relais.governance.models import Action, Decision, Measure, MeasureTargetValue, Meeting
from relais.structures.models import CapacityTarget
from relais.users.enums import ALL_ROLES, Role
from tests.factories import CapacityTargetFactory, OrganizationFactory, ProgrammeFactory, StructureFactory, UserFactory
from tests.governance.factories import (
    ActionFactory,
    AxisFactory,
    MeasureFactory,
    MeasureTargetFactory,
    MeasureTargetValueFactory,
    MeetingFactory,
    ProposalFactory,
    ReviewFactory,
    state_organizations,
)
from tests.helpers import messages_of, select, select_one, text, text_of, texts

pytestmark = pytest.mark.django_db


READERS = {Role.COORDINATION, Role.COMITE, Role.VILLE, Role.POLICE, Role.OPERATEUR, Role.SOIGNANT}
WRITERS = {Role.COORDINATION, Role.COMITE}


def _housing_places(assore=5, phase=3):
    StructureFactory(places=assore, kind="hotel", programme=ProgrammeFactory(code="assore", name="ASSORE"))
    StructureFactory(places=phase, kind="hotel", programme=ProgrammeFactory(code="phase", name="PHASE"))


class TestTracker:
    def test_comite_reads_the_communique_measures_with_their_live_figures(self, client):
        _housing_places(assore=5, phase=3)
        StructureFactory(places=4, kind="rest_night")  # not a housing programme: not counted
        measure = MeasureFactory(code="C21-5", title="Renforcer très rapidement l'hébergement accompagné")
        target = MeasureTargetFactory(measure=measure, indicator_code="places_open_programmes")
        MeasureTargetValueFactory(target=target, due_on=datetime.date(2021, 10, 1), value=4)
        MeasureTargetValueFactory(target=target, due_on=datetime.date(2099, 2, 1), value=10)
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.get(reverse("governance:tracker"))
        measure_row = select_one(response, "table[data-testid=measures] tr[data-testid=measure-C21-5]")
        assert text(measure_row.select_one("td a")) == "C21-5"
        row = response.context["measure_rows"][0]["targets"][0]
        assert (row["live"], row["reference"].value, row["reached"]) == (8, 10, False)
        assert text(measure_row.select_one("[data-testid=live-places_open_programmes]")) == "8"
        assert texts(measure_row, "td:last-child p") == [
            "Places ouvertes en hébergement accompagné (ASSORE + PHASE) : 8 / 10 au 01/02/2099"
        ]

    def test_late_ones_first_and_closed_ones_hidden(self, client):
        on_time = MeasureFactory(title="Mesure à l'heure")
        late = MeasureFactory(late=True, title="Mesure en retard")
        MeasureFactory(done=True, title="Mesure réalisée")
        late_action = ActionFactory(late=True, title="Action en retard")
        ActionFactory(title="Action à venir")
        ActionFactory(status=ActionStatus.DONE, evidence="Fait.", title="Action faite")
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.get(reverse("governance:tracker"))
        assert [r["measure"] for r in response.context["measure_rows"]] == [late, on_time]
        assert response.context["actions"][0] == late_action
        page = text_of(response)
        assert "Mesure réalisée" not in page
        assert "Action faite" not in page
        assert texts(response, "main .fr-alert--warning p") == ["2 engagements en retard sur 4 ouverts."]
        assert texts(response, "table[data-testid=measures] tbody td:nth-of-type(1) a") == [late.code, on_time.code]
        assert texts(response, "table[data-testid=actions] tbody td:first-child") == [
            "Action en retard",
            "Action à venir",
        ]
        statuses = texts(response, "table[data-testid=measures] tbody td:nth-of-type(4)")
        statuses += texts(response, "table[data-testid=actions] tbody td:nth-of-type(4)")
        assert statuses.count("En retard") == 2

    def test_filter_by_owner_organisation(self, client):
        ville = OrganizationFactory(name="Ville d'essai")
        mine = MeasureFactory(lead_organization=ville)
        MeasureFactory()
        my_action = ActionFactory(owner=ville)
        ActionFactory()
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.get(reverse("governance:tracker"), {"responsable": ville.pk})
        assert [r["measure"] for r in response.context["measure_rows"]] == [mine]
        assert response.context["actions"] == [my_action]

    def test_tracker_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        _housing_places()
        client.force_login(UserFactory(role=Role.COMITE))
        target = MeasureTargetFactory(indicator_code="places_open_programmes")
        MeasureTargetValueFactory(target=target)
        ActionFactory(measure=target.measure)
        ReviewFactory(proposal=ProposalFactory(overdue=True), organization=state_organizations()["police"])
        url = reverse("governance:tracker")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        baseline = len(captured)
        for n in range(8):
            target = MeasureTargetFactory(
                indicator_code=["places_open_assore", "places_open_rest", "unknown_code"][n % 3]
            )
            MeasureTargetValueFactory(target=target)
            MeasureTargetValueFactory(target=target, due_on=datetime.date(2031, 1, 1))
            ActionFactory(measure=target.measure, late=n % 2 == 0)
            ReviewFactory(proposal=ProposalFactory(overdue=True), organization=state_organizations()["police"])
        with django_assert_num_queries(baseline):
            response = client.get(url)
        assert len(response.context["measure_rows"]) == 9
        assert len(response.context["late_reviews"]) == 9

    def test_late_state_opinions_on_premises_are_commitments_too(self, client):
        state = state_organizations()
        late = ProposalFactory(overdue=True, name="Local boulevard de la Chapelle")
        ReviewFactory(proposal=late, organization=state["police"])
        ProposalFactory(name="Locaux encore dans le délai")
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.get(reverse("governance:tracker"))
        assert [r["proposal"] for r in response.context["late_reviews"]] == [late]
        late_rows = select(response, "table[data-testid=late-reviews] tbody tr")
        assert [text(row.select_one("td a")) for row in late_rows] == ["Local boulevard de la Chapelle"]
        assert "Locaux encore dans le délai" not in text_of(response)
        # Filtered by owner: the ARS is late, the police answered.
        response = client.get(reverse("governance:tracker"), {"responsable": state["ars"].pk})
        assert [r["proposal"] for r in response.context["late_reviews"]] == [late]
        response = client.get(reverse("governance:tracker"), {"responsable": state["police"].pk})
        assert response.context["late_reviews"] == []

    def test_measure_list_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        client.force_login(UserFactory(role=Role.COORDINATION))
        MeasureFactory()
        url = reverse("governance:measure_list")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        baseline = len(captured)
        for _ in range(5):
            MeasureFactory(axis=AxisFactory())
        with django_assert_num_queries(baseline):
            client.get(url)


class TestMeasures:
    def _form(self, **overrides):
        return {
            "code": "C21-2",
            "title": "Ouvrir des espaces de repos complémentaires",
            "axis": AxisFactory().pk,
            "lead_organization": OrganizationFactory().pk,
            "starts_on": "2021-09-30",
            "due_on": "2022-12-31",
            **overrides,
        }

    def test_comite_creates_a_measure(self, client):
        client.force_login(UserFactory(role=Role.COMITE))
        partner = OrganizationFactory()
        response = client.post(reverse("governance:measure_create"), self._form(partners=[partner.pk]))
        measure = Measure.objects.get()
        assert response.status_code == 302
        assert (measure.code, measure.status, list(measure.partners.all())) == ("C21-2", "planned", [partner])

    def test_due_date_before_start_is_refused(self, client):
        client.force_login(UserFactory(role=Role.COORDINATION))
        response = client.post(reverse("governance:measure_create"), self._form(due_on="2021-01-01"))
        assert texts(response, "#id_due_on-desc-error .fr-error-text") == ["L'échéance doit suivre la date de début."]
        assert not Measure.objects.exists()

    @pytest.mark.parametrize("role", sorted(ALL_ROLES - WRITERS))
    def test_only_coordination_and_comite_write(self, client, role):
        measure = MeasureFactory()
        client.force_login(UserFactory(role=role))
        assert client.post(reverse("governance:measure_create"), self._form()).status_code == 403
        response = client.post(reverse("governance:measure_status", args=[measure.pk]), {"status": "done"})
        assert response.status_code == 403
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.IN_PROGRESS
        assert Measure.objects.count() == 1

    def test_status_done_is_dated_and_never_in_the_future(self, client):
        measure = MeasureFactory()
        client.force_login(UserFactory(role=Role.COMITE))
        url = reverse("governance:measure_status", args=[measure.pk])
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.post(url, {"status": "done", "done_on": tomorrow.isoformat()})
        assert messages_of(response) == ["La date de réalisation ne peut pas être dans le futur."]
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.IN_PROGRESS
        response = client.post(url, {"status": "done", "done_on": "2020-01-01"})
        assert "ne peut précéder le début de la mesure" in messages_of(response)[-1]
        client.post(url, {"status": "done", "note": "Ouvert le 15 décembre."})
        measure.refresh_from_db()
        assert (measure.status, measure.done_on, measure.status_note) == (
            MeasureStatus.DONE,
            timezone.localdate(),
            "Ouvert le 15 décembre.",
        )

    def test_measure_page_shows_live_value_against_dated_targets(self, client):
        _housing_places(assore=5, phase=3)
        measure = MeasureFactory(code="P19-2.1")
        client.force_login(UserFactory(role=Role.COORDINATION))
        url = reverse("governance:measure_target", args=[measure.pk])
        client.post(url, {"indicator_code": "places_open_programmes", "due_on": "2021-12-31", "value": "200"})
        client.post(url, {"indicator_code": "places_open_programmes", "due_on": "2099-06-30", "value": "400"})
        assert list(MeasureTargetValue.objects.values_list("value", flat=True)) == [200, 400]
        response = client.get(reverse("governance:measure_detail", args=[measure.pk]))
        row = response.context["targets"][0]
        assert row["live"] == 8
        assert [v.value for v in row["values"]] == [200, 400]
        [callout] = texts(response, ".fr-callout__text")
        assert callout.startswith(
            "Aujourd'hui, d'après les enregistrements : 8 — cible : 400 au 30/06/2099 (non atteinte)"
        )
        assert text(select_one(response, ".fr-callout__text [data-testid=live]")) == "8"

    def test_unknown_indicator_is_refused(self, client):
        measure = MeasureFactory()
        client.force_login(UserFactory(role=Role.COORDINATION))
        response = client.post(
            reverse("governance:measure_target", args=[measure.pk]),
            {"indicator_code": "nope", "due_on": "2030-01-01", "value": "1"},
        )
        assert "choix valide" in messages_of(response)[0]
        assert not MeasureTargetValue.objects.exists()

    def test_budget_per_year_and_history(self, client):
        measure = MeasureFactory()
        client.force_login(UserFactory(role=Role.COMITE, username="secretariat"))
        url = reverse("governance:measure_budget", args=[measure.pk])
        client.post(url, {"year": "2022", "committed": "100000", "spent": "250000"})
        client.post(url, {"year": "2023", "committed": "50000", "spent": "20000"})
        client.post(url, {"year": "2023", "committed": "-5", "spent": "0"})
        response = client.get(reverse("governance:measure_detail", args=[measure.pk]))
        assert response.context["budget_total"] == {"committed": 150000, "spent": 270000}
        client.post(
            reverse("governance:measure_edit", args=[measure.pk]),
            {
                "code": measure.code,
                "title": "Titre corrigé",
                "axis": measure.axis_id,
                "lead_organization": measure.lead_organization_id,
                "starts_on": "2021-09-30",
                "due_on": "2030-01-01",
            },
        )
        page = client.get(reverse("governance:measure_detail", args=[measure.pk]))
        assert text(select_one(page, "main h1")).endswith("Titre corrigé")
        assert "secretariat" in texts(page, "table:has(caption:-soup-contains('Historique')) tbody td:nth-of-type(2)")


class TestMeetingsAndDecisions:
    def test_decision_plus_70_places_updates_the_programme_target(self, client):
        assore = ProgrammeFactory(code="assore", name="ASSORE")
        CapacityTargetFactory(programme=assore, effective_on=datetime.date(2021, 9, 30), places=440)
        meeting = MeetingFactory(held_on=datetime.date(2022, 1, 20))
        measure = MeasureFactory(code="C21-5")
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.post(
            reverse("governance:decision_create", args=[meeting.pk]),
            {
                "title": "+70 places ASSORE",
                "measures": [measure.pk],
                "programme": assore.pk,
                "commitment_mode": "add",
                "places": "70",
                "effective_on": "2022-02-01",
            },
        )
        decision = Decision.objects.get()
        target = CapacityTarget.objects.get(programme=assore, effective_on=datetime.date(2022, 2, 1))
        assert (target.places, target.source_decision, target.decided_on) == (510, decision, meeting.held_on)
        assert "510 places au 01/02/2022" in messages_of(response)[0]
        assert list(decision.measures.all()) == [measure]
        programme_page = text_of(client.get(reverse("registry:programme_detail", args=["assore"])))
        assert "+70 places ASSORE" in programme_page

        # A later decision for the same day updates the same target rather than adding one.
        client.post(
            reverse("governance:decision_create", args=[meeting.pk]),
            {
                "title": "Objectif porté à 520",
                "programme": assore.pk,
                "commitment_mode": "set",
                "places": "520",
                "effective_on": "2022-02-01",
            },
        )
        assert list(CapacityTarget.objects.filter(programme=assore).values_list("places", flat=True)) == [440, 520]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"places": ""}, "Pour un engagement chiffré"),
            ({"effective_on": "2021-01-01"}, "ne peut précéder la réunion"),
            ({"commitment_mode": "add", "places": "-1000"}, "serait négatif"),
        ],
    )
    def test_bad_commitments_are_refused_and_write_nothing(self, client, data, message):
        programme = ProgrammeFactory()
        meeting = MeetingFactory(held_on=datetime.date(2022, 1, 20))
        client.force_login(UserFactory(role=Role.COORDINATION))
        form = {
            "title": "Engagement",
            "programme": programme.pk,
            "commitment_mode": "set",
            "places": "100",
            "effective_on": "2022-02-01",
        }
        response = client.post(reverse("governance:decision_create", args=[meeting.pk]), {**form, **data})
        assert message in messages_of(response)[0]
        assert not Decision.objects.exists()
        assert not CapacityTarget.objects.exists()

    def test_no_decision_for_a_meeting_not_yet_held(self, client):
        meeting = MeetingFactory(held_on=timezone.localdate() + datetime.timedelta(days=3))
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.post(reverse("governance:decision_create", args=[meeting.pk]), {"title": "Trop tôt"})
        assert "ne s'est pas encore tenue" in messages_of(response)[0]
        assert not Decision.objects.exists()

    def test_next_meeting_is_scheduled_at_short_notice(self, client):
        orgs = [OrganizationFactory(), OrganizationFactory()]
        meeting = MeetingFactory(held_on=datetime.date(2021, 9, 30))
        meeting.organizations.set(orgs)
        client.force_login(UserFactory(role=Role.COMITE))
        url = reverse("governance:meeting_next", args=[meeting.pk])
        response = client.post(
            url, {"kind": "institutional", "title": "Comité institutionnel", "hold_by": "2021-09-01"}
        )
        assert "doit se tenir après celle du 30/09/2021" in messages_of(response)[0]
        response = client.post(url, {"kind": "institutional", "title": "Comité institutionnel"})
        assert "Indiquez la date" in messages_of(response)[-1]
        assert Meeting.objects.count() == 1
        response = client.post(
            url, {"kind": "institutional", "title": "Comité institutionnel", "hold_by": "2021-10-31"}
        )
        nxt = Meeting.objects.exclude(pk=meeting.pk).get()
        assert response.url == reverse("governance:meeting_detail", args=[nxt.pk])
        assert (nxt.previous, nxt.held_on, nxt.hold_by) == (meeting, None, datetime.date(2021, 10, 31))
        assert set(nxt.organizations.all()) == set(orgs)
        page = text_of(client.get(reverse("governance:meeting_detail", args=[nxt.pk])))
        assert "la réunion doit se tenir avant le 31/10/2021" in page
        assert "à programmer" in text_of(client.get(reverse("governance:meeting_list")))

    def test_meeting_needs_a_date_or_a_deadline(self, client):
        client.force_login(UserFactory(role=Role.COORDINATION))
        response = client.post(reverse("governance:meeting_create"), {"kind": "follow_up", "title": "Comité de suivi"})
        assert any("Indiquez la date de la réunion" in error for error in texts(response, "main .fr-error-text"))
        assert not Meeting.objects.exists()

    @pytest.mark.parametrize("role", [Role.VILLE, Role.POLICE, Role.OPERATEUR])
    def test_readers_cannot_record_decisions(self, client, role):
        meeting = MeetingFactory()
        client.force_login(UserFactory(role=role))
        response = client.post(reverse("governance:decision_create", args=[meeting.pk]), {"title": "Non"})
        assert response.status_code == 403
        assert not Decision.objects.exists()


class TestActions:
    def test_an_action_is_done_only_with_its_evidence(self, client):
        action = ActionFactory()
        client.force_login(UserFactory(role=Role.COMITE))
        url = reverse("governance:action_status", args=[action.pk])
        response = client.post(url, {"status": "done"})
        assert messages_of(response) == ["Une action ne passe à « faite » qu'avec sa preuve de réalisation."]
        action.refresh_from_db()
        assert action.status == ActionStatus.TODO
        client.post(url, {"status": "done", "evidence": "Compte rendu du 12/01."})
        action.refresh_from_db()
        assert (action.status, action.evidence, action.done_on) == (
            ActionStatus.DONE,
            "Compte rendu du 12/01.",
            timezone.localdate(),
        )
        response = client.post(url, {"status": "in_progress"})
        assert "est close" in messages_of(response)[-1]

    def test_comite_creates_an_action_from_a_meeting(self, client):
        meeting = MeetingFactory()
        owner = OrganizationFactory()
        client.force_login(UserFactory(role=Role.COMITE))
        form_page = client.get(reverse("governance:action_create"), {"meeting": meeting.pk})
        assert form_page.context["form"].initial["meeting"] == str(meeting.pk)
        response = client.post(
            reverse("governance:action_create"),
            {
                "title": "Transmettre la liste des locaux",
                "owner": owner.pk,
                "due_on": "2021-10-31",
                "meeting": meeting.pk,
            },
        )
        action = Action.objects.get()
        assert response.url == reverse("governance:action_detail", args=[action.pk])
        assert (action.owner, action.meeting, action.status) == (owner, meeting, ActionStatus.TODO)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_governance_pages_by_role(client, role):
    measure = MeasureFactory()
    meeting = MeetingFactory()
    action = ActionFactory(meeting=meeting)
    client.force_login(UserFactory(role=role))
    pages = [
        reverse("governance:tracker"),
        reverse("governance:measure_list"),
        reverse("governance:measure_detail", args=[measure.pk]),
        reverse("governance:meeting_list"),
        reverse("governance:meeting_detail", args=[meeting.pk]),
        reverse("governance:action_detail", args=[action.pk]),
    ]
    expected = 200 if role in READERS else 403
    assert [client.get(url).status_code for url in pages] == [expected] * len(pages)
    write = 200 if role in WRITERS else 403
    assert client.get(reverse("governance:measure_create")).status_code == write
    assert client.get(reverse("governance:meeting_create")).status_code == write


class TestPlans:
    def test_comite_creates_a_roadmap_with_its_axes_then_adds_one(self, client):
        from relais.governance.models import Plan

        client.force_login(UserFactory(role=Role.COMITE))
        response = client.post(
            reverse("governance:plan_create"),
            {
                "name": "Feuille de route 2026",
                "short_name": "FdR 2026",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
                "axes": "Lieux de prise en charge\n\nHébergement accompagné\n",
            },
        )
        assert response.status_code == 302
        plan = Plan.objects.get()
        assert list(plan.axes.values_list("number", "title")) == [
            (1, "Lieux de prise en charge"),
            (2, "Hébergement accompagné"),
        ]
        client.post(reverse("governance:axis_create", args=[plan.pk]), {"title": "Sécurité"})
        assert plan.axes.get(number=3).title == "Sécurité"

    def test_plan_without_axis_or_with_bad_dates_is_refused(self, client):
        from relais.governance.models import Plan

        client.force_login(UserFactory(role=Role.COORDINATION))
        form = {"name": "Plan", "short_name": "P", "starts_on": "2026-01-01", "axes": "  \n "}
        response = client.post(reverse("governance:plan_create"), form)
        assert any("Ce champ est obligatoire" in error for error in texts(response, "main .fr-error-text"))
        response = client.post(reverse("governance:plan_create"), {**form, "axes": "Axe", "ends_on": "2025-01-01"})
        assert any(
            "La date de fin doit suivre la date de début." in error for error in texts(response, "main .fr-error-text")
        )
        assert not Plan.objects.exists()

    def test_police_cannot_create_a_plan(self, client):
        client.force_login(UserFactory(role=Role.POLICE))
        assert client.get(reverse("governance:plan_create")).status_code == 403


def test_meeting_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.force_login(UserFactory(role=Role.COMITE))
    ActionFactory(meeting=MeetingFactory())
    url = reverse("governance:meeting_list")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    baseline = len(captured)
    for n in range(5):
        meeting = MeetingFactory(held_on=datetime.date(2022, 1, 1 + n))
        ActionFactory(meeting=meeting)
        ActionFactory(meeting=meeting)
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert [m.actions_count for m in response.context["meetings"]][:1] == [2]


def test_tracker_has_a_print_button_without_inline_script(client):
    client.force_login(UserFactory(role=Role.POLICE))
    page = client.get(reverse("governance:tracker")).content.decode()
    assert "data-relais-print" in page
    assert "relais/print.js" in page
    assert "onclick" not in page
    assert 'style="' not in page


def test_decision_page_shows_its_commitment_and_history(client):
    programme = ProgrammeFactory(code="assore", name="ASSORE")
    meeting = MeetingFactory(held_on=datetime.date(2022, 1, 20))
    client.force_login(UserFactory(role=Role.COMITE, username="secretariat-comite"))
    client.post(
        reverse("governance:decision_create", args=[meeting.pk]),
        {
            "title": "+70 places",
            "programme": programme.pk,
            "commitment_mode": "add",
            "places": "70",
            "effective_on": "2022-02-01",
        },
    )
    decision = Decision.objects.get()
    client.force_login(UserFactory(role=Role.OPERATEUR))
    page = client.get(reverse("governance:decision_detail", args=[decision.pk]))
    assert text(select_one(page, ".fr-callout__title")) == "Engagement : +70 places ASSORE"
    assert "Objectif du programme ASSORE : 70 places." in text(select_one(page, ".fr-callout__text"))
    programme_link = select_one(page, ".fr-callout__text a")
    assert programme_link["href"] == reverse("registry:programme_detail", args=["assore"])
    history = select_one(page, "table:has(caption:-soup-contains('Historique'))")
    assert "secretariat-comite" in texts(history, "tbody td:nth-of-type(2)")


def test_tracker_filters_by_plan(client):
    communique = MeasureFactory(code="C21-2")
    other = MeasureFactory(code="P19-2.3")
    meeting = MeetingFactory()
    decision = Decision.objects.create(meeting=meeting, title="Ouvrir des espaces", recorded_by=UserFactory())
    decision.measures.add(communique)
    via_decision = ActionFactory(decision=decision, title="Action de la décision")
    via_measure = ActionFactory(measure=communique, title="Action de la mesure")
    ActionFactory(measure=other, title="Action d'un autre plan")
    client.force_login(UserFactory(role=Role.VILLE))
    response = client.get(reverse("governance:tracker"), {"plan": communique.axis.plan_id})
    assert [r["measure"] for r in response.context["measure_rows"]] == [communique]
    assert set(response.context["actions"]) == {via_decision, via_measure}


def test_measure_page_draws_the_monthly_history_against_targets(client):
    assore = ProgrammeFactory(code="assore", name="ASSORE")
    StructureFactory(kind="hotel", programme=assore, places=4, places__since=datetime.date(2021, 6, 1))
    measure = MeasureFactory()
    target = MeasureTargetFactory(measure=measure, indicator_code="places_open_assore")
    MeasureTargetValueFactory(target=target, due_on=datetime.date(2021, 8, 1), value=10)
    client.force_login(UserFactory(role=Role.SOIGNANT))
    response = client.get(reverse("governance:measure_detail", args=[measure.pk]))
    row = response.context["targets"][0]
    history = {r["day"]: (r["places_open"], r["target"]) for r in row["history"]}
    assert history[datetime.date(2021, 6, 1)] == (4, None)
    assert history[datetime.date(2021, 9, 1)] == (4, 10)
    assert row["chart"]["target"]  # the target step line is drawn
    chart = select_one(response, "svg.relais-chart")
    # SVG lengths keep a decimal point despite the French locale.
    assert "40.0" in [element.get("x") for element in chart.find_all(["rect", "line", "text", "polyline"])]


def test_tracker_exports_a_csv_without_formulas(client):
    ville = OrganizationFactory(name="Ville d'essai", short_name="Ville")
    MeasureFactory(code="C21-1", title='=HYPERLINK("http://exemple.invalid")', lead_organization=ville)
    ActionFactory(title="+70 places ASSORE", owner=ville, late=True)
    MeasureFactory(code="AUTRE")
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("governance:tracker"), {"responsable": ville.pk, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Type;Référence;Intitulé;Responsable;Échéance;Statut;Chiffre suivi"
    assert len(lines) == 3  # one measure and one action of the Ville; the other measure is filtered out
    assert "'=HYPERLINK" in lines[1]
    assert ";'+70 places ASSORE;" in lines[2]
    assert "En retard" in lines[2]


def test_measure_list_filters_by_plan_and_tracked_status(client):
    late = MeasureFactory(late=True)
    MeasureFactory(axis=late.axis)
    MeasureFactory(done=True)
    client.force_login(UserFactory(role=Role.OPERATEUR))
    response = client.get(reverse("governance:measure_list"), {"plan": late.axis.plan_id, "statut": "late"})
    assert list(response.context["measures"]) == [late]
    response = client.get(reverse("governance:measure_list"), {"statut": "done"})
    assert [m.status for m in response.context["measures"]] == ["done"]


def test_action_due_before_its_meeting_is_refused(client):
    meeting = MeetingFactory(held_on=datetime.date(2021, 9, 30))
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.post(
        reverse("governance:action_create"),
        {"title": "Trop tôt", "owner": OrganizationFactory().pk, "due_on": "2021-09-01", "meeting": meeting.pk},
    )
    assert any(
        "ne peut précéder la réunion dont elle est issue" in error for error in texts(response, "main .fr-error-text")
    )
    assert not Action.objects.exists()


def test_a_measure_past_due_whose_target_is_exceeded_is_not_late(client):
    _housing_places(assore=5, phase=3)
    exceeded = MeasureFactory(late=True, code="C21-9", title="Mesure dépassée")
    target = MeasureTargetFactory(measure=exceeded, indicator_code="places_open_programmes")
    MeasureTargetValueFactory(target=target, due_on=exceeded.due_on, value=6)  # 8 open
    missed = MeasureFactory(late=True, code="C21-10", title="Mesure manquée")
    target = MeasureTargetFactory(measure=missed, indicator_code="places_open_programmes")
    MeasureTargetValueFactory(target=target, due_on=missed.due_on, value=20)
    client.force_login(UserFactory(role=Role.COMITE))

    tracker = client.get(reverse("governance:tracker"))
    statuses = {r["measure"].code: r["measure"].tracked_status for r in tracker.context["measure_rows"]}
    assert statuses == {"C21-9": "reached", "C21-10": "late"}
    assert "1 engagement en retard sur 2 ouverts" in text_of(tracker)
    assert [r["measure"].code for r in tracker.context["measure_rows"]] == ["C21-10", "C21-9"]

    detail = text(select_one(client.get(reverse("governance:measure_detail", args=[exceeded.pk])), "main"))
    assert "Objectif atteint" in detail and "En retard" not in detail
    listing = client.get(reverse("governance:measure_list"))
    assert {m.code: m.tracked_status for m in listing.context["measures"]} == {"C21-9": "reached", "C21-10": "late"}
    # The comité's figure agrees with its pages: a measure whose targets are reached is not counted late.
    from relais.indicators import registry

    assert registry.get("measures_late").total(as_of=timezone.now()) == 1
