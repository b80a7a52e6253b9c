import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.indicators.facts import check
from relais.indicators.management.commands.refresh_facts import _day

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Recalcule depuis l'historique les faits quotidiens des jours remplis d'une période (par défaut les "
        "35 derniers jours) et signale tout écart avec les faits enregistrés. Code de sortie 1 s'il y en a."
    )

    def add_arguments(self, parser):
        parser.add_argument("--du", type=_day, help="premier jour (AAAA-MM-JJ)")
        parser.add_argument("--au", type=_day, help="dernier jour (défaut : aujourd'hui)")
        parser.add_argument("--indicateur", action="append", help="ne vérifier que cet indicateur (répétable)")

    def handle(self, *args, du=None, au=None, indicateur=None, **options):
        end = au or timezone.localdate()
        start = du or end - datetime.timedelta(days=34)
        drift = check(start, end, codes=indicateur)
        for line in drift[:SHOWN]:
            self.stdout.write(line)
        self.stdout.write(f"Écarts : {len(drift)} (du {start.isoformat()} au {end.isoformat()}).")
        if drift:
            raise CommandError("Les faits quotidiens divergent de l'historique : lancer refresh_facts --du … --au ….")
