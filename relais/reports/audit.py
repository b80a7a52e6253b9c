"""Change history of the situation reports and communiqués (django-auditlog); the PDF is left out."""

from auditlog.registry import auditlog

from relais.reports.models import CommuniqueDraft, SituationReport

auditlog.register(SituationReport, exclude_fields=["pdf"])
auditlog.register(CommuniqueDraft)
