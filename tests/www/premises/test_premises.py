"""The premises pipeline through the interface: the Ville proposes, the State gives opinions,
coordination retains and opens, and the structure appears in the registry."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.premises.enums import Opinion, ProposalStatus
from relais.premises.models import PremisesBlocker, PremisesDocument, PremisesProposal, PremisesReview
from relais.structures.models import PlaceServicePeriod, Structure
from relais.users.enums import ALL_ROLES, OrganizationKind, Role
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.governance.factories import ProposalFactory, ReviewFactory, state_organizations, ville_organization
from tests.helpers import messages_of, select, select_one, text, text_of, texts

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ancien gymnase rue de Tanger",
    "address": "20 rue de Tanger, 75019 Paris",
    "cog": "75119",
    "surface_m2": "450",
    "intended_kind": "rest_night",
    "capacity": "40",
    "available_from": "2027-01-01",
    "available_until": "2029-12-31",
    "owner": "Ville de Paris",
    "description": "Rez-de-chaussée accessible, sanitaires à créer.",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def state():
    return state_organizations()


def _user(role, org):
    return UserFactory(role=role, organization=org)


def _move(client, proposal, transition, reason=""):
    return client.post(
        reverse("premises:proposal_move", args=[proposal.pk]), {"transition": transition, "reason": reason}
    )


class TestPropose:
    def test_ville_proposes_premises_with_a_30_day_deadline(self, client):
        ville = ville_organization()
        client.force_login(_user(Role.VILLE, ville))
        response = client.post(reverse("premises:proposal_create"), VALID)
        proposal = PremisesProposal.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("premises:proposal_detail", args=[proposal.pk])
        assert proposal.proposed_by == ville
        assert proposal.status == ProposalStatus.PROPOSED
        assert proposal.response_due_on == timezone.localdate() + datetime.timedelta(days=30)
        assert "avant le" in messages_of(response)[0]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("cog", "75121", "arrondissement de Paris"),
            ("available_until", "2026-06-01", "doit suivre la date de début"),
            ("capacity", "0", "supérieure ou égale à 1"),
            ("intended_kind", "casino", "choix valide"),
            ("name", "", "Ce champ est obligatoire"),
        ],
    )
    def test_bad_input_is_refused_in_french_and_writes_nothing(self, client, field, value, message):
        client.force_login(_user(Role.VILLE, ville_organization()))
        response = client.post(reverse("premises:proposal_create"), {**VALID, field: value})
        assert response.status_code == 200
        assert message in text_of(response)
        assert not PremisesProposal.objects.exists()

    @pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.VILLE}))
    def test_only_the_ville_proposes(self, client, role):
        client.force_login(UserFactory(role=role))
        assert client.post(reverse("premises:proposal_create"), VALID).status_code == 403
        assert not PremisesProposal.objects.exists()

    def test_ville_edits_its_proposal_only_while_proposed(self, client):
        proposal = ProposalFactory()
        client.force_login(_user(Role.VILLE, proposal.proposed_by))
        response = client.post(reverse("premises:proposal_edit", args=[proposal.pk]), {**VALID, "capacity": "55"})
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.capacity == 55
        proposal.status = ProposalStatus.EXAMINATION
        proposal.save()
        response = client.post(reverse("premises:proposal_edit", args=[proposal.pk]), {**VALID, "capacity": "60"})
        assert response.status_code == 403
        proposal.refresh_from_db()
        assert proposal.capacity == 55

    def test_another_ville_organisation_cannot_edit(self, client):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.VILLE, organization=OrganizationFactory(kind=OrganizationKind.VILLE)))
        response = client.post(reverse("premises:proposal_edit", args=[proposal.pk]), {**VALID, "capacity": "99"})
        assert response.status_code == 403


class TestReviews:
    def test_police_and_coordination_give_their_organisation_opinion(self, client, state):
        proposal = ProposalFactory(examined=True)
        client.force_login(_user(Role.POLICE, state["police"]))
        response = client.post(
            reverse("premises:review_create", args=[proposal.pk]),
            {"opinion": Opinion.RESERVED, "comments": "Sécurisation des abords à prévoir."},
        )
        assert response.status_code == 302
        client.force_login(_user(Role.COORDINATION, state["ars"]))
        client.post(reverse("premises:review_create", args=[proposal.pk]), {"opinion": Opinion.FAVOURABLE})
        assert set(proposal.reviews.values_list("organization__short_name", "opinion")) == {
            ("PP", Opinion.RESERVED),
            ("ARS", Opinion.FAVOURABLE),
        }
        page = client.get(reverse("premises:proposal_detail", args=[proposal.pk]))
        reviews = {
            text(row.select_one("td")): [text(cell) for cell in row.select("td")[1:3]]
            for row in select(page, "table[data-testid=reviews] tbody tr")
        }
        assert reviews[state["police"].name] == ["Réservé", "Sécurisation des abords à prévoir."]
        assert reviews[state["ars"].name] == ["Favorable", "—"]
        assert not select(
            page, f"form[action='{reverse('premises:review_create', args=[proposal.pk])}']"
        )  # ARS has answered
        assert "Rendre l'avis" not in text_of(page)

    def test_no_opinion_twice_from_one_organisation(self, client, state):
        proposal = ProposalFactory(examined=True)
        ReviewFactory(proposal=proposal, organization=state["prefecture"], opinion=Opinion.FAVOURABLE)
        client.force_login(_user(Role.COMITE, state["prefecture"]))
        response = client.post(reverse("premises:review_create", args=[proposal.pk]), {"opinion": Opinion.UNFAVOURABLE})
        assert "a déjà rendu son avis" in messages_of(response)[0]
        assert list(PremisesReview.objects.values_list("opinion", flat=True)) == [Opinion.FAVOURABLE]

    @pytest.mark.parametrize(
        ("role", "kind"),
        [(Role.POLICE, OrganizationKind.ASSOCIATION), (Role.COMITE, OrganizationKind.VILLE)],
    )
    def test_only_state_organisations_give_opinions(self, client, role, kind):
        proposal = ProposalFactory(examined=True)
        client.force_login(UserFactory(role=role, organization=OrganizationFactory(kind=kind)))
        response = client.post(reverse("premises:review_create", args=[proposal.pk]), {"opinion": Opinion.FAVOURABLE})
        assert response.status_code == 403
        assert not PremisesReview.objects.exists()

    @pytest.mark.parametrize("role", [Role.VILLE, Role.OPERATEUR, Role.SOIGNANT, Role.MARAUDE])
    def test_other_roles_cannot_give_opinions(self, client, state, role):
        proposal = ProposalFactory(examined=True)
        client.force_login(UserFactory(role=role, organization=state["ars"]))
        response = client.post(reverse("premises:review_create", args=[proposal.pk]), {"opinion": Opinion.FAVOURABLE})
        assert response.status_code == 403
        assert not PremisesReview.objects.exists()

    def test_no_opinion_once_the_examination_is_over(self, client, state):
        proposal = ProposalFactory(status=ProposalStatus.SET_ASIDE)
        client.force_login(_user(Role.POLICE, state["police"]))
        response = client.post(reverse("premises:review_create", args=[proposal.pk]), {"opinion": Opinion.FAVOURABLE})
        assert "ne reçoit plus d'avis" in messages_of(response)[0]
        assert not PremisesReview.objects.exists()


class TestOverdue:
    def test_overdue_review_is_flagged_to_everyone_concerned(self, client, state):
        late = ProposalFactory(overdue=True, name="Local boulevard de la Chapelle")
        ReviewFactory(proposal=late, organization=state["police"], opinion=Opinion.RESERVED)
        on_time = ProposalFactory(name="Centre de loisirs rue Riquet")

        client.force_login(UserFactory(role=Role.COMITE))
        response = client.get(reverse("premises:proposal_list"))
        assert texts(response, "main .fr-alert--warning p") == [
            "1 proposition attend encore des avis de l'État après le délai de réponse."
        ]
        rows = [r for r in response.context["rows"] if r["overdue"]]
        assert [r["proposal"] for r in rows] == [late]
        assert {o.short_name for o in rows[0]["missing"]} == {"ARS", "Préfecture"}
        assert select(response, f"tr[data-testid=proposal-{late.pk}] [data-testid=overdue]")
        on_time_row = select_one(response, f"tr[data-testid=proposal-{on_time.pk}]")
        assert text(on_time_row.select_one("td a")) == on_time.name
        assert not on_time_row.select("[data-testid=overdue]")

        # The ARS, which has not answered, sees it as its own overdue opinion.
        client.force_login(_user(Role.COORDINATION, state["ars"]))
        response = client.get(reverse("premises:proposal_list"))
        assert [r["proposal"] for r in response.context["my_overdue"]] == [late]
        alert = select_one(response, "[data-testid=my-overdue]")
        assert text(alert.select_one("h2")) == "Votre organisation n'a pas rendu son avis dans le délai"
        assert texts(alert, "li a") == [late.name]
        # The police, which answered, does not.
        client.force_login(_user(Role.POLICE, state["police"]))
        assert client.get(reverse("premises:proposal_list")).context["my_overdue"] == []
        # The proposal page names who is late.
        page = client.get(reverse("premises:proposal_detail", args=[late.pk]))
        overdue = text(select_one(page, "[data-testid=overdue]"))
        assert overdue.startswith("Délai dépassé")
        assert "ARS d'essai" in overdue

        # The overdue filter keeps only it.
        response = client.get(reverse("premises:proposal_list") + "?en_retard=1")
        assert [r["proposal"] for r in response.context["rows"]] == [late]

    def test_all_opinions_given_is_not_overdue(self, client, state):
        proposal = ProposalFactory(overdue=True)
        for org in state.values():
            ReviewFactory(proposal=proposal, organization=org)
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.get(reverse("premises:proposal_list"))
        assert not response.context["rows"][0]["overdue"]
        assert response.context["overdue_count"] == 0

    def test_coordination_sets_the_response_deadline(self, client, state):
        proposal = ProposalFactory()
        client.force_login(_user(Role.COORDINATION, state["ars"]))
        client.post(reverse("premises:proposal_deadline", args=[proposal.pk]), {"response_days": "10"})
        proposal.refresh_from_db()
        assert proposal.response_days == 10
        assert proposal.response_due_on == proposal.proposed_on + datetime.timedelta(days=10)

    def test_comite_cannot_set_the_deadline(self, client):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.COMITE))
        response = client.post(reverse("premises:proposal_deadline", args=[proposal.pk]), {"response_days": "10"})
        assert response.status_code == 403
        proposal.refresh_from_db()
        assert proposal.response_days == 30


class TestTransitions:
    def test_coordination_retains_and_opens_and_the_structure_enters_the_registry(self, client, state):
        proposal = ProposalFactory(capacity=12, intended_kind="lhss", name="Pavillon rue de l'Évangile", cog="75118")
        operator = OrganizationFactory(name="Association Horizon d'essai")
        coordination = _user(Role.COORDINATION, state["ars"])
        client.force_login(coordination)
        _move(client, proposal, "examine")
        client.post(reverse("premises:review_create", args=[proposal.pk]), {"opinion": Opinion.FAVOURABLE})
        _move(client, proposal, "retain")
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.RETAINED

        today = timezone.localdate()
        response = client.post(
            reverse("premises:proposal_open", args=[proposal.pk]),
            {
                "opened_on": today.isoformat(),
                "name": "LHSS de l'Évangile",
                "operator": operator.pk,
                "finess_et": "750000010",
                "add_places": "on",
            },
        )
        structure = Structure.objects.get(name="LHSS de l'Évangile")
        assert response.status_code == 302
        assert response.url == reverse("registry:structure_detail", args=[structure.pk])
        assert (structure.kind, structure.cog, structure.finess_et, structure.opened_on) == (
            "lhss",
            "75118",
            "750000010",
            today,
        )
        assert PlaceServicePeriod.objects.covering(today).filter(place__structure=structure).count() == 12
        proposal.refresh_from_db()
        assert (proposal.status, proposal.structure) == (ProposalStatus.OPENED, structure)
        registry = client.get(reverse("registry:structure_list"))
        assert "LHSS de l'Évangile" in texts(registry, "tbody tr td:first-child a")

    def test_opening_links_an_existing_structure(self, client):
        structure = StructureFactory(name="CAARUD du 18e")
        proposal = ProposalFactory(retained=True, proposed_on=datetime.date(2021, 10, 20))
        client.force_login(UserFactory(role=Role.COORDINATION))
        client.post(
            reverse("premises:proposal_open", args=[proposal.pk]),
            {"opened_on": "2022-04-04", "structure": structure.pk},
        )
        proposal.refresh_from_db()
        assert (proposal.status, proposal.structure) == (ProposalStatus.OPENED, structure)
        assert Structure.objects.count() == 1

    def test_no_opening_without_a_retained_decision(self, client):
        proposal = ProposalFactory(examined=True)
        client.force_login(UserFactory(role=Role.COORDINATION))
        response = client.post(
            reverse("premises:proposal_open", args=[proposal.pk]),
            {"opened_on": timezone.localdate().isoformat(), "operator": OrganizationFactory().pk},
        )
        assert response.status_code == 200
        assert "Seule une proposition retenue" in text_of(response)
        assert not Structure.objects.exists()
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.EXAMINATION

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"finess_et": "750000019"}, "FINESS"),
            ({"opened_on": "2020-01-01"}, "ne peut précéder la proposition"),
            ({"operator": ""}, "Indiquez le gestionnaire"),
        ],
    )
    def test_bad_opening_is_refused_and_writes_nothing(self, client, data, message):
        proposal = ProposalFactory(retained=True)
        client.force_login(UserFactory(role=Role.COORDINATION))
        form = {"opened_on": timezone.localdate().isoformat(), "operator": OrganizationFactory().pk, "add_places": "on"}
        response = client.post(reverse("premises:proposal_open", args=[proposal.pk]), {**form, **data})
        assert response.status_code == 200
        assert message in text_of(response)
        assert not Structure.objects.exists()
        assert not PlaceServicePeriod.objects.exists()
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.RETAINED

    def test_retaining_needs_an_opinion_of_the_state(self, client):
        proposal = ProposalFactory(examined=True)
        client.force_login(UserFactory(role=Role.COORDINATION))
        response = _move(client, proposal, "retain")
        assert messages_of(response) == ["Une proposition ne peut être retenue sans au moins un avis de l'État."]
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.EXAMINATION

    def test_setting_aside_needs_a_reason(self, client):
        proposal = ProposalFactory(examined=True)
        client.force_login(UserFactory(role=Role.COORDINATION))
        response = _move(client, proposal, "set_aside")
        assert messages_of(response) == ["Indiquez le motif."]
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.EXAMINATION
        _move(client, proposal, "set_aside", "Surface insuffisante.")
        proposal.refresh_from_db()
        assert (proposal.status, proposal.decision_reason) == (ProposalStatus.SET_ASIDE, "Surface insuffisante.")

    def test_a_transition_from_the_wrong_step_is_refused(self, client):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.COORDINATION))
        # The page offers only the steps open from « Proposé ».
        page = client.get(reverse("premises:proposal_detail", args=[proposal.pk]))
        offered = [option["value"] for option in select(page, "select#id_transition option")]
        assert offered == ["examine", "set_aside", "abandon"]
        response = _move(client, proposal, "start_works")
        assert "à l'étape « Proposé »" in messages_of(response)[0]
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.PROPOSED

    @pytest.mark.parametrize("role", [Role.COMITE, Role.POLICE, Role.VILLE, Role.OPERATEUR])
    def test_only_coordination_moves_proposals(self, client, role):
        proposal = ProposalFactory(retained=True)
        client.force_login(UserFactory(role=role))
        assert _move(client, proposal, "start_works").status_code == 403
        open_url = reverse("premises:proposal_open", args=[proposal.pk])
        assert client.post(open_url, {"opened_on": "2026-01-01"}).status_code == 403
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.RETAINED

    def test_history_records_the_steps(self, client):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.COORDINATION, username="cellule"))
        _move(client, proposal, "examine")
        page = text_of(client.get(reverse("premises:proposal_detail", args=[proposal.pk])))
        assert "Historique des modifications" in page
        assert "cellule" in page
        assert "En examen" in page


class TestDocuments:
    def test_ville_uploads_a_pdf_that_readers_download(self, client, media):
        proposal = ProposalFactory()
        client.force_login(_user(Role.VILLE, proposal.proposed_by))
        upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/octet-stream")
        client.post(reverse("premises:document_upload", args=[proposal.pk]), {"file": upload, "title": "Plan"})
        document = PremisesDocument.objects.get()
        assert document.content_type == "application/pdf"
        assert document.original_name == "plan.pdf"
        stored = media / document.file.name
        assert stored.read_bytes() == PDF
        assert "plan" not in stored.name  # random name on disk

        client.force_login(UserFactory(role=Role.POLICE))
        response = client.get(reverse("premises:document_download", args=[document.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]

    def test_office_documents_are_recognised_by_content(self, client, media):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.COORDINATION))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        upload = SimpleUploadedFile("note.docx", buffer.getvalue())
        client.post(reverse("premises:document_upload", args=[proposal.pk]), {"file": upload})
        assert PremisesDocument.objects.get().content_type.endswith("wordprocessingml.document")

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("devis.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Ce type de fichier n'est pas accepté"),
            ("photo.pdf", PNG, "ne correspond pas à son contenu"),
            ("script.html", b"<html><script>alert(1)</script></html>", "Ce type de fichier n'est pas accepté"),
        ],
    )
    def test_wrong_types_are_refused(self, client, media, name, content, message):
        proposal = ProposalFactory()
        client.force_login(_user(Role.VILLE, proposal.proposed_by))
        response = client.post(
            reverse("premises:document_upload", args=[proposal.pk]), {"file": SimpleUploadedFile(name, content)}
        )
        assert message in messages_of(response)[0]
        assert not PremisesDocument.objects.exists()

    def test_too_large_files_are_refused(self, client, media, settings):
        settings.RELAIS_PREMISES_MAX_UPLOAD_MB = 1
        proposal = ProposalFactory()
        client.force_login(_user(Role.VILLE, proposal.proposed_by))
        big = SimpleUploadedFile("gros.pdf", PDF + b"0" * (1024 * 1024))
        response = client.post(reverse("premises:document_upload", args=[proposal.pk]), {"file": big})
        assert messages_of(response) == ["Le fichier dépasse la taille maximale de 1 Mo."]
        assert not PremisesDocument.objects.exists()

    def test_another_organisation_cannot_attach_and_maraude_cannot_download(self, client, media):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.VILLE, organization=OrganizationFactory(kind=OrganizationKind.VILLE)))
        upload = SimpleUploadedFile("plan.pdf", PDF)
        assert client.post(reverse("premises:document_upload", args=[proposal.pk]), {"file": upload}).status_code == 403
        client.force_login(UserFactory(role=Role.COORDINATION))
        client.post(reverse("premises:document_upload", args=[proposal.pk]), {"file": SimpleUploadedFile("p.pdf", PDF)})
        document = PremisesDocument.objects.get()
        client.force_login(UserFactory(role=Role.MARAUDE))
        assert client.get(reverse("premises:document_download", args=[document.pk])).status_code == 403

    def test_media_is_not_served_by_url(self, client, media):
        client.force_login(UserFactory(role=Role.COORDINATION))
        assert client.get("/media/premises/1/x.pdf").status_code == 404


class TestBlockers:
    def test_coordination_records_and_resolves_a_blocker(self, client):
        proposal = ProposalFactory(status=ProposalStatus.WORKS)
        client.force_login(UserFactory(role=Role.COORDINATION))
        client.post(
            reverse("premises:blocker_create", args=[proposal.pk]),
            {"kind": "staff", "description": "Deux postes infirmiers vacants."},
        )
        blocker = PremisesBlocker.objects.get()
        assert blocker.resolved_on is None
        page = client.get(reverse("premises:proposal_detail", args=[proposal.pk]))
        [blocker_line] = texts(page, "[data-testid=blockers] li")
        assert blocker_line.startswith("Recrutement des équipes — Deux postes infirmiers vacants.")
        client.post(reverse("premises:blocker_resolve", args=[blocker.pk]))
        blocker.refresh_from_db()
        assert blocker.resolved_on == timezone.localdate()
        response = client.post(reverse("premises:blocker_resolve", args=[blocker.pk]))
        assert messages_of(response)[-1] == "Ce blocage est déjà levé."

    def test_police_cannot_record_a_blocker(self, client):
        proposal = ProposalFactory()
        client.force_login(UserFactory(role=Role.POLICE))
        response = client.post(
            reverse("premises:blocker_create", args=[proposal.pk]), {"kind": "works", "description": "x"}
        )
        assert response.status_code == 403
        assert not PremisesBlocker.objects.exists()


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_everyone_but_maraude_reads_the_pipeline(client, role):
    proposal = ProposalFactory()
    client.force_login(UserFactory(role=role))
    expected = 403 if role == Role.MARAUDE else 200
    assert client.get(reverse("premises:proposal_list")).status_code == expected
    assert client.get(reverse("premises:proposal_detail", args=[proposal.pk])).status_code == expected


def test_pipeline_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, state):
    client.force_login(UserFactory(role=Role.COMITE))
    ReviewFactory(proposal=ProposalFactory(overdue=True), organization=state["police"])
    url = reverse("premises:proposal_list")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    baseline = len(captured)
    for n in range(6):
        proposal = ProposalFactory(overdue=n % 2 == 0)
        ReviewFactory(proposal=proposal, organization=state["ars"])
        ReviewFactory(proposal=proposal, organization=state["prefecture"])
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["rows"]) == 7


def test_ville_follows_its_own_proposals(client):
    mine = ProposalFactory(name="Nos locaux")
    other_ville = OrganizationFactory(kind=OrganizationKind.VILLE)
    ProposalFactory(name="Locaux d'une autre direction", proposed_by=other_ville)
    client.force_login(_user(Role.VILLE, mine.proposed_by))
    response = client.get(reverse("premises:proposal_list"), {"mes": "1"})
    assert [r["proposal"] for r in response.context["rows"]] == [mine]
    assert len(client.get(reverse("premises:proposal_list")).context["rows"]) == 2


def test_the_step_tags_filter_the_pipeline(client):
    proposed, examined = ProposalFactory(name="Proposés"), ProposalFactory(name="Examinés", examined=True)
    client.force_login(UserFactory(role=Role.COMITE))
    url = reverse("premises:proposal_list")
    response = client.get(url, {"etape": ProposalStatus.EXAMINATION})
    assert [r["proposal"] for r in response.context["rows"]] == [examined]
    assert text(select_one(response, "nav[aria-label=Étapes] a[aria-current=page]")).startswith("En examen")
    # An unknown step filters nothing, and no tag is marked.
    response = client.get(url, {"etape": "inconnue"})
    assert {r["proposal"] for r in response.context["rows"]} == {proposed, examined}
    assert text(select_one(response, "nav[aria-label=Étapes] a[aria-current=page]")) == "Toutes"


def test_works_then_opening_and_nothing_after(client):
    proposal = ProposalFactory(retained=True)
    client.force_login(UserFactory(role=Role.COORDINATION))
    _move(client, proposal, "start_works")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WORKS
    client.post(
        reverse("premises:proposal_open", args=[proposal.pk]),
        {"opened_on": timezone.localdate().isoformat(), "operator": OrganizationFactory().pk},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPENED
    assert not PlaceServicePeriod.objects.exists()  # capacity left to the operator when not asked
    response = _move(client, proposal, "abandon", "Trop tard.")
    assert "à l'étape « Ouvert »" in messages_of(response)[-1]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPENED


def test_opening_links_a_planned_structure_and_opens_it(client):
    structure = StructureFactory(name="Espace de repos en projet", status="planned", opened_on=None)
    proposal = ProposalFactory(retained=True)
    client.force_login(UserFactory(role=Role.COORDINATION))
    today = timezone.localdate()
    client.post(
        reverse("premises:proposal_open", args=[proposal.pk]),
        {"opened_on": today.isoformat(), "structure": structure.pk},
    )
    structure.refresh_from_db()
    assert (structure.status, structure.opened_on) == ("open", today)


def test_choosing_both_an_existing_structure_and_a_new_one_is_refused(client):
    structure = StructureFactory()
    proposal = ProposalFactory(retained=True)
    client.force_login(UserFactory(role=Role.COORDINATION))
    page = client.get(reverse("premises:proposal_open", args=[proposal.pk]))
    assert page.context["form"]["name"].value() in (None, "")
    response = client.post(
        reverse("premises:proposal_open", args=[proposal.pk]),
        {
            "opened_on": timezone.localdate().isoformat(),
            "structure": structure.pk,
            "operator": OrganizationFactory().pk,
        },
    )
    assert "pas les deux" in text_of(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETAINED


def test_opening_without_a_name_takes_the_proposal_name(client):
    proposal = ProposalFactory(retained=True, name="Ancien gymnase Tanger")
    client.force_login(UserFactory(role=Role.COORDINATION))
    client.post(
        reverse("premises:proposal_open", args=[proposal.pk]),
        {"opened_on": timezone.localdate().isoformat(), "operator": OrganizationFactory().pk},
    )
    assert Structure.objects.get().name == "Ancien gymnase Tanger"
