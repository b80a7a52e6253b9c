"""The issue's « done when », in a real browser: the Ville proposes premises, the police and
coordination give opinions, an overdue review is flagged, coordination retains and opens the
premises and finds the structure in the registry, and the comité reads the tracker."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from relais.premises.enums import Opinion
from relais.premises.models import PremisesProposal
from relais.structures.models import Structure
from relais.users.enums import Role
from tests.browser.conftest import log_in
from tests.factories import OrganizationFactory, ProgrammeFactory, StructureFactory, UserFactory
from tests.governance.factories import (
    MeasureFactory,
    MeasureTargetFactory,
    MeasureTargetValueFactory,
    ProposalFactory,
    ReviewFactory,
    state_organizations,
    ville_organization,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(username):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        page.external_requests = []
        page.on(
            "request",
            lambda r: page.external_requests.append(r.url) if not r.url.startswith(live_server.url) else None,
        )
        log_in(page, username)
        return page

    yield make
    for context in contexts:
        context.close()


def test_from_the_ville_proposal_to_the_opened_structure(new_page):
    state = state_organizations()
    ville = ville_organization()
    UserFactory(username="agent-ville", role=Role.VILLE, organization=ville)
    UserFactory(username="agent-pp", role=Role.POLICE, organization=state["police"])
    UserFactory(username="cellule-ars", role=Role.COORDINATION, organization=state["ars"])
    UserFactory(username="membre-comite", role=Role.COMITE, organization=state["prefecture"])
    operator = OrganizationFactory(name="Association Horizon d'essai")
    late = ProposalFactory(overdue=True, name="Local boulevard de la Chapelle", proposed_by=ville)
    ReviewFactory(proposal=late, organization=state["police"], opinion=Opinion.RESERVED)
    StructureFactory(kind="hotel", places=7, programme=ProgrammeFactory(code="assore"))
    measure = MeasureFactory(code="C21-5", title="Renforcer très rapidement l'hébergement accompagné")
    target = MeasureTargetFactory(measure=measure, indicator_code="places_open_programmes")
    MeasureTargetValueFactory(target=target, due_on=datetime.date(2099, 1, 1), value=510)

    # The Ville proposes premises.
    page = new_page("agent-ville")
    page.goto("/locaux/nouvelle/")
    page.get_by_label("Désignation").fill("Ancien gymnase rue de Tanger")
    page.get_by_label("Adresse").fill("20 rue de Tanger, 75019 Paris")
    page.get_by_label("Arrondissement").select_option(label="Paris 19e")
    page.get_by_label("Surface (m²)").fill("450")
    page.get_by_label("Usage envisagé").select_option(label="Espace de repos de nuit")
    page.get_by_label("Capacité proposée (places)").fill("20")
    page.get_by_label("Disponible à partir du").fill("2027-01-01")
    page.get_by_label("Propriétaire").fill("Ville de Paris")
    page.get_by_role("button", name="Proposer").click()
    expect(page.get_by_text("Proposition enregistrée")).to_be_visible()
    proposal = PremisesProposal.objects.get(name="Ancien gymnase rue de Tanger")

    # The police gives its opinion.
    police = new_page("agent-pp")
    police.goto(f"/locaux/{proposal.pk}/")
    police.get_by_text("Réservé", exact=True).click()
    police.get_by_label("Commentaires").fill("Sécurisation des abords à prévoir.")
    police.get_by_role("button", name="Rendre l'avis").click()
    expect(police.get_by_text("Avis de PP enregistré : Réservé.")).to_be_visible()

    # Coordination sees the overdue review, examines, gives the ARS opinion, retains and opens.
    coordination = new_page("cellule-ars")
    coordination.goto("/locaux/")
    expect(coordination.get_by_test_id(f"proposal-{late.pk}").get_by_test_id("overdue")).to_be_visible()
    expect(coordination.get_by_test_id("my-overdue")).to_contain_text("Local boulevard de la Chapelle")
    coordination.goto(f"/locaux/{proposal.pk}/")
    coordination.get_by_label("Étape suivante").select_option(label="Mettre en examen")
    coordination.get_by_role("button", name="Valider l'étape").click()
    expect(coordination.get_by_test_id("status")).to_have_text("En examen")
    coordination.get_by_text("Favorable", exact=True).click()
    coordination.get_by_role("button", name="Rendre l'avis").click()
    coordination.get_by_label("Étape suivante").select_option(label="Retenir")
    coordination.get_by_role("button", name="Valider l'étape").click()
    expect(coordination.get_by_test_id("status")).to_have_text("Retenu")
    coordination.get_by_role("link", name="Ouvrir la structure").click()
    coordination.get_by_label("Ouverte le").fill(timezone.localdate().isoformat())
    coordination.get_by_label("Nom de la nouvelle structure").fill("Espace de repos de nuit Tanger")
    coordination.get_by_label("Gestionnaire de la nouvelle structure").select_option(label=str(operator))
    coordination.get_by_label("FINESS établissement (s'il existe)").fill("750000010")
    coordination.get_by_role("button", name="Ouvrir").click()
    expect(coordination).to_have_url(re.compile(r"/lieux/\d+/$"))
    expect(coordination.get_by_role("heading", level=1)).to_contain_text("Espace de repos de nuit Tanger")
    coordination.goto("/lieux/")
    expect(coordination.get_by_role("link", name="Espace de repos de nuit Tanger")).to_be_visible()
    structure = Structure.objects.get(name="Espace de repos de nuit Tanger")
    assert structure.finess_et == "750000010"

    # The comité reads the tracker with the communiqué's measure and its live figure.
    comite = new_page("membre-comite")
    comite.goto("/gouvernance/engagements/")
    row = comite.get_by_test_id("measure-C21-5")
    expect(row.get_by_test_id("live-places_open_programmes")).to_have_text("7")
    expect(row).to_contain_text("510")

    for p in (page, police, coordination, comite):
        assert p.external_requests == []
