from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "relais.sites"
    verbose_name = "Sites de consommation et espace public"

    def ready(self):
        from relais.sites import audit  # noqa: F401 - registers the models with auditlog
