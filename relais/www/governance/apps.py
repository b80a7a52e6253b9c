from django.apps import AppConfig


class GovernanceWebConfig(AppConfig):
    name = "relais.www.governance"
    label = "www_governance"
