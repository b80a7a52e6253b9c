from django.core.management.base import BaseCommand, CommandError

from relais.audit.services import access_log_verify


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal des accès aux données individuelles."

    def handle(self, *args, **options):
        report = access_log_verify()
        if report.broken_at is not None:
            raise CommandError(
                f"Journal altéré à l'événement {report.broken_at} ({report.reason}) après {report.checked} événement(s) valides."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intègre : {report.checked} événement(s) vérifié(s)."))
