"""Change history of the pathway steps and health notes (django-auditlog); a note's text is masked."""

from auditlog.registry import auditlog

from relais.pathways.models import HealthNote, PathwayStep

auditlog.register(PathwayStep)
auditlog.register(HealthNote, mask_fields=["text"])
