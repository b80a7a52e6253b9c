"""The comité's meeting pack: generated from the records, downloaded as a tagged PDF and a DOCX, read back."""

import datetime
import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from relais.governance.enums import ActionStatus
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.governance.factories import ActionFactory, MeasureFactory, MeetingFactory, ProposalFactory
from tests.helpers import select_one

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    today = timezone.localdate()
    last = MeetingFactory(title="Comité de septembre", held_on=today - datetime.timedelta(days=60))
    from relais.governance.models import Decision

    decision = Decision.objects.create(
        meeting=last, title="Ouvrir un espace de repos rue Riquet", recorded_by=UserFactory(role=Role.COMITE)
    )
    ActionFactory(
        title="Visiter les locaux Riquet", decision=decision, meeting=last, status=ActionStatus.TODO, late=True
    )
    MeasureFactory(code="C21-4", title="Renforcer les maraudes", late=True)
    ProposalFactory(name="Locaux Riquet", overdue=True)
    upcoming = MeetingFactory(title="Comité de novembre", held_on=today, previous=last)
    return upcoming


def _pdf_text(content: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout  # noqa: S607
    # -raw: the content stream's order, a cell's wrapped lines one after the other
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S607
    return info, text


EXPECTED = (
    "Point de situation",
    "Décisions de la réunion précédente et leur suivi",
    "Ouvrir un espace de repos rue Riquet",
    "Visiter les locaux Riquet",
    "Propositions de locaux et avis de l'État",
    "Locaux Riquet",
    "Mesures en cours et actions en retard",
    "C21-4 — Renforcer les maraudes",
    "En retard",
    "Sites de consommation",
)


def test_the_comite_downloads_the_meeting_pack_as_pdf_and_docx(client, meetings, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) est requis pour lire le PDF")
    client.force_login(UserFactory(role=Role.COMITE))
    page = client.get(reverse("governance:meeting_detail", args=[meetings.pk]))
    links = [a["href"] for a in select_one(page, "[data-testid=meeting-pack]").select("a")]
    assert links == [reverse("reports:meeting_pack", args=[meetings.pk, fmt]) for fmt in ("pdf", "docx")]

    pdf = client.get(links[0])
    assert pdf["Content-Type"] == "application/pdf"
    info, text = _pdf_text(pdf.content, tmp_path)
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)
    flat = " ".join(text.split())
    for words in EXPECTED:
        assert words in flat, words

    document = docx.Document(io.BytesIO(client.get(links[1]).content))
    words = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for expected in EXPECTED:
        assert expected in words, expected
    assert document.core_properties.title.startswith("Dossier de séance — Comité de novembre")


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.OPERATEUR, Role.POLICE])
def test_other_roles_get_no_meeting_pack(client, meetings, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("reports:meeting_pack", args=[meetings.pk, "pdf"])).status_code == 403


def test_the_communique_draft_downloads_as_an_editable_document(client):
    from relais.reports.services import situation_report_generate

    comite = UserFactory(role=Role.COMITE)
    report = situation_report_generate(meeting_date=timezone.localdate(), by=comite)
    draft = report.drafts.get()
    client.force_login(comite)
    page = client.get(reverse("reports:communique", args=[report.pk]))
    link = select_one(page, "[data-testid=communique-docx] a")["href"]
    document = docx.Document(io.BytesIO(client.get(link).content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs == [p.strip() for p in draft.text.replace("\r\n", "\n").split("\n\n")]
    client.force_login(UserFactory(role=Role.POLICE))
    assert client.get(link).status_code == 403
