from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "relais.www.opendata"
    label = "www_opendata"
