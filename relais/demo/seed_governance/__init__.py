"""Demo plans, measures, comité meetings, decisions, actions and premises proposals (idempotent).

Modelled on the public record: the 2019-2021 plan (4 axes, 33 actions, 19 done by June 2021) and
the comité institutionnel of 30 September 2021 (reference/communique-2021-10-01-comite-plan-crack.txt).
Titles are paraphrases; every proposal, address and figure below is generated, not a real file.
"""

import random

from django.db import transaction

from relais.demo.seed_governance.comite_2021 import COMMUNIQUE_MEASURES, comite_2021_create
from relais.demo.seed_governance.meetings import seed_meetings
from relais.demo.seed_governance.plan_2019 import plan_2019_create
from relais.demo.seed_governance.premises import seed_premises
from relais.governance.models import Plan
from relais.users.models import Organization

__all__ = ["COMMUNIQUE_MEASURES", "seed_governance"]


def seed_governance(orgs: dict[str, Organization], rng: random.Random) -> None:
    _seed_plans(orgs, rng)
    seed_meetings(orgs)
    seed_premises(orgs)


@transaction.atomic
def _seed_plans(orgs, rng):
    if Plan.objects.exists():
        return
    plan_2019_create(orgs, rng)
    comite_2021_create(orgs)
