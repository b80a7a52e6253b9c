from django.apps import AppConfig


class PremisesWebConfig(AppConfig):
    name = "relais.www.premises"
    label = "www_premises"
