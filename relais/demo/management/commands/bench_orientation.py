"""Benchmark of the allocation engine on generated instances (no database): `manage.py bench_orientation`."""

from django.core.management.base import BaseCommand

from relais.orientation.bench import Scenario, replay, static_rows
from relais.orientation.generate import Prevalences
from relais.orientation.metrics import GROUPS

SOLVER_LABELS = {
    "engine": "moteur",
    "optimum": "optimum exact (LSA)",
    "fcfs": "premier arrivé",
    "priority": "priorité stricte",
    "greedy": "glouton",
}


def _sizes(text: str) -> list[tuple[int, int]]:
    return [tuple(int(x) for x in size.split("x")) for size in text.split(",")]


class Command(BaseCommand):
    help = "Banc d'essai du moteur d'attribution : tableau statique par taille, puis rejeu de 52 semaines."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--sizes", default="50x20,1000x1000,5000x5000", help="personnes x places, séparées par ,")
        parser.add_argument(
            "--reference-up-to", type=int, default=1000, help="optimum exact (cubique) jusqu'à N personnes"
        )
        parser.add_argument("--no-replay", action="store_true")
        parser.add_argument("--weeks", type=int, default=52)
        for field, default in Prevalences().__dict__.items():
            parser.add_argument(f"--{field.replace('_', '-')}", type=float, default=default, dest=f"p_{field}")

    def _gaps(self, row) -> str:
        return " | ".join(
            "—" if row["group_gaps_pts"][g] is None else f"{row['group_gaps_pts'][g]:+.1f}" for g in GROUPS
        )

    def handle(self, *args, seed, sizes, reference_up_to, no_replay, weeks, **options):
        prevalences = Prevalences(**{k[2:]: v for k, v in options.items() if k.startswith("p_")})
        self.stdout.write(f"Graine {seed} ; prévalences : {prevalences}\n")
        groups = " | ".join(f"écart {g} (pts)" for g in GROUPS)
        self.stdout.write(
            "| taille | méthode | placées | valeur | écart à l'optimum | 10 % prioritaires placés | attente placés (j) "
            f"| attente restés (j) | km moyens | {groups} | temps (s) | pic mémoire (Mio) |"
        )
        self.stdout.write("|" + "---|" * (11 + len(GROUPS)))
        for n, m in _sizes(sizes):
            for row in static_rows(n, m, seed=seed, prevalences=prevalences, reference_up_to=reference_up_to):
                label = SOLVER_LABELS[row["solver"]] + (" (déterministe)" if row.get("deterministic") else "")
                self.stdout.write(
                    f"| {n} x {m} | {label} | {row['placements']} | {row['value']} | {row['gap_pct']} % "
                    f"| {row['top_coverage_pct']} % | {row['wait_placed_days']} | {row['wait_left_days']} "
                    f"| {row['mean_km']} | {self._gaps(row)} | {row['seconds']} | {row['peak_mib']} |"
                )
        if no_replay:
            return
        scenario = Scenario(weeks=weeks)
        self.stdout.write(f"\nRejeu : {scenario}\n")
        self.stdout.write(
            "| méthode | arrivées | placées | valeur | besoin de soins placés | attente des placés (sem.) "
            f"| partis sans place | encore en attente | km moyens | {groups} | temps total (s) |"
        )
        self.stdout.write("|" + "---|" * (10 + len(GROUPS)))
        for row in replay(scenario, seed=seed, prevalences=prevalences):
            self.stdout.write(
                f"| {SOLVER_LABELS[row['solver']]} | {row['arrivals']} | {row['placements']} | {row['value']} "
                f"| {row['care_placed_pct']} % | {row['wait_placed_weeks']} | {row['left_unplaced']} "
                f"| {row['still_waiting']} | {row['mean_km']} | {self._gaps(row)} | {row['seconds']} |"
            )
