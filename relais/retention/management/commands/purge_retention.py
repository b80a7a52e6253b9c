import datetime

from django.core.management.base import BaseCommand, CommandError

from relais.retention.purge import purge_retention


class Command(BaseCommand):
    help = (
        "Anonymise ou supprime ce qui a dépassé sa durée de conservation (RELAIS_RETENTION) "
        "et l'inscrit dans les purges de conservation. À planifier chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="date de référence AAAA-MM-JJ (défaut : aujourd'hui)")

    def handle(self, *args, today, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today attend une date AAAA-MM-JJ.") from exc
        for run in purge_retention(today=day):
            self.stdout.write(f"{run.get_category_display()} : {run.rows} {run.get_outcome_display().lower()}")
