from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "relais.referrals"
    label = "referrals"
    verbose_name = "Orientations"

    def ready(self):
        from relais.referrals import audit  # noqa: F401 - registers the models with auditlog
