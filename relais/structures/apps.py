from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "relais.structures"
    label = "structures"
    verbose_name = "Lieux de prise en charge"
