from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from relais.backups import pgbackrest, sqlite


class Command(BaseCommand):
    help = (
        "Restaure la base SQLite à partir d'une sauvegarde de `backup` (la plus récente par défaut). "
        "Sur PostgreSQL, affiche la commande pgBackRest à lancer."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="fichier de sauvegarde (défaut : le plus récent)")
        parser.add_argument("--force", action="store_true", help="remplacer une base qui contient des données")
        parser.add_argument("--target-time", help="PostgreSQL : instant à restaurer, ex. « 2026-11-30 09:00:00+01 »")

    def handle(self, *args, path, force, target_time, **options):
        if connection.vendor == "postgresql":
            self.stdout.write(pgbackrest.restore_instructions(target_time=target_time))
            return
        if connection.vendor != "sqlite":
            raise CommandError(f"Pas de restauration prévue pour la base {connection.vendor}.")
        if path is None:
            available = sqlite.backups()
            if not available:
                raise CommandError(f"Aucune sauvegarde dans {sqlite.backup_dir()}.")
            path = available[-1]
        try:
            kept = sqlite.restore(Path(path), force=force)
        except (PermissionError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if kept:
            self.stdout.write(f"Copie de la base remplacée : {kept}")
        self.stdout.write(self.style.SUCCESS(f"Base restaurée depuis {path}. Vérifiez : manage.py verify_access_log"))
