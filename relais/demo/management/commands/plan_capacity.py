"""Capacity planning from the records of this database, and its back-test: `manage.py plan_capacity`."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from relais.orientation.capacity import (
    MIN_RECORDS,
    back_test,
    flow_places,
    plan,
    rates_from,
    rest_space_need,
    steady_need,
)
from relais.orientation.capacity_answer import measure
from relais.orientation.capacity_kinds import kind_rates, split_scene
from relais.structures.enums import StructureKind


class Command(BaseCommand):
    help = "Places pour mettre à l'abri une scène de N personnes en W semaines ; test sur le passé."

    def add_arguments(self, parser):
        parser.add_argument("--scene", type=int, default=100)
        parser.add_argument("--weeks", type=int, default=12)
        parser.add_argument("--rest-arrivals", type=int, default=40, help="passages par nuit en espace de repos")
        parser.add_argument("--back-test-weeks-ago", type=int, default=52)

    def handle(self, *args, scene, weeks, rest_arrivals, back_test_weeks_ago, **options):
        today = timezone.localdate()
        at = today - datetime.timedelta(weeks=back_test_weeks_ago)
        # The records read once for the whole and the kinds of place (as the page reads them).
        measured = measure(until=today, back_test_on=at, weeks=weeks)
        rates = rates_from(measured.counts)
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
        rest = rest_space_need(arrivals_per_night=rest_arrivals)["places"]
        self.stdout.write(
            "Régime permanent : "
            + (
                f"{steady['places']} places (Erlang C, attente {100 * steady['wait_probability']:.0f} %, "
                f"{steady['mean_wait_days']:.1f} j en moyenne)"
                if steady["places"]
                else "0 place (aucune nouvelle arrivée)"
            )
            + " ; espaces de repos : "
            + (f"{rest} places (Erlang B, refus < 5 %)" if rest else "0 place (aucun passage par nuit)")
        )
        self._by_kind(scene=scene, weeks=weeks, rates=rates, measured=measured, today=today, at=at)
        self.stdout.write("| planifié au | admissions attendues | admissions enregistrées | écart |\n|---|---|---|---|")
        # Only dates whose W following weeks are over: what happened is known.
        for weeks_ago in range(back_test_weeks_ago, weeks - 1, -weeks):
            at = today - datetime.timedelta(weeks=weeks_ago)
            result = back_test(at=at, weeks=weeks)
            self.stdout.write(
                f"| {at} | {result['expected_admissions']} | {result['actual_admissions']} | {result['error_pct']} % |"
            )

    def _by_kind(self, *, scene, weeks, rates, measured, today, at):
        """The scene split by the kinds' shares of the admissions; per kind its flow, simulation at the flow
        estimate, steady-state need, and the back-test where its records are enough."""
        counts = measured.kinds
        before = kind_rates(measured.kinds_before, rates_from(measured.before), since=at, until=at)["rates"]
        backs = measured.kinds_back
        measured = kind_rates(counts, rates, since=rates.since, until=today)
        parts = split_scene(scene, measured["shares"])
        self.stdout.write(
            "| type de place | admissions | part | personnes | durée (sem.) | retours à la rue | flux "
            f"| probabilité au flux | régime permanent | test au {at} (attendues / enregistrées) |\n"
            "|---|---|---|---|---|---|---|---|---|---|"
        )
        for c in counts:
            kind_rates_now, part = measured["rates"][c.kind], parts[c.kind]
            flow = flow_places(scene=part, weeks=weeks, rates=kind_rates_now)
            rows = plan(scene=part, weeks=weeks, rates=kind_rates_now) if part else []
            at_flow = next((r["probability"] for r in rows if r["places"] == max(flow, 1)), None)
            defaults = [name for name, records in kind_rates_now.measured.items() if not records]
            back = {name: len(ids) for name, ids in backs[c.kind].items()}
            enough = (
                min(back["occupied"], back["actual_admissions"]) >= MIN_RECORDS
                and before[c.kind].measured["mean_stay_weeks"]
            )
            self.stdout.write(
                f"| {StructureKind(c.kind).label} | {c.admissions} | {100 * measured['shares'][c.kind]:.0f} %"
                f"{' (défaut)' if 'share' in defaults else ''} | {part} | {kind_rates_now.mean_stay_weeks:.1f}"
                f"{' (défaut)' if 'mean_stay_weeks' in defaults else ''} | {100 * kind_rates_now.return_share:.0f} %"
                f"{' (défaut)' if 'return_share' in defaults else ''} | {flow} | "
                f"{'—' if at_flow is None else f'{100 * at_flow:.0f} %'} | {steady_need(kind_rates_now)['places'] or '0 (aucune arrivée)'} | "
                + (
                    f"{round(back['occupied'] * weeks / before[c.kind].mean_stay_weeks)} / {back['actual_admissions']}"
                    if enough
                    else "trop peu de données"
                )
                + " |"
            )
