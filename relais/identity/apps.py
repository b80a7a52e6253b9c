from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "relais.identity"
    verbose_name = "Identité et sécurité des comptes"

    def ready(self):
        from relais.identity import receivers  # noqa: F401  (connects the sign-in and lockout receivers)
