from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relais.demo.bench_writes import run


class Command(BaseCommand):
    help = (
        "Écritures à haut débit sur les données de generate_national : orientation, acceptation, admission et "
        "sortie par les services, en plusieurs processus ; puis les invariants (aucune place occupée deux fois, "
        "jamais plus de séjours que de places, aucun écart entre l'état courant et l'historique)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=20)
        parser.add_argument("--persons", type=int, default=20_000)

    def handle(self, *args, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError("Le banc d'écriture écrit des données générées : réglages de démonstration seulement.")
        try:
            result = run(processes=options["processes"], seconds=options["seconds"], persons=options["persons"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        v = result["violations"]
        self.stdout.write(
            f"{result['operations']} opérations en {result['seconds']:.1f} s : {result['per_second']:.0f} op/s "
            f"({options['processes']} processus) ; refus {result['refusals']}, erreurs {result['errors']} ; "
            f"places occupées deux fois {v['double_booked_places']}, structures au-delà de leurs places "
            f"{v['over_capacity_structures']}, écarts état courant/historique {v['drift']}."
        )
        if any(v.values()):
            raise CommandError("Invariant violé.")
