"""Change history of the stays (django-auditlog)."""

from auditlog.registry import auditlog

from relais.stays.models import Stay

auditlog.register(Stay)
