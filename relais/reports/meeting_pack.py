"""The comité's meeting pack, generated from the records: one content, as a tagged PDF and a DOCX.

Sections are plain tables (title, headers, rows of text), so both formats draw the same thing:
the point de situation, the last meeting's decisions and their follow-up, the premises pipeline with
the State's opinions, open measures and late actions, the sites' figures. Aggregates only.
"""

import datetime
import io

import docx
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats
from weasyprint import CSS, HTML

from relais.governance.enums import TrackedStatus
from relais.governance.models import Action, Measure, Meeting
from relais.premises.enums import FINAL
from relais.premises.models import PremisesProposal, PremisesReview
from relais.premises.services import expected_reviewers, review_state
from relais.reports.pdf import PDF_CSS
from relais.reports.snapshot import communique_figures, snapshot_build

SITE_CODES = ("sites_active", "site_headcount", "security_operations", "taken_to_rest", "main_site")


def _day(value: datetime.date | None) -> str:
    return formats.date_format(value, "d/m/Y") if value else "—"


def _status(value: str) -> str:
    return TrackedStatus(value).label


def _previous(meeting: Meeting) -> Meeting | None:
    if meeting.previous_id:
        return meeting.previous
    day = meeting.held_on or meeting.hold_by
    before = Meeting.objects.exclude(pk=meeting.pk).filter(held_on__isnull=False)
    return (before.filter(held_on__lt=day) if day else before).order_by("-held_on", "-pk").first()


def meeting_pack(meeting: Meeting, today: datetime.date) -> dict:
    day = min(meeting.held_on or today, today)
    snapshot = snapshot_build(meeting_date=day)
    sections = [
        {
            "title": "Point de situation",
            "headers": ["Indicateur", "Valeur"],
            "rows": [[f["label"], str(f["display"])] for f in snapshot["figures"]],
        }
    ]
    previous = _previous(meeting)
    rows = []
    if previous is not None:
        actions = Action.objects.with_tracking(today).select_related("owner")
        for decision in previous.decisions.prefetch_related(Prefetch("actions", queryset=actions)).order_by("pk"):
            followed = list(decision.actions.all())
            rows += [
                [decision.title, a.title, str(a.owner), _day(a.due_on), _status(a.tracked_status)] for a in followed
            ]
            if not followed:
                rows.append([decision.title, "Aucune action", "—", "—", "—"])
    sections.append(
        {
            "title": "Décisions de la réunion précédente et leur suivi"
            + (f" ({previous.title}, {_day(previous.held_on)})" if previous else ""),
            "headers": ["Décision", "Action", "Responsable", "Échéance", "Statut"],
            "rows": rows,
        }
    )
    reviewers = expected_reviewers()
    proposals = (
        PremisesProposal.objects.exclude(status__in=FINAL)
        .prefetch_related(Prefetch("reviews", queryset=PremisesReview.objects.select_related("organization")))
        .order_by("response_due_on", "pk")
    )
    proposal_rows = []
    for proposal in proposals:
        state = review_state(proposal, reviewers, today)
        proposal_rows.append(
            [
                proposal.name,
                proposal.get_status_display(),
                str(proposal.capacity or "—"),
                f"{len(state['given'])} / {state['expected']}",
                _day(proposal.response_due_on) + (" (en retard)" if state["overdue"] else ""),
            ]
        )
    sections.append(
        {
            "title": "Propositions de locaux et avis de l'État",
            "headers": ["Locaux", "Étape", "Capacité", "Avis reçus", "Avis attendus avant le"],
            "rows": proposal_rows,
        }
    )
    measures = (
        Measure.objects.open().with_tracking(today).select_related("lead_organization").order_by("-is_late", "due_on")
    )
    late = Action.objects.open().with_tracking(today).filter(is_late=True).select_related("owner").order_by("due_on")
    sections.append(
        {
            "title": "Mesures en cours et actions en retard",
            "headers": ["Engagement", "Responsable", "Échéance", "Statut"],
            "rows": [
                [f"{m.code} — {m.title}", str(m.lead_organization), _day(m.due_on), _status(m.tracked_status)]
                for m in measures
            ]
            + [[f"Action : {a.title}", str(a.owner), _day(a.due_on), _status(a.tracked_status)] for a in late],
        }
    )
    site_rows = [
        [f["label"], str(f["display"])]
        for f in communique_figures(datetime.datetime.fromisoformat(snapshot["as_of"]))
        if f["id"].startswith(SITE_CODES)
    ]
    sections.append({"title": "Sites de consommation", "headers": ["Indicateur", "Valeur"], "rows": site_rows})
    return {
        "title": f"Dossier de séance — {meeting.title} du {_day(meeting.held_on or meeting.hold_by)}",
        "as_of_label": snapshot["as_of_label"],
        "sections": sections,
    }


def meeting_pack_pdf(pack: dict) -> bytes:
    html = render_to_string("reports/meeting_pack_pdf.html", {"pack": pack})
    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(filename=finders.find(PDF_CSS))], pdf_variant="pdf/ua-1"
    )


def meeting_pack_docx(pack: dict) -> bytes:
    """The same content as an editable Word document (headings and real tables, no layout tricks)."""
    document = docx.Document()
    document.core_properties.title = pack["title"]
    document.core_properties.language = "fr-FR"
    document.add_heading(pack["title"], level=1)
    document.add_paragraph(
        f"Chiffres arrêtés au {pack['as_of_label']}, calculés par Relais à partir des enregistrements."
    )
    for section in pack["sections"]:
        document.add_heading(section["title"], level=2)
        if not section["rows"]:
            document.add_paragraph("Rien à signaler.")
            continue
        table = document.add_table(rows=1, cols=len(section["headers"]))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, section["headers"], strict=True):
            cell.text = header
        for row in section["rows"]:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def communique_docx(*, title: str, text: str) -> bytes:
    """A communiqué draft as an editable Word document: one paragraph per paragraph of the draft."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.language = "fr-FR"
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
