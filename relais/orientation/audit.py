"""Change history of the prioritisation rules (django-auditlog), on top of their own versions."""

from auditlog.registry import auditlog

from relais.orientation.models import PriorityRules

auditlog.register(PriorityRules)
