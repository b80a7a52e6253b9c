from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "relais.orientation"
    label = "orientation"
    verbose_name = "Orientation : liste d'attente, règles de priorité, attributions"
