from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "relais.pathways"
    label = "pathways"
    verbose_name = "Parcours de soins"

    def ready(self):
        from relais.pathways import audit  # noqa: F401 - registers the models with auditlog
