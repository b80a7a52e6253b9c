from django.core.management.base import BaseCommand

from relais.structures.live import availability_rollover


class Command(BaseCommand):
    help = (
        "Passe les disponibilités courantes de chaque structure au jour nouveau (places dont la période de "
        "service commence ou finit aujourd'hui). Lancée chaque nuit par le processus scheduler (relais/ops/schedule.py)."
    )

    def handle(self, *args, **options):
        count = availability_rollover()
        self.stdout.write(f"Disponibilités courantes recalculées pour {count} structure(s).")
