import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from relais.demo.national import Sizes, generate


class Command(BaseCommand):
    help = (
        "Génère un réseau national (structures, places et dix ans de périodes de service, déclarations, "
        "personnes, séjours), graine fixe, idempotent : une nouvelle exécution remplace la précédente. "
        "COPY sur PostgreSQL. --scale réduit toutes les tailles (0.01 pour un essai rapide)."
    )

    def add_arguments(self, parser):
        full = Sizes()
        parser.add_argument("--scale", type=float, default=1.0, help="facteur appliqué à toutes les tailles")
        parser.add_argument("--structures", type=int, default=full.structures)
        parser.add_argument("--places", type=int, default=full.places)
        parser.add_argument("--persons", type=int, default=full.persons)
        parser.add_argument("--stays", type=int, default=full.stays)
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError("Le réseau national est généré : réglages de démonstration seulement.")
        sizes = Sizes(options["structures"], options["places"], options["persons"], options["stays"])
        sizes = sizes.scaled(options["scale"])
        if connection.vendor != "postgresql" and sizes.places > 50_000:
            raise CommandError("Au-delà de 50 000 places, utilisez PostgreSQL (DATABASE_URL).")
        began = time.perf_counter()
        written = generate(sizes=sizes, seed=options["seed"])
        elapsed = time.perf_counter() - began
        self.stdout.write(", ".join(f"{table} : {n}" for table, n in written.items()))
        self.stdout.write(f"Réseau national généré sur {connection.vendor} en {elapsed:.1f} s.")
