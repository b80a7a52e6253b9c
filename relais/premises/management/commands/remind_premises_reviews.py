from django.core.management.base import BaseCommand
from django.utils import timezone

from relais.premises.reminders import premises_review_reminders


class Command(BaseCommand):
    help = "Signale aux services de l'État les avis sur des locaux attendus bientôt ou en retard."

    def handle(self, *args, **options):
        self.stdout.write(f"{premises_review_reminders(timezone.localdate())} notification(s).")
