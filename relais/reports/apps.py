from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "relais.reports"
    label = "reports"
    verbose_name = "Points de situation"

    def ready(self):
        from auditlog.registry import auditlog

        from relais.reports.models import CommuniqueDraft, SituationReport

        auditlog.register(SituationReport, exclude_fields=["pdf"])
        auditlog.register(CommuniqueDraft)
