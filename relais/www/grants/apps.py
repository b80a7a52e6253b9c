from django.apps import AppConfig


class GrantsWebConfig(AppConfig):
    name = "relais.www.grants"
    label = "www_grants"
