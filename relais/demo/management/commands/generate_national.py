import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from relais.demo.national import PARTS, GenerationError, Sizes, generate


class Command(BaseCommand):
    help = (
        "Génère un réseau national (structures, places et dix ans de périodes de service, déclarations, "
        "personnes, séjours, orientations et leurs transitions, sites et leurs observations hebdomadaires), "
        "graine fixe, idempotent : une nouvelle exécution remplace ce que la précédente avait écrit. COPY sur "
        "PostgreSQL. --scale réduit toutes les tailles (0.01 pour un essai rapide) ; --only referrals,sites "
        "ajoute les orientations et les sites à un réseau déjà généré sans toucher au reste."
    )

    def add_arguments(self, parser):
        full = Sizes()
        parser.add_argument("--scale", type=float, default=1.0, help="facteur appliqué à toutes les tailles")
        parser.add_argument("--structures", type=int, default=full.structures)
        parser.add_argument("--places", type=int, default=full.places)
        parser.add_argument("--persons", type=int, default=full.persons)
        parser.add_argument("--stays", type=int, default=full.stays)
        parser.add_argument("--referrals", type=int, default=full.referrals)
        parser.add_argument("--sites", type=int, default=full.sites)
        parser.add_argument(
            "--only",
            default="",
            help=f"parties à (re)générer, séparées par des virgules, parmi {', '.join(PARTS)} (toutes par défaut)",
        )
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError("Le réseau national est généré : réglages de démonstration seulement.")
        sizes = Sizes(**{name: options[name] for name in Sizes.__dataclass_fields__}).scaled(options["scale"])
        only = {part.strip() for part in options["only"].split(",") if part.strip()} or set(PARTS)
        if connection.vendor != "postgresql" and "network" in only and sizes.places > 50_000:
            raise CommandError("Au-delà de 50 000 places, utilisez PostgreSQL (DATABASE_URL).")
        if connection.vendor != "postgresql" and "referrals" in only and sizes.referrals > 200_000:
            raise CommandError("Au-delà de 200 000 orientations, utilisez PostgreSQL (DATABASE_URL).")
        began = time.perf_counter()
        try:
            written = generate(sizes=sizes, seed=options["seed"], only=only)
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - began
        self.stdout.write(", ".join(f"{table} : {n}" for table, n in written.items()))
        parts = ", ".join(p for p in PARTS if p in only)
        self.stdout.write(f"Réseau national généré ({parts}) sur {connection.vendor} en {elapsed:.1f} s.")
