"""Change history of the prioritisation rules, the vulnerability flags and the waits for a place
(django-auditlog), on top of their own rows. A flag's reason is masked: the log is read by auditors,
who are not among those `health_access` lets in."""

from auditlog.registry import auditlog

from relais.orientation.models import PlaceWait, PriorityRules, VulnerabilityFlag

auditlog.register(PriorityRules)
auditlog.register(VulnerabilityFlag, mask_fields=["reason"])
auditlog.register(PlaceWait)
