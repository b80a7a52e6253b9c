from django.conf import settings
from django.core.management.base import BaseCommand

from relais.referrals.services import referrals_remind_and_expire


class Command(BaseCommand):
    help = (
        "Relance les orientations sans réponse après RELAIS_REFERRAL_REMIND_AFTER_HOURS heures et les "
        "déclare expirées après RELAIS_REFERRAL_EXPIRE_AFTER_HOURS heures. Lancée toutes les heures par le processus scheduler (relais/ops/schedule.py)."
    )

    def handle(self, *args, **options):
        reminded, expired = referrals_remind_and_expire()
        self.stdout.write(
            f"{reminded} orientation(s) signalée(s) en retard (après {settings.RELAIS_REFERRAL_REMIND_AFTER_HOURS} h), "
            f"{expired} expirée(s) (après {settings.RELAIS_REFERRAL_EXPIRE_AFTER_HOURS} h)."
        )
