"""A generated national network for `manage.py generate_national`, in three parts:

- `network`: structures across France, their places with ten years of service periods, occupancy
  declarations, persons and stays (relais/demo/national_network.py, national_people.py);
- `referrals`: referrals with their dated transitions, the admitted ones tied to generated stays
  (relais/demo/national_referrals.py);
- `sites`: consumption sites with their lifecycle and weekly headcount observations
  (relais/demo/national_sites.py).

Seeded (the same sizes and seed give the same rows) and idempotent (a run first removes what an earlier
one wrote: every generated organisation is named `OPERATOR_PREFIX …`, every generated site
`SITE_PREFIX …`). `only` regenerates some parts on an existing network, leaving the rest untouched.
On PostgreSQL the rows go in with `COPY` (the stays' capacity trigger held off during the load: the
generator fills at most the places in service); elsewhere (the embedded SQLite) with bulk inserts, for
demo-sized runs. The live availability rows are recomputed from the generated history after the network.
"""

import math
import random
from collections.abc import Collection
from dataclasses import dataclass, fields

from django.db import connection, transaction
from django.utils import timezone

from relais.demo.national_base import BENCH_USERNAME, OPERATOR_PREFIX, GenerationError, Loader, accounts
from relais.demo.national_network import write_network
from relais.demo.national_people import write_people
from relais.demo.national_referrals import remove_referrals, write_referrals
from relais.demo.national_sites import write_sites
from relais.structures.live import availability_rollover

__all__ = ["BENCH_USERNAME", "OPERATOR_PREFIX", "PARTS", "GenerationError", "Sizes", "generate", "remove_generated"]

PARTS = ("network", "referrals", "sites")
ERROR_UNKNOWN_PART = "Partie inconnue : {part}. Choisissez parmi network, referrals, sites."


@dataclass(frozen=True)
class Sizes:
    structures: int = 5_000
    places: int = 200_000
    persons: int = 1_000_000
    stays: int = 1_500_000
    referrals: int = 3_000_000
    sites: int = 50

    def scaled(self, scale: float) -> "Sizes":
        return Sizes(**{f.name: max(1, math.ceil(getattr(self, f.name) * scale)) for f in fields(self)})


def remove_generated() -> None:
    """Everything a previous run wrote in the network, and what hangs on its persons and structures
    (raw deletes: there may be millions of rows)."""
    structures = (
        "SELECT s.id FROM structures_structure s JOIN users_organization o ON o.id = s.operator_id WHERE o.name LIKE %s"
    )
    like = [f"{OPERATOR_PREFIX}%"]
    persons = "SELECT p.id FROM people_person p JOIN users_organization o ON o.id = p.created_by_organization_id WHERE o.name LIKE %s"
    referrals = f"SELECT id FROM referrals_referral WHERE person_id IN ({persons}) OR to_structure_id IN ({structures})"  # noqa: S608
    stays = [
        (f"DELETE FROM stays_stay WHERE structure_id IN ({structures})", like),  # noqa: S608
        (f"DELETE FROM stays_stay WHERE person_id IN ({persons})", like),  # noqa: S608
    ]
    statements = [
        # Referrals written by others (the write benchmark) to generated persons or structures.
        (f"UPDATE stays_stay SET referral_id = NULL WHERE referral_id IN ({referrals})", like * 2),  # noqa: S608
        (f"DELETE FROM referrals_referraltransition WHERE referral_id IN ({referrals})", like * 2),  # noqa: S608
        (f"DELETE FROM referrals_referral WHERE id IN ({referrals})", like * 2),  # noqa: S608
        (f"DELETE FROM people_consent WHERE person_id IN ({persons})", like),  # noqa: S608
        (f"DELETE FROM people_person WHERE id IN ({persons})", like),  # noqa: S608
        (f"DELETE FROM structures_structureavailability WHERE structure_id IN ({structures})", like),  # noqa: S608
        (f"DELETE FROM structures_occupancydeclaration WHERE structure_id IN ({structures})", like),  # noqa: S608
        (
            f"DELETE FROM structures_placeserviceperiod WHERE place_id IN (SELECT id FROM structures_place WHERE structure_id IN ({structures}))",  # noqa: S608
            like,
        ),
        (f"DELETE FROM structures_place WHERE structure_id IN ({structures})", like),  # noqa: S608
        (f"DELETE FROM structures_structure WHERE id IN ({structures})", like),  # noqa: S608
    ]
    with connection.cursor() as cursor:
        for sql, params in stays:
            cursor.execute(sql, params)
        remove_referrals()  # once their stays are gone: nothing left to unlink
        for sql, params in statements:
            cursor.execute(sql, params)


def generate(*, sizes: Sizes, seed: int = 14, only: Collection[str] | None = None) -> dict[str, int]:
    """Writes the parts of `sizes` (all of them, or `only` those); returns the number of rows written per
    table. Referrals and sites alone need a network generated earlier."""
    parts = set(only or PARTS)
    for part in parts - set(PARTS):
        raise GenerationError(ERROR_UNKNOWN_PART.format(part=part))
    loader = Loader()
    written = _generate(loader, parts, sizes=sizes, seed=seed)
    loader.vacuum()
    return written


@transaction.atomic
def _generate(loader: Loader, parts: set[str], *, sizes: Sizes, seed: int) -> dict[str, int]:
    operators, user = accounts()
    written = {}
    if "network" in parts:
        rng = random.Random(seed)
        remove_generated()
        network, written = write_network(
            rng=rng,
            loader=loader,
            structures_count=sizes.structures,
            places_count=sizes.places,
            operators=operators,
            user=user,
        )
        written |= write_people(
            rng=rng,
            loader=loader,
            network=network,
            persons=sizes.persons,
            stays_count=sizes.stays,
            operators=operators,
            user=user,
        )
        for table in (
            "structures_structure",
            "structures_place",
            "structures_placeserviceperiod",
            "structures_occupancydeclaration",
            "stays_stay",
        ):
            loader.reset_sequence(table)
        loader.analyze(
            "structures_structure",
            "structures_place",
            "structures_placeserviceperiod",
            "structures_occupancydeclaration",
            "people_person",
            "stays_stay",
        )
        written["live_rows"] = availability_rollover(day=timezone.localdate())
        # The live rows are written after the analysis above: estimated at a few hundred rows for 5,000 otherwise.
        loader.analyze("structures_structureavailability")
    if "referrals" in parts:
        written |= write_referrals(loader=loader, count=sizes.referrals, seed=seed, user=user)
    if "sites" in parts:
        written |= write_sites(loader=loader, count=sizes.sites, seed=seed, user=user)
    return written
