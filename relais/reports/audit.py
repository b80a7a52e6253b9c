"""Change history of the situation reports, communiqués and capacity quotes (django-auditlog): who quoted or
withdrew what, when; the PDF and the quoted answer (copied into the snapshot) are left out."""

from auditlog.registry import auditlog

from relais.reports.models import CapacityQuote, CommuniqueDraft, SituationReport

auditlog.register(SituationReport, exclude_fields=["pdf"])
auditlog.register(CommuniqueDraft)
auditlog.register(CapacityQuote, exclude_fields=["answer"])
