from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "relais.www.reports"
    label = "www_reports"
