"""Generated load for `manage.py bench`: many structures, places and declarations, then timings."""

import datetime
import random
import statistics
import time
import tracemalloc

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relais.structures.enums import PlaceKind, StructureKind
from relais.structures.live import availability_refresh
from relais.structures.models import OccupancyDeclaration, Place, PlaceServicePeriod, Programme, Structure
from relais.users.enums import GrantStatus, Role
from relais.users.models import AccessGrant, Organization, User
from relais.utils.geo import ARRONDISSEMENT_CENTRES


@transaction.atomic
def generate(*, structures: int, places_per_structure: int, rng: random.Random) -> dict:
    org = Organization.objects.create(name=f"Bench {rng.random()}", short_name="Bench", kind="association")
    user = User.objects.create(username=f"bench-{rng.randint(0, 10**9)}")
    AccessGrant.objects.create(
        user=user,
        organization=org,
        role=Role.COORDINATION,
        valid_from=datetime.date(2018, 1, 1),
        status=GrantStatus.APPROVED,
    )
    programme = Programme.objects.create(code=f"bench{rng.randint(0, 10**9)}", name="Programme bench", operator=org)
    cogs = list(ARRONDISSEMENT_CENTRES)
    kinds = list(StructureKind)
    created = Structure.objects.bulk_create(
        [
            Structure(
                name=f"Structure bench {n}",
                kind=kinds[n % len(kinds)],
                operator=org,
                programme=programme if n % 3 == 0 else None,
                address="1 rue du Banc",
                cog=cogs[n % len(cogs)],
                latitude=48.85 + rng.uniform(-0.03, 0.03),
                longitude=2.35 + rng.uniform(-0.05, 0.05),
            )
            for n in range(structures)
        ]
    )
    if not all(s.pk for s in created):
        created = list(Structure.objects.filter(operator=org))
    places = Place.objects.bulk_create(
        [
            Place(structure=s, kind=PlaceKind.BED, label=f"Lit {n}")
            for s in created
            for n in range(places_per_structure)
        ],
        batch_size=5000,
    )
    if not all(p.pk for p in places):
        places = list(Place.objects.filter(structure__operator=org))
    start = datetime.date(2018, 1, 1)
    PlaceServicePeriod.objects.bulk_create(
        [PlaceServicePeriod(place=p, start=start + datetime.timedelta(days=rng.randint(0, 2500))) for p in places],
        batch_size=5000,
    )
    now = timezone.now()
    OccupancyDeclaration.objects.bulk_create(
        [
            OccupancyDeclaration(
                structure=s,
                occupied=rng.randint(0, places_per_structure // 2),
                declared_at=now - datetime.timedelta(hours=rng.uniform(0, 400)),
                declared_by=user,
                organization=org,
            )
            for s in created
            for _ in range(5)
        ],
        batch_size=5000,
    )
    availability_refresh(structures=created)  # the history is written directly: the live rows follow
    return {"user": user, "programme": programme}


def measure(label: str, call, repeat: int = 5) -> dict:
    durations, queries = [], 0
    tracemalloc.start()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = call()
            durations.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise RuntimeError(f"{label} : réponse {response.status_code}")
        queries = len(captured)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "label": label,
        "median_ms": round(statistics.median(durations) * 1000, 1),
        "max_ms": round(max(durations) * 1000, 1),
        "queries": queries,
        "peak_mib": round(peak / 2**20, 1),
    }


def run(*, structures: int, places_per_structure: int) -> list[dict]:
    rng = random.Random(42)
    data = generate(structures=structures, places_per_structure=places_per_structure, rng=rng)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(data["user"])
    programme = data["programme"]
    results = [
        measure("Tableau des disponibilités (page)", lambda: client.get("/disponibilites/")),
        measure(
            "Tableau filtré et trié par distance", lambda: client.get("/disponibilites/?type=lhss&lat=48.88&lon=2.38")
        ),
        measure("Liste du registre (page)", lambda: client.get("/lieux/")),
        measure(
            "Historique de capacité d'un programme (page)", lambda: client.get(f"/lieux/programmes/{programme.code}/")
        ),
        measure("API disponibilités (100 premières)", lambda: client.get("/api/v1/availability/")),
    ]
    return results
