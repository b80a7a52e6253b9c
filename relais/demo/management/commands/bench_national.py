from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from relais.demo.bench_national import PAGES, run, table, write_readme
from relais.indicators.facts import read_days
from relais.indicators.facts import refresh as refresh_facts
from relais.indicators.models import FactDay
from relais.indicators.warming import warm_published


class Command(BaseCommand):
    help = (
        "Banc de charge national (make bench-national) : sert Relais avec gunicorn (2 workers) sur les données "
        "de generate_national, le charge avec wrk à 4 et 16 clients à côté de deux planchers, et écrit le "
        "tableau dans le README. Réglages config.settings.bench, PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="durée de chaque mesure")
        parser.add_argument("--clients", type=int, nargs="+", default=[4, 16])
        parser.add_argument("--comite", action="store_true", help="mesurer aussi le tableau de bord du comité")
        parser.add_argument(
            "--no-opendata", action="store_true", help="ne pas charger les fichiers de données ouvertes"
        )
        parser.add_argument(
            "--steps", type=int, default=3, help="essais chronométrés du point de situation et de son PDF (0 : aucun)"
        )
        parser.add_argument(
            "--writes", action="store_true", help="lancer aussi bench_writes et porter son débit dans le tableau"
        )
        parser.add_argument("--writes-processes", type=int, default=4)
        parser.add_argument("--writes-seconds", type=float, default=20)
        parser.add_argument("--readme", default=str(Path(settings.BASE_DIR) / "README.md"))
        parser.add_argument(
            "--pages",
            type=lambda value: frozenset(value.split(",")),
            help=f"ne charger que ces pages, chacune à côté de son plancher ({','.join(PAGES)}) ; sans point de "
            "situation, et le tableau est affiché sans réécrire le README",
        )
        parser.add_argument(
            "--no-readme",
            action="store_true",
            help="ne pas réécrire le tableau du README (mesure sur une machine chargée : chiffres indicatifs)",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Le banc national se mesure sur PostgreSQL (DATABASE_URL).")
        if settings.ROOT_URLCONF != "relais.demo.bench_urls":
            raise CommandError("Lancez-le avec DJANGO_SETTINGS_MODULE=config.settings.bench (make bench-national).")
        pages = options["pages"]
        if pages is not None and not pages <= set(PAGES):
            raise CommandError(f"--pages : pages connues : {', '.join(PAGES)}.")
        if options["comite"] or (pages and "comite" in pages):
            # The dashboard reads the daily facts of its days: the missing ones filled first (a national
            # installation fills them beforehand: `refresh_facts --jours-lus`), the journal applied.
            filled = set(FactDay.objects.values_list("day", flat=True))
            missing = [day for day in read_days(timezone.localdate()) if day not in filled]
            done = refresh_facts(days=missing, fill_window=False)
            self.stdout.write(
                f"Faits quotidiens : {done['days']} jour(s) recalculé(s), {done['written']} fait(s) écrit(s)."
            )
            # As `refresh_facts` does after writing facts: the published figures computed before any reader.
            warm_published()
        try:
            writes = None
            if options["writes"]:
                writes = {
                    "processes": options["writes_processes"],
                    "seconds": options["writes_seconds"],
                    "persons": 20_000,
                }
            results, facts = run(
                seconds=options["seconds"],
                clients=options["clients"],
                comite=options["comite"],
                log=self.stdout.write,
                opendata=not options["no_opendata"],
                steps=0 if pages is not None else options["steps"],
                writes=writes,
                pages=pages,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        text = table(results, facts)
        # A partial run never replaces the README's full table.
        if pages is None and not options["no_readme"]:
            write_readme(Path(options["readme"]), text)
        self.stdout.write(text)
