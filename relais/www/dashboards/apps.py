from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "relais.www.dashboards"
    label = "www_dashboards"
