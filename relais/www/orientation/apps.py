from django.apps import AppConfig


class OrientationWebConfig(AppConfig):
    name = "relais.www.orientation"
    label = "www_orientation"
