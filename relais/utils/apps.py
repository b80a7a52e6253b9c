from django.apps import AppConfig


class UtilsConfig(AppConfig):
    name = "relais.utils"
    label = "utils"
