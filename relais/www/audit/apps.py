from django.apps import AppConfig


class AuditWebConfig(AppConfig):
    name = "relais.www.audit"
    label = "www_audit"
