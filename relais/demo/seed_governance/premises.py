"""Premises proposed by the Ville, the State's opinions on them, a document and blockers."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from relais.demo.seed_governance.records import D, ProposalRecord
from relais.premises.enums import BlockerKind, Opinion, ProposalStatus
from relais.premises.models import PremisesBlocker, PremisesProposal, PremisesReview
from relais.premises.services import document_attach
from relais.structures.enums import StructureKind
from relais.structures.models import Structure
from relais.users.models import Organization, User


@transaction.atomic
def seed_premises(orgs: dict[str, Organization]) -> None:
    if PremisesProposal.objects.exists():
        return
    today = timezone.localdate()
    ville = User.objects.get(username="ville")
    reviewers = {
        "PP": User.objects.get(username="police"),
        "ARS IDF": User.objects.get(username="coordination"),
        "Préfecture": User.objects.get(username="comite"),
    }
    caarud = Structure.objects.filter(name="CAARUD du 18e").first()

    def days_ago(n):
        return today - datetime.timedelta(days=n)

    proposals = [
        ProposalRecord(
            name="Ancien centre de loisirs rue Riquet",
            address="12 rue Riquet, 75019 Paris",
            cog="75119",
            surface_m2=420,
            kind=StructureKind.REST_NIGHT,
            capacity=40,
            proposed=8,
            status=ProposalStatus.PROPOSED,
            reviews={},
            reason="",
        ),
        ProposalRecord(
            name="Local associatif boulevard de la Chapelle",
            address="80 boulevard de la Chapelle, 75018 Paris",
            cog="75118",
            surface_m2=260,
            kind=StructureKind.REST_DAY,
            capacity=25,
            proposed=D(2021, 9, 22),  # before the comité of 30 September 2021; still awaiting opinions
            status=ProposalStatus.EXAMINATION,
            reviews={"PP": Opinion.RESERVED},
            reason="",
        ),
        ProposalRecord(
            name="Pavillon rue de l'Évangile",
            address="30 rue de l'Évangile, 75018 Paris",
            cog="75118",
            surface_m2=600,
            kind=StructureKind.LHSS,
            capacity=20,
            proposed=D(2021, 9, 20),  # examined by the State after the comité, retained
            status=ProposalStatus.RETAINED,
            reviews={"PP": Opinion.FAVOURABLE, "ARS IDF": Opinion.FAVOURABLE, "Préfecture": Opinion.FAVOURABLE},
            reason="",
        ),
        ProposalRecord(
            name="Ancien bureau de poste avenue de Flandre",
            address="95 avenue de Flandre, 75019 Paris",
            cog="75119",
            surface_m2=750,
            kind=StructureKind.LAM,
            capacity=25,
            proposed=300,
            status=ProposalStatus.WORKS,
            reviews={"PP": Opinion.FAVOURABLE, "ARS IDF": Opinion.FAVOURABLE, "Préfecture": Opinion.RESERVED},
            reason="",
        ),
        ProposalRecord(
            name="Ancienne crèche rue Curial",
            address="40 rue Curial, 75019 Paris",
            cog="75119",
            surface_m2=180,
            kind=StructureKind.REST_DAY,
            capacity=15,
            proposed=200,
            status=ProposalStatus.SET_ASIDE,
            reviews={"PP": Opinion.UNFAVOURABLE, "ARS IDF": Opinion.RESERVED},
            reason="Surface insuffisante et accès impossible aux personnes à mobilité réduite.",
        ),
        ProposalRecord(
            name="Rez-de-chaussée rue Ordener",
            address="110 rue Ordener, 75018 Paris",
            cog="75118",
            surface_m2=300,
            kind=StructureKind.CAARUD,
            capacity=20,
            proposed=D(2021, 10, 20),
            status=ProposalStatus.OPENED,
            reviews={"PP": Opinion.FAVOURABLE, "ARS IDF": Opinion.FAVOURABLE, "Préfecture": Opinion.FAVOURABLE},
            reason="",
        ),
        ProposalRecord(
            name="Entrepôt quai de la Seine",
            address="60 quai de la Seine, 75019 Paris",
            cog="75119",
            surface_m2=900,
            kind=StructureKind.REST_NIGHT,
            capacity=60,
            proposed=400,
            status=ProposalStatus.ABANDONED,
            reviews={"ARS IDF": Opinion.RESERVED},
            reason="Le propriétaire a retiré les locaux avant la décision.",
        ),
    ]
    for record in proposals:
        name, status = record.name, record.status
        proposed_on = record.proposed if isinstance(record.proposed, datetime.date) else days_ago(record.proposed)
        if status == ProposalStatus.OPENED and caarud is None:
            status = ProposalStatus.WORKS
        proposal = PremisesProposal.objects.create(
            name=name,
            address=record.address,
            cog=record.cog,
            surface_m2=record.surface_m2,
            intended_kind=record.kind,
            capacity=record.capacity,
            available_from=proposed_on + datetime.timedelta(days=60),
            owner="Ville de Paris",
            proposed_by=orgs["Ville"],
            created_by=ville,
            proposed_on=proposed_on,
            response_due_on=proposed_on + datetime.timedelta(days=30),
            status=status,
            status_changed_on=min(today, proposed_on + datetime.timedelta(days=40)),
            decision_reason=record.reason,
            structure=caarud if status == ProposalStatus.OPENED else None,
        )
        if status == ProposalStatus.OPENED:
            proposal.status_changed_on = caarud.opened_on or proposal.status_changed_on
            proposal.save(update_fields=["status_changed_on"])
        for offset, (org, opinion) in enumerate(record.reviews.items()):
            PremisesReview.objects.create(
                proposal=proposal,
                organization=orgs[org],
                author=reviewers[org],
                opinion=opinion,
                comments="" if opinion == Opinion.FAVOURABLE else "Réserve sur l'insertion dans le quartier.",
                given_on=min(today, proposed_on + datetime.timedelta(days=10 + 5 * offset)),
            )
        if status == ProposalStatus.RETAINED:
            document_attach(
                proposal=proposal,
                upload=SimpleUploadedFile("plan-des-locaux.pdf", _demo_pdf(name)),
                title="Plan des locaux (document de démonstration)",
                by=ville,
            )
        if status == ProposalStatus.WORKS:
            PremisesBlocker.objects.create(
                proposal=proposal,
                kind=BlockerKind.STAFF,
                description="Recrutement de l'équipe soignante de nuit en cours (deux postes infirmiers vacants).",
                raised_on=days_ago(60),
                raised_by=reviewers["ARS IDF"],
            )
            PremisesBlocker.objects.create(
                proposal=proposal,
                kind=BlockerKind.NEIGHBOURHOOD,
                description="Réunion publique avec le conseil de quartier à organiser.",
                raised_on=days_ago(90),
                resolved_on=days_ago(30),
                raised_by=ville,
            )


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF saying what it is: enough to show the document flow in the demo."""
    text = (
        f"Relais - document de demonstration : {title}".encode("latin-1", "replace")
        .replace(b"(", b"[")
        .replace(b")", b"]")
    )
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
