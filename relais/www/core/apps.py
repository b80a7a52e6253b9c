from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "relais.www.core"
    label = "www_core"
