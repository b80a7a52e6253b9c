from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "relais.referrals"
    label = "referrals"
    verbose_name = "Orientations"

    def ready(self):
        from auditlog.registry import auditlog

        from relais.referrals.models import Referral

        auditlog.register(Referral)
