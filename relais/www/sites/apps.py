from django.apps import AppConfig


class SitesWebConfig(AppConfig):
    name = "relais.www.sites"
    label = "www_sites"
