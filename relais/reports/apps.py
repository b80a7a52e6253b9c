from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "relais.reports"
    label = "reports"
    verbose_name = "Points de situation"

    def ready(self):
        from relais.reports import audit  # noqa: F401 - registers the models with auditlog
