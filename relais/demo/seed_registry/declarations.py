"""Recent occupancy declarations of the demo structures."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from relais.structures.enums import StructureKind
from relais.structures.models import OccupancyDeclaration, Structure
from relais.users.enums import Role
from relais.users.models import AccessGrant


@transaction.atomic
def seed_declarations(rng: random.Random) -> None:
    """Recent occupancy figures (about 90 % in hotels), a few of them stale on purpose."""
    if OccupancyDeclaration.objects.exists():
        return
    now = timezone.now()
    today = timezone.localdate()
    structures = Structure.objects.operating().with_places_open(today).select_related("operator")
    for index, structure in enumerate(structures):
        if not structure.places_open:
            continue
        # The operator's own staff declare; where the demo has no account for them, coordination does.
        declarer = structure.operator.grants.select_related("user", "organization").first()
        if declarer is None:
            declarer = AccessGrant.objects.select_related("user", "organization").get(
                user__username=str(Role.COORDINATION)
            )
        rate = 0.9 if structure.kind == StructureKind.HOTEL else rng.uniform(0.6, 1.0)
        occupied = min(structure.places_open, round(structure.places_open * rate))
        age = datetime.timedelta(hours=80 if index % 6 == 5 else rng.uniform(0.5, 10))
        OccupancyDeclaration.objects.create(
            structure=structure,
            occupied=occupied,
            declared_at=now - age,
            declared_by=declarer.user,
            organization=declarer.organization,
        )
