"""Change history of the premises pipeline (django-auditlog)."""

from auditlog.registry import auditlog

from relais.premises.models import PremisesBlocker, PremisesDocument, PremisesProposal, PremisesReview

auditlog.register(PremisesProposal)
auditlog.register(PremisesReview)
auditlog.register(PremisesDocument, exclude_fields=["file"])
auditlog.register(PremisesBlocker)
