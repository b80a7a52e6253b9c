from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from relais.demo.bench import run


class Command(BaseCommand):
    help = "Génère une charge (structures, places, déclarations) et mesure les pages et l'API principales."

    def add_arguments(self, parser):
        parser.add_argument("--structures", type=int, default=1000)
        parser.add_argument("--places", type=int, default=60, help="places par structure")

    def handle(self, *args, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError("Le banc d'essai écrit des données générées : réglages de démonstration seulement.")
        total = options["structures"] * options["places"]
        self.stdout.write(
            f"Base {connection.vendor} : {options['structures']} structures, {total} places, "
            f"{options['structures'] * 5} déclarations générées."
        )
        self.stdout.write(f"{'mesure':<48} {'médiane':>9} {'max':>9} {'requêtes':>9} {'mémoire':>9}")
        for r in run(structures=options["structures"], places_per_structure=options["places"]):
            self.stdout.write(
                f"{r['label']:<48} {r['median_ms']:>7} ms {r['max_ms']:>6} ms {r['queries']:>9} {r['peak_mib']:>5} Mio"
            )
