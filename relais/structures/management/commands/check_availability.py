from django.core.management.base import BaseCommand, CommandError

from relais.structures.live import availability_drift, availability_rollover
from relais.structures.models import Structure

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Recalcule les disponibilités courantes de chaque structure à partir de l'historique (périodes de "
        "service, déclarations, séjours) et signale tout écart avec les lignes tenues à jour. "
        "--repair réécrit les lignes. Code de sortie 1 s'il reste un écart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="réécrire les lignes depuis l'historique")

    def handle(self, *args, repair=False, **options):
        drifts = availability_drift()
        for drift in drifts[:SHOWN]:
            self.stdout.write(
                f"structure {drift.structure_id} : {drift.field} = {drift.stored!r}, attendu {drift.expected!r}"
            )
        structures = len({d.structure_id for d in drifts})
        checked = Structure.objects.count()
        self.stdout.write(f"Écarts : {len(drifts)} (dans {structures} structure(s) sur {checked} vérifiée(s)).")
        if drifts and repair:
            availability_rollover()
            drifts = availability_drift()
            self.stdout.write(f"Après réécriture, écarts : {len(drifts)}.")
        if drifts:
            raise CommandError("Les disponibilités courantes divergent de l'historique.")
