from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "relais.governance"
    label = "governance"
    verbose_name = "Gouvernance du plan"

    def ready(self):
        from relais.governance import audit  # noqa: F401 - registers the models with auditlog
