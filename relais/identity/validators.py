from django.conf import settings
from django.core.exceptions import ValidationError

DEMO_PASSWORD = "relais-demo"  # noqa: S105  (public on purpose: the demo accounts' password)
ERROR_DEMO_PASSWORD = "Ce mot de passe est celui, public, de la démonstration : choisissez-en un autre."  # noqa: S105


class NotDemoPasswordValidator:
    """Refuse the public demo password everywhere but under demo settings."""

    def validate(self, password, user=None):
        if not settings.RELAIS_DEMO and DEMO_PASSWORD in password.lower():
            raise ValidationError(ERROR_DEMO_PASSWORD, code="demo_password")

    def get_help_text(self):
        return "Le mot de passe public de la démonstration est refusé."
