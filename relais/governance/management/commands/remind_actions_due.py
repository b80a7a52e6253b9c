from django.core.management.base import BaseCommand
from django.utils import timezone

from relais.governance.reminders import actions_due_reminders


class Command(BaseCommand):
    help = "Signale à chaque responsable les actions à réaliser avant le prochain comité."

    def handle(self, *args, **options):
        self.stdout.write(f"{actions_due_reminders(timezone.localdate())} notification(s).")
