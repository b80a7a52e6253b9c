from django.apps import AppConfig


class PremisesConfig(AppConfig):
    name = "relais.premises"
    label = "premises"
    verbose_name = "Locaux proposés"

    def ready(self):
        from relais.premises import audit  # noqa: F401 - registers the models with auditlog
