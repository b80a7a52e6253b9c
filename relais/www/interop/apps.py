from django.apps import AppConfig


class InteropWebConfig(AppConfig):
    name = "relais.www.interop"
    label = "www_interop"
