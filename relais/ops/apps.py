from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "relais.ops"
    label = "ops"
    verbose_name = "Exploitation"
