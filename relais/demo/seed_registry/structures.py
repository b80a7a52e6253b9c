"""Demo programmes, structures and their places."""

import random
import zlib

from django.db import transaction

from relais.demo.places import address_in, point_in
from relais.demo.seed_registry.programmes import (
    DISPOSITIF_CODE,
    DISPOSITIF_TARGETS,
    LENT_EVERY,
    PHASE_HOTELS,
    PHASE_OPENED,
    PHASE_TARGET,
    hotel_schedule,
)
from relais.demo.seed_registry.records import D, StructureRecord
from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind, StructureStatus
from relais.structures.models import CapacityTarget, Place, PlaceServicePeriod, Programme, Structure
from relais.users.models import Organization
from relais.utils.identifiers import luhn_key

STRUCTURES = [
    StructureRecord(
        name="Espace de repos de nuit Porte de la Villette",
        kind=StructureKind.REST_NIGHT,
        operator="Horizon Nord",
        cog="75119",
        places=50,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2021, 12, 15),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="Espace de repos de jour Aubervilliers",
        kind=StructureKind.REST_DAY,
        operator="Aube Solidaire",
        cog="75119",
        places=30,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2022, 3, 1),
        closed_on=None,
        finess=False,
    ),
    StructureRecord(
        name="Espace de repos de jour Chapelle",
        kind=StructureKind.REST_DAY,
        operator="Le Phare",
        cog="75118",
        places=25,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2020, 11, 2),
        closed_on=None,
        finess=False,
    ),
    StructureRecord(
        name="Espace de repos de nuit Rosa",
        kind=StructureKind.REST_NIGHT,
        operator="Aube Solidaire",
        cog="75118",
        places=40,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2023, 1, 9),
        closed_on=None,
        finess=False,
    ),
    StructureRecord(
        name="LHSS Belleville",
        kind=StructureKind.LHSS,
        operator="Trait d'Union",
        cog="75120",
        places=25,
        place_kind=PlaceKind.BED,
        opened_on=D(2022, 6, 1),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="LHSS Canal",
        kind=StructureKind.LHSS,
        operator="Horizon Nord",
        cog="75110",
        places=15,
        place_kind=PlaceKind.BED,
        opened_on=D(2023, 4, 3),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="LAM Tolbiac",
        kind=StructureKind.LAM,
        operator="Trait d'Union",
        cog="75113",
        places=20,
        place_kind=PlaceKind.BED,
        opened_on=D(2022, 9, 1),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="CAARUD du 18e",
        kind=StructureKind.CAARUD,
        operator="Équinoxe",
        cog="75118",
        places=20,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2022, 4, 4),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="CAARUD Stalingrad",
        kind=StructureKind.CAARUD,
        operator="Le Phare",
        cog="75119",
        places=15,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2019, 1, 7),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="CSAPA Gare du Nord",
        kind=StructureKind.CSAPA,
        operator="HNEP",
        cog="75110",
        places=12,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2018, 1, 8),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="CSAPA Riquet",
        kind=StructureKind.CSAPA,
        operator="Équinoxe",
        cog="75119",
        places=10,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2020, 2, 3),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="Halte soins addictions Nord",
        kind=StructureKind.HSA,
        operator="HNEP",
        cog="75110",
        places=12,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2018, 1, 8),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="Unité de soins Forceval",
        kind=StructureKind.ONSITE_CARE,
        operator="Équinoxe",
        cog="75119",
        places=6,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2021, 9, 24),
        closed_on=D(2022, 10, 5),
        finess=False,
    ),
    StructureRecord(
        name="Unité de soins mobile Porte de la Chapelle",
        kind=StructureKind.ONSITE_CARE,
        operator="Équinoxe",
        cog="75118",
        places=4,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2022, 10, 6),
        closed_on=None,
        finess=False,
    ),
    StructureRecord(
        name="EMPP Paris Nord",
        kind=StructureKind.EMPP,
        operator="GHP Lutèce",
        cog="75119",
        places=0,
        place_kind=PlaceKind.SEAT,
        opened_on=D(2018, 1, 8),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="Unité psychiatrique d'accueil Lutèce",
        kind=StructureKind.PSYCHIATRY,
        operator="GHP Lutèce",
        cog="75114",
        places=10,
        place_kind=PlaceKind.BED,
        opened_on=D(2021, 11, 15),
        closed_on=None,
        finess=True,
    ),
    StructureRecord(
        name="CHRS Les Tilleuls",
        kind=StructureKind.CHRS,
        operator="Aube Solidaire",
        cog="75120",
        places=30,
        place_kind=PlaceKind.BED,
        opened_on=D(2018, 1, 8),
        closed_on=None,
        finess=True,
    ),
]


def _finess(rng: random.Random) -> str:
    body = "75" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return body + luhn_key(body)


def _add_places(structure, count, kind, *, start, end=None, location="", prefix=None, rng=None, attributes=False):
    prefix = prefix or PlaceKind(kind).label
    places = Place.objects.bulk_create(
        [
            Place(
                structure=structure,
                kind=kind,
                label=f"{prefix} {n}",
                location_label=location,
                women_only=attributes and n % 7 == 0,
                accessible=attributes and n % 5 == 0,
                pets=attributes and n % 9 == 0,
                couple=attributes and n % 11 == 0,
            )
            for n in range(1, count + 1)
        ]
    )
    if not all(p.pk for p in places):
        places = list(Place.objects.filter(structure=structure, location_label=location))
    PlaceServicePeriod.objects.bulk_create([PlaceServicePeriod(place=p, start=start, end=end) for p in places])


@transaction.atomic
def seed_registry(orgs: dict[str, Organization], rng: random.Random) -> None:
    if Structure.objects.exists():
        return
    dispositif, _ = Programme.objects.get_or_create(
        code=DISPOSITIF_CODE,
        defaults={
            "name": "Hébergement accompagné (ASSORE et PHASE)",
            "operator": orgs["Préfecture"],
            "description": "Le dispositif d'hébergement accompagné que suit le comité : les programmes ASSORE et PHASE.",
        },
    )
    dispositif.funders.set([orgs["ARS IDF"], orgs["Préfecture"], orgs["MILDECA"], orgs["Ville"]])
    assore, _ = Programme.objects.get_or_create(
        code="assore",
        defaults={
            "name": "ASSORE — hébergement accompagné en hôtel",
            "operator": orgs["Horizon Nord"],
            "description": "Chambres d'hôtel avec accompagnement sanitaire et social pour des consommateurs de crack.",
            "group": dispositif,
        },
    )
    assore.funders.set([orgs["ARS IDF"], orgs["Préfecture"], orgs["MILDECA"]])
    phase, _ = Programme.objects.get_or_create(
        code="phase",
        defaults={
            "name": "PHASE — hébergement et accompagnement",
            "operator": orgs["Trait d'Union"],
            "description": "Hébergement accompagné en hôtel avec un parcours de soins en addictologie.",
            "group": dispositif,
        },
    )
    phase.funders.set([orgs["ARS IDF"], orgs["Ville"]])
    for programme, target in [*((dispositif, t) for t in DISPOSITIF_TARGETS), (phase, PHASE_TARGET)]:
        CapacityTarget.objects.get_or_create(
            programme=programme,
            effective_on=target.effective_on,
            defaults={"places": target.places, "decision": target.decision, "decided_on": target.decided_on},
        )

    main = _structure(
        assore.name, StructureKind.HOTEL, orgs["Horizon Nord"], "75119", D(2018, 6, 1), rng, programme=assore
    )
    lent = _structure(
        "ASSORE — chambres confiées à Le Phare",
        StructureKind.HOTEL,
        orgs["Le Phare"],
        "75118",
        D(2018, 6, 1),
        rng,
        programme=assore,
    )
    for index, hotel in enumerate(hotel_schedule(rng)):
        structure = lent if index % LENT_EVERY == LENT_EVERY - 1 else main
        location = f"{hotel['name']} ({hotel['cog'][-2:]}e)"
        _add_places(
            structure,
            hotel["rooms"],
            PlaceKind.ROOM,
            start=hotel["opened"],
            end=hotel["closed"],
            location=location,
            prefix="Chambre",
            attributes=True,
        )
    phase_structure = _structure(
        "PHASE — hébergement accompagné",
        StructureKind.HOTEL,
        orgs["Trait d'Union"],
        "75120",
        PHASE_OPENED,
        rng,
        programme=phase,
    )
    for word, cog in PHASE_HOTELS:
        _add_places(
            phase_structure,
            10,
            PlaceKind.ROOM,
            start=PHASE_OPENED,
            location=f"Hôtel {word} ({cog[-2:]}e)",
            prefix="Chambre",
            attributes=True,
        )

    for record in STRUCTURES:
        structure = _structure(
            record.name,
            record.kind,
            orgs[record.operator],
            record.cog,
            record.opened_on,
            rng,
            closed=record.closed_on,
            finess=record.finess,
        )
        if record.places:
            _add_places(
                structure,
                record.places,
                record.place_kind,
                start=record.opened_on,
                end=record.closed_on,
                attributes=record.kind in {StructureKind.LHSS, StructureKind.LAM},
            )


def fictional_phone(seed: str) -> str:
    """A number of the range ARCEP keeps for fiction (01 99 00 xx xx): never someone's real line.
    From the name rather than the random generator, so that the rest of the demo stays as it was."""
    n = zlib.crc32(seed.encode()) % 10_000
    return f"01 99 00 {n // 100:02d} {n % 100:02d}"


def _structure(name, kind, operator, cog, opened, rng, *, programme=None, closed=None, finess=False):
    lat, lon = point_in(cog, rng)
    hours = {
        StructureKind.REST_NIGHT: "20:00-08:00",
        StructureKind.REST_DAY: "Mo-Su 09:00-19:00",
        StructureKind.CAARUD: "Mo-Fr 10:00-17:00; Sa 10:00-13:00",
        StructureKind.CSAPA: "Mo-Fr 09:00-18:00",
        StructureKind.HSA: "Mo-Su 09:30-20:30",
    }.get(kind, "24/7")
    return Structure.objects.create(
        name=name,
        kind=kind,
        operator=operator,
        programme=programme,
        address=address_in(cog, rng),
        cog=cog,
        latitude=lat,
        longitude=lon,
        finess_et=_finess(rng) if finess else "",
        finess_ej=_finess(rng) if finess else "",
        phone=fictional_phone(name),
        opening_hours=hours,
        status=StructureStatus.CLOSED if closed else StructureStatus.OPEN,
        opened_on=opened,
        closed_on=closed,
        availability_mode=AvailabilityMode.DECLARED,
    )
