"""Capacity planning from the records of this database, and its back-test: `manage.py plan_capacity`."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from relais.orientation.capacity import back_test, flow_places, measured_rates, plan, rest_space_need, steady_need


class Command(BaseCommand):
    help = "Places pour mettre à l'abri une scène de N personnes en W semaines ; test sur le passé."

    def add_arguments(self, parser):
        parser.add_argument("--scene", type=int, default=100)
        parser.add_argument("--weeks", type=int, default=12)
        parser.add_argument("--rest-arrivals", type=int, default=40, help="passages par nuit en espace de repos")
        parser.add_argument("--back-test-weeks-ago", type=int, default=52)

    def handle(self, *args, scene, weeks, rest_arrivals, back_test_weeks_ago, **options):
        today = timezone.localdate()
        rates = measured_rates(until=today)
        self.stdout.write(
            f"Mesuré du {rates.since} au {rates.until} : {rates.arrivals_per_week:.1f} arrivées par semaine, "
            f"séjours de {rates.mean_stay_weeks:.1f} semaines, {100 * rates.return_share:.0f} % de retours à la rue "
            f"(enregistrements : {rates.measured})"
        )
        self.stdout.write(
            f"Scène de {scene} personnes en {weeks} semaines : flux {flow_places(scene=scene, weeks=weeks, rates=rates)} places"
        )
        self.stdout.write("| places | suffisant selon le flux | probabilité simulée |\n|---|---|---|")
        for row in plan(scene=scene, weeks=weeks, rates=rates):
            self.stdout.write(
                f"| {row['places']} | {'oui' if row['flow_absorbs'] else 'non'} | {100 * row['probability']:.0f} % |"
            )
        steady = steady_need(rates)
        self.stdout.write(
            f"Régime permanent : {steady['places']} places (Erlang C, attente {100 * steady['wait_probability']:.0f} %, "
            f"{steady['mean_wait_days']:.1f} j en moyenne) ; espaces de repos : "
            f"{rest_space_need(arrivals_per_night=rest_arrivals)['places']} places (Erlang B, refus < 5 %)"
        )
        self.stdout.write("| planifié au | admissions attendues | admissions enregistrées | écart |\n|---|---|---|---|")
        # Only dates whose W following weeks are over: what happened is known.
        for weeks_ago in range(back_test_weeks_ago, weeks - 1, -weeks):
            at = today - datetime.timedelta(weeks=weeks_ago)
            result = back_test(at=at, weeks=weeks)
            self.stdout.write(
                f"| {at} | {result['expected_admissions']} | {result['actual_admissions']} | {result['error_pct']} % |"
            )
