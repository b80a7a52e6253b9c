import datetime
import time
from collections import defaultdict

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.indicators.facts import days_between, first_fill_codes, published_days, read_days, refresh
from relais.indicators.models import FactDay
from relais.indicators.warming import warm_published


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
        parser.add_argument(
            "--jours-lus",
            action="store_true",
            help="recalculer seulement les jours que lisent le tableau de bord du comité, le point de situation "
            "et les données ouvertes (24 mois), sans la fenêtre : le premier remplissage à l'échelle nationale",
        )
        parser.add_argument("--part", help="N/M : la N-ième des M parts de ces jours (plusieurs processus)")
        parser.add_argument(
            "--sans-prechauffage",
            action="store_true",
            help="ne pas calculer ensuite les chiffres publiés des tableaux de bord du jour (cache partagé ; "
            "jamais avec --part)",
        )

    def handle(
        self, *args, du=None, au=None, jours_lus=False, part=None, sans_prechauffage=False, verbosity=1, **options
    ):
        log = self.stdout.write if verbosity > 1 else None
        started = time.monotonic()
        if jours_lus:
            done = self._first_fill(part, log)
        else:
            days = days_between(du, au or timezone.localdate()) if du is not None else []
            done = refresh(days=days, log=log)
        self.stdout.write(
            f"Faits mis à jour : {done['days']} jour(s) recalculé(s), {done['written']} fait(s) écrit(s), "
            f"{done['changes']} changement(s) du journal appliqué(s), en {time.monotonic() - started:.0f} s."
        )
        if not (sans_prechauffage or part):
            # The published universes of the new facts, computed once here rather than by each web process
            # (not by one part of a first fill: the days of the other parts may not be there yet).
            started = time.monotonic()
            warmed = warm_published()
            self.stdout.write(
                f"Chiffres publiés du jour calculés ({', '.join(warmed)}) en {time.monotonic() - started:.0f} s."
            )
        if not part:
            # The open-data files of the new facts, written here rather than by the first request that asks.
            call_command("write_opendata", stdout=self.stdout, verbosity=verbosity)

    def _first_fill(self, part: str | None, log) -> dict:
        """The days read by the comité's dashboard first, then those of the report and the open data; on each,
        only the indicators not computed yet (a fill stopped halfway, or one made before an indicator joined
        the list, goes on where it stopped)."""
        index, parts = 1, 1
        if part:
            try:
                index, parts = (int(n) for n in part.split("/"))
            except ValueError:
                raise CommandError(f"Part invalide : « {part} » (attendu N/M, par exemple 1/2).") from None
        today = timezone.localdate()
        codes = first_fill_codes()
        missing = {
            day: set() if partial is None else codes - set(partial)
            for day, partial in FactDay.objects.values_list("day", "partial")
        }
        first = read_days(today)
        then = [d for d in published_days(today) if d not in first]
        done = {"days": 0, "written": 0, "changes": 0}
        for days in (first, then):
            # Shared out before leaving out the filled days: each part keeps its share whatever the others did.
            mine = defaultdict(list)
            for day in days[index - 1 :: parts]:
                todo = missing.get(day, codes)
                if todo:
                    mine[frozenset(todo)].append(day)
            for todo, group in mine.items():
                step = refresh(days=group, log=log, fill_window=False, only=todo)
                done = {k: done[k] + step[k] for k in done}
        return done
