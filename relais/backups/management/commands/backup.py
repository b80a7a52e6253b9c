from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from relais.backups import pgbackrest, sqlite


class Command(BaseCommand):
    help = (
        "Sauvegarde la base : copie en ligne datée sous RELAIS_BACKUP_DIR pour SQLite, "
        "sauvegarde pgBackRest pour PostgreSQL. Sort en erreur si la sauvegarde échoue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.RELAIS_BACKUP_KEEP,
            help="SQLite : nombre de sauvegardes gardées (les plus anciennes sont supprimées).",
        )
        parser.add_argument(
            "--type",
            dest="backup_type",
            choices=["full", "diff", "incr"],
            default="incr",
            help="PostgreSQL : complète, différentielle ou incrémentale (complète si le dépôt n'en a aucune).",
        )

    def handle(self, *args, keep, backup_type, **options):
        if connection.vendor == "postgresql":
            try:
                pgbackrest.backup_run(backup_type=backup_type)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"Sauvegarde pgBackRest ({backup_type}) terminée."))
            return
        if connection.vendor != "sqlite":
            raise CommandError(f"Pas de sauvegarde prévue pour la base {connection.vendor}.")
        try:
            path = sqlite.backup_create()
        except (FileExistsError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        removed = sqlite.backup_prune(keep=keep)
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {path} ({size:.1f} Mio, vérifiée)."))
        if removed:
            self.stdout.write(f"{len(removed)} sauvegarde(s) ancienne(s) supprimée(s) (gardées : {keep}).")
