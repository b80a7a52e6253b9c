from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "relais.orientation"
    label = "orientation"
    verbose_name = "Orientation : liste d'attente, règles de priorité, attributions"

    def ready(self):
        from relais.orientation import audit  # noqa: F401 - registers the models with auditlog
