from django.core.management.base import BaseCommand

from relais.notifications.tasks import digest_enqueue


class Command(BaseCommand):
    help = "Met en file le récapitulatif quotidien des notifications (envoyé par le worker)."

    def handle(self, *args, **options):
        self.stdout.write(f"{digest_enqueue()} récapitulatif(s) en file d'envoi.")
