import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.indicators.facts import days_between, refresh


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide : « {value} » (attendu AAAA-MM-JJ).") from None


class Command(BaseCommand):
    help = (
        "Met à jour les faits quotidiens des indicateurs : remplit les jours de la fenêtre qui n'en ont pas, "
        "reprend aujourd'hui et la veille, et recalcule, pour les indicateurs concernés, les jours touchés par "
        "les changements du journal. --du/--au recalcule en plus tous les jours d'une période."
    )

    def add_arguments(self, parser):
        parser.add_argument("--du", type=_day, help="premier jour à recalculer entièrement (AAAA-MM-JJ)")
        parser.add_argument("--au", type=_day, help="dernier jour à recalculer entièrement (défaut : aujourd'hui)")

    def handle(self, *args, du=None, au=None, verbosity=1, **options):
        days = []
        if du is not None:
            days = days_between(du, au or timezone.localdate())
        log = self.stdout.write if verbosity > 1 else None
        done = refresh(days=days, log=log)
        self.stdout.write(
            f"Faits mis à jour : {done['days']} jour(s) recalculé(s), {done['written']} fait(s) écrit(s), "
            f"{done['changes']} changement(s) du journal appliqué(s)."
        )
