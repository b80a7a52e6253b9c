from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "relais.api"
    label = "api"
    verbose_name = "API et clés des logiciels partenaires"

    def ready(self):
        from relais.api import authentication_schema  # noqa: F401 - registers the OpenAPI security scheme
