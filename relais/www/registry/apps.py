from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "relais.www.registry"
    label = "www_registry"
