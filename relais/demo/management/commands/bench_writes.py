import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relais.demo.bench_writes import WARM_UP, run

LABELS = {
    "double_booked_places": "places occupées deux fois",
    "over_capacity_structures": "structures au-delà de leurs places",
    "drift": "écarts état courant/historique",
    "status_not_history": "orientations dont le statut n'est pas la dernière transition",
    "admitted_without_stay": "orientations admises sans séjour",
    "unaudited_changes": "orientations dont un changement manque au journal",
}


class Command(BaseCommand):
    help = (
        "Écritures à haut débit sur les données de generate_national : orientation, acceptation, admission et "
        "sortie par les services, en plusieurs processus, après un préchauffage non compté ; le coût CPU de "
        "chaque opération (Python et PostgreSQL) ; puis les invariants (aucune place occupée deux fois, "
        "jamais plus de séjours que de places, aucun écart entre l'état courant et l'historique, chaque "
        "changement au journal)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=20)
        parser.add_argument("--persons", type=int, default=20_000)
        parser.add_argument(
            "--prechauffage", type=float, default=WARM_UP, help="secondes de cycles non comptés avant la mesure"
        )

    def handle(self, *args, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError("Le banc d'écriture écrit des données générées : réglages de démonstration seulement.")
        try:
            result = run(
                processes=options["processes"],
                seconds=options["seconds"],
                persons=options["persons"],
                warm_up=options["prechauffage"],
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result['operations']} opérations en {result['seconds']:.1f} s : {result['per_second']:.0f} op/s "
            f"({options['processes']} processus) ; refus {result['refusals']}, erreurs {result['errors']}."
        )
        cost = result["per_operation"]
        line = (
            f"Par opération : {cost['queries']:.1f} requêtes (hors BEGIN/COMMIT), CPU Python {cost['python_ms']:.2f} ms"
        )
        if cost["server_ms"] is not None:
            total = cost["python_ms"] + cost["server_ms"]
            cores = os.cpu_count() or 1
            line += (
                f", CPU PostgreSQL {cost['server_ms']:.2f} ms : {total:.2f} ms, soit au plus "
                f"{1000 * cores / total:.0f} op/s sur {cores} cœurs libres"
            )
        self.stdout.write(line + ".")
        v = result["violations"]
        self.stdout.write(" ; ".join(f"{LABELS[k]} {n}" for k, n in v.items()) + ".")
        if any(v.values()) or result["errors"]:
            raise CommandError("Invariant violé.")
