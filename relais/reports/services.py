"""Generating a situation report (frozen) and writing new versions of its draft communiqué."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from relais.indicators.capacity import capacity_publish
from relais.indicators.publication import publisher_for
from relais.orientation.capacity_answer import capacity_answer
from relais.reports.checks import consistency_errors
from relais.reports.communique import draft_text
from relais.reports.models import CapacityQuote, CommuniqueDraft, SituationReport
from relais.reports.pdf import report_pdf
from relais.reports.snapshot import snapshot_build
from relais.users.enums import Role

ERROR_EMPTY_TEXT = "Le texte du communiqué ne peut pas être vide."
ERROR_TEXT_TOO_LONG = "Le texte du communiqué est trop long (20 000 caractères au plus)."
ERROR_MEETING_TOO_OLD = "La date de réunion doit être postérieure au 1er janvier 2000."
ERROR_QUOTE_PAST_MEETING = (
    "La réponse ne peut être citée que pour une réunion à venir (ou d'aujourd'hui) : "
    "un point de situation déjà passé garde les chiffres de sa date."
)
MAX_TEXT = 20_000


def report_title(meeting_date: datetime.date) -> str:
    return f"Point de situation — comité institutionnel du {formats.date_format(meeting_date, 'j F Y')}"


@transaction.atomic
def situation_report_generate(*, meeting_date: datetime.date, by) -> SituationReport:
    """Freeze the figures as of the meeting date (or now, for a meeting to come), print the PDF once,
    and write the first draft of the communiqué from the same snapshot; figures that contradict each
    other (relais/reports/checks.py) stop it with a French message."""
    if meeting_date < datetime.date(2000, 1, 1):
        raise ValidationError(ERROR_MEETING_TOO_OLD)
    snapshot = snapshot_build(meeting_date=meeting_date)
    errors = consistency_errors(datetime.datetime.fromisoformat(snapshot["as_of"]))
    if errors:
        raise ValidationError(errors)  # nothing frozen: the records are corrected first
    title = report_title(meeting_date)
    pdf = report_pdf(snapshot=snapshot, title=title)
    report = SituationReport.objects.create(
        meeting_date=meeting_date,
        as_of=datetime.datetime.fromisoformat(snapshot["as_of"]),
        title=title,
        snapshot=snapshot,
        pdf=pdf,
        pdf_sha256=SituationReport.digest(pdf),
        created_by=by,
        organization=by.organization,
    )
    CommuniqueDraft.objects.create(
        report=report, version=1, text=draft_text(snapshot), created_by=by, organization=by.organization
    )
    return report


@transaction.atomic
def communique_revise(*, report: SituationReport, text: str, by) -> CommuniqueDraft:
    """A new version of the draft; earlier versions stay as they were."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": ERROR_EMPTY_TEXT})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": ERROR_TEXT_TOO_LONG})
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    last = report.drafts.aggregate(n=Max("version"))["n"] or 0
    return CommuniqueDraft.objects.create(
        report=report, version=last + 1, text=text, created_by=by, organization=by.organization
    )


@transaction.atomic
def capacity_quote_add(
    *, meeting_date: datetime.date, scene: int, weeks: int, rest_arrivals: int, back_test_on: datetime.date, by
) -> CapacityQuote:
    """Quote the capacity answer in the report of a meeting to come: computed now with the comité's figures
    (every count of persons published), it is copied into the snapshot when the report is generated."""
    if meeting_date < timezone.localdate():
        raise ValidationError({"meeting_date": ERROR_QUOTE_PAST_MEETING})
    answer = capacity_answer(
        scene=scene,
        weeks=weeks,
        rest_arrivals=rest_arrivals,
        back_test_on=back_test_on,
        publish=capacity_publish(publisher_for(Role.COMITE)),
    )
    return CapacityQuote.objects.create(
        meeting_date=meeting_date, answer=answer, created_by=by, organization=by.organization
    )


@transaction.atomic
def capacity_quote_withdraw(*, quote: CapacityQuote) -> datetime.date:
    """A quote leaves the report being prepared; a report already generated keeps what it froze."""
    quote = CapacityQuote.objects.select_for_update().get(pk=quote.pk)
    quote.delete()
    return quote.meeting_date
