import time

from django.core.management.base import BaseCommand

from relais.indicators import opendata_files


class Command(BaseCommand):
    help = (
        "Écrit les fichiers de données ouvertes (CSV, JSON, leurs variantes compressées) lus depuis les faits "
        "quotidiens, s'ils ne le sont pas déjà pour ces faits : `refresh_facts` le fait après chaque mise à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jeu", action="append", dest="slugs", help="ce jeu seulement (répétable)")

    def handle(self, *args, slugs=None, **options):
        started = time.monotonic()
        slugs = opendata_files.write_all(slugs=slugs)
        self.stdout.write(
            f"Données ouvertes : {len(slugs)} jeu(x) lu(s) depuis les faits, fichiers à jour dans "
            f"{opendata_files.directory()}, en {time.monotonic() - started:.0f} s."
        )
