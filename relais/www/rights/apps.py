from django.apps import AppConfig


class RightsWebConfig(AppConfig):
    name = "relais.www.rights"
    label = "www_rights"
