"""No person-level model is in the Django admin, which the technical administrator uses and who
sees no person-level data. django-auditlog's own admin page would show the change history of
person records (year of birth, needs, statuses): it leaves the admin too."""

from auditlog.models import LogEntry
from django.contrib import admin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
