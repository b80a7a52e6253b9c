"""Change history of the plan's follow-up (django-auditlog)."""

from auditlog.registry import auditlog

from relais.governance.models import Action, Decision, Measure, MeasureBudget, MeasureTargetValue, Meeting, Plan

auditlog.register(Plan)
auditlog.register(Measure, m2m_fields={"partners"})
auditlog.register(MeasureBudget)
auditlog.register(MeasureTargetValue)
auditlog.register(Meeting)
auditlog.register(Decision, m2m_fields={"measures"})
auditlog.register(Action)
