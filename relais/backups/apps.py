from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "relais.backups"
    label = "backups"
    verbose_name = "Sauvegardes"
