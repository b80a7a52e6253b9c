import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relais.indicators import dashboards, opendata, registry
from relais.indicators.enums import Audience
from relais.indicators.live import live_values
from relais.indicators.people import PERSON_INDICATORS
from relais.indicators.publication import EXACT
from relais.reports.pdf import report_pdf
from relais.reports.services import report_title
from relais.reports.snapshot import snapshot_build
from relais.sites.models import SecurityOperation, SiteObservation
from relais.structures.models import PlaceServicePeriod, Structure
from relais.users.models import Organization


class Command(BaseCommand):
    help = "Mesure le temps de calcul des tableaux de bord, du point de situation et des données ouvertes."

    def add_arguments(self, parser):
        parser.add_argument("--repetitions", type=int, default=5)

    def _measure(self, label, function, repetitions):
        timings = []
        for _ in range(repetitions):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                function()
                timings.append(time.perf_counter() - start)
        median = statistics.median(timings)
        self.stdout.write(f"| {label} | {median * 1000:.0f} ms | {max(timings) * 1000:.0f} ms | {len(queries)} |")

    def handle(self, *args, repetitions, **options):
        self.stdout.write(
            f"Base : {connection.vendor}, {Structure.objects.count()} structures, "
            f"{PlaceServicePeriod.objects.count()} périodes de service, {SiteObservation.objects.count()} observations "
            f"de sites, {SecurityOperation.objects.count()} opérations ; médiane de {repetitions} mesures."
        )
        self.stdout.write("| calcul | médiane | max | requêtes SQL |\n|---|---|---|---|")
        filters = dashboards.Filters(day=timezone.localdate())
        organization = Structure.objects.order_by("pk").values_list("operator", flat=True).first()
        operator = Organization.objects.filter(pk=organization).first()
        for audience in Audience:
            self._measure(
                f"tableau de bord {audience.label}",
                lambda a=audience: dashboards.build(a, filters, organization=operator),
                repetitions,
            )
        day = timezone.localdate()
        self._measure("point de situation : instantané", lambda: snapshot_build(meeting_date=day), repetitions)
        snapshot = snapshot_build(meeting_date=day)
        self._measure(
            "point de situation : PDF", lambda: report_pdf(snapshot=snapshot, title=report_title(day)), repetitions
        )
        self._measure(
            "cibles des mesures : tous les indicateurs du catalogue",
            lambda: live_values(registry.INDICATORS, day, publisher=EXACT),
            repetitions,
        )
        for dataset in opendata.DATASETS:
            self._measure(f"données ouvertes : {dataset.slug}", lambda d=dataset: opendata.as_json(d), repetitions)
        as_of = filters.as_of
        for code in PERSON_INDICATORS:
            indicator = registry.get(code)
            self._measure(
                f"indicateur sur les personnes : {code}",
                lambda i=indicator: i.rows(as_of=as_of, by=["kind"] if "kind" in i.paths else []),
                repetitions,
            )
