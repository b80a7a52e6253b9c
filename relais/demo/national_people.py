"""The national persons and their stays in the computed-mode structures: 85 to 95 % of their places
taken now, the rest of the stays closed over the ten years."""

import datetime
import random
import uuid

from django.db import connection
from django.utils import timezone

from relais.demo.national_base import YEARS, Loader
from relais.demo.national_network import Network
from relais.stays.enums import ExitDestination
from relais.structures.enums import AvailabilityMode
from relais.users.models import Organization, User


def write_people(
    *,
    rng: random.Random,
    loader: Loader,
    network: Network,
    persons: int,
    stays_count: int,
    operators: list[Organization],
    user: User,
) -> dict[str, int]:
    now = timezone.now()
    structures, places, in_service = network.structures, network.places, network.in_service
    written = {}
    person_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(persons)]
    written["persons"] = loader.write(
        "people_person",
        [
            "id",
            "display_code",
            "alias",
            "year_of_birth",
            "sex",
            "languages",
            "need_psychiatric",
            "need_somatic",
            "need_mobility",
            "need_pets",
            "need_couple",
            "matching_key",
            "created_at",
            "created_by_id",
            "created_by_organization_id",
        ],
        (
            (
                pid,
                f"N-{n:09d}",
                "",
                rng.randint(1950, 2006),
                rng.choice(["male", "female", "unknown"]),
                "",
                rng.random() < 0.2,
                rng.random() < 0.3,
                rng.random() < 0.05,
                rng.random() < 0.1,
                False,
                "",
                now - datetime.timedelta(days=rng.randint(0, 365 * YEARS)),
                user.pk,
                operators[n % len(operators)].pk,
            )
            for n, pid in enumerate(person_ids)
        ),
    )
    open_stays = []
    free_persons = iter(person_ids)
    for sid, _kind, mode, *_ in structures:
        if mode != AvailabilityMode.COMPUTED:
            continue
        places_now = in_service.get(sid, [])
        taken = rng.sample(places_now, int(len(places_now) * rng.uniform(0.85, 0.95)))
        for pid in taken:
            person = next(free_persons, None)
            if person is None:
                break
            open_stays.append((sid, pid, person))
    computed = {s[0] for s in structures if s[2] == AvailabilityMode.COMPUTED}
    computed_places = [p for s in computed for p in in_service.get(s, [])]
    place_structure = {p[0]: p[1] for p in places}
    stay_id = loader.next_id("stays_stay")

    def stays():
        n = 0
        for sid, pid, person in open_stays:
            admitted = now - datetime.timedelta(days=rng.uniform(0, 300))
            yield (stay_id + n, person, sid, pid, admitted, user.pk, None, None, "")
            n += 1
        destinations = ExitDestination.values
        while n < stays_count and computed_places and person_ids:
            pid = rng.choice(computed_places)
            exited = now - datetime.timedelta(days=rng.uniform(1, 365 * YEARS))
            admitted = exited - datetime.timedelta(days=rng.expovariate(1 / 90))
            yield (
                stay_id + n,
                rng.choice(person_ids),
                place_structure[pid],
                pid,
                admitted,
                user.pk,
                exited,
                user.pk,
                rng.choice(destinations),
            )
            n += 1

    with _capacity_trigger_off():
        written["stays"] = loader.write(
            "stays_stay",
            [
                "id",
                "person_id",
                "structure_id",
                "place_id",
                "admitted_at",
                "admitted_by_id",
                "exited_at",
                "exited_by_id",
                "exit_destination",
            ],
            stays(),
        )
    return written


class _capacity_trigger_off:
    """The capacity trigger counts the open stays of a structure for each inserted row: held off while
    loading (the generator never fills more than the places in service), on again before commit."""

    def __enter__(self):
        self._toggle("DISABLE")

    def __exit__(self, *exc):
        self._toggle("ENABLE")

    @staticmethod
    def _toggle(action):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The deferred foreign-key checks of the rows copied so far run first (ALTER TABLE refuses
                # a table with pending trigger events).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE stays_stay {action} TRIGGER stays_stay_capacity")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
