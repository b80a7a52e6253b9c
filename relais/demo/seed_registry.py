"""Demo organisations, accounts, programmes, structures and places (idempotent)."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from relais.demo.places import HOTEL_WORDS, address_in, point_in
from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind, StructureStatus
from relais.structures.models import (
    CapacityTarget,
    OccupancyDeclaration,
    Place,
    PlaceServicePeriod,
    Programme,
    Structure,
)
from relais.users.enums import GrantStatus, OrganizationKind, Role
from relais.users.models import AccessGrant, Organization, User
from relais.utils.identifiers import luhn_key

DEMO_PASSWORD = "relais-demo"  # noqa: S105 - demo settings only, printed by make demo
D = datetime.date

# Real institutions (no identifiers invented for them) and fictional partners.
ORGANIZATIONS = [
    (
        "Préfecture de la région d'Île-de-France, préfecture de Paris",
        "Préfecture",
        OrganizationKind.PREFECTURE,
    ),
    ("Préfecture de police", "PP", OrganizationKind.POLICE),
    ("Agence régionale de santé Île-de-France", "ARS IDF", OrganizationKind.ARS),
    (
        "Mission interministérielle de lutte contre les drogues et les conduites addictives",
        "MILDECA",
        OrganizationKind.MILDECA,
    ),
    ("Ville de Paris", "Ville", OrganizationKind.VILLE),
    ("Association Horizon Nord (fictive)", "Horizon Nord", OrganizationKind.ASSOCIATION),
    ("Association Le Phare (fictive)", "Le Phare", OrganizationKind.ASSOCIATION),
    ("Association Trait d'Union (fictive)", "Trait d'Union", OrganizationKind.ASSOCIATION),
    ("Association Équinoxe (fictive)", "Équinoxe", OrganizationKind.ASSOCIATION),
    ("Association Aube Solidaire (fictive)", "Aube Solidaire", OrganizationKind.ASSOCIATION),
    ("Hôpital Nord-Est Paris (fictif)", "HNEP", OrganizationKind.HOSPITAL),
    ("Groupe hospitalier psychiatrique Lutèce (fictif)", "GHP Lutèce", OrganizationKind.HOSPITAL),
]
FICTIONAL_KINDS = {OrganizationKind.ASSOCIATION, OrganizationKind.HOSPITAL}

DEMO_ACCOUNTS = [
    # username = role, organisation short name
    (Role.COORDINATION, "ARS IDF"),
    (Role.OPERATEUR, "Horizon Nord"),
    (Role.MARAUDE, "Équinoxe"),
    (Role.SOIGNANT, "HNEP"),
    (Role.POLICE, "PP"),
    (Role.COMITE, "Préfecture"),
    (Role.VILLE, "Ville"),
    (Role.AUDITEUR, "ARS IDF"),
    (Role.ADMIN, "Préfecture"),
]

# ASSORE hotel waves: (date, hotels opened (+) or closed (-), rooms per hotel). Reproduces the public
# figures: 60 places in 2018, 200 planned, 400 open on 1 Oct 2021 in about 40 hotels, 510 on
# 1 Feb 2022, 610 in 61 hotels in Nov 2022, then about 420 today.
ASSORE_WAVES = [
    (D(2018, 6, 1), 6, 10),
    (D(2019, 9, 1), 6, 10),
    (D(2020, 6, 1), 8, 10),
    (D(2021, 6, 1), 24, 10),
    (D(2021, 9, 15), -4, 10),
    (D(2022, 2, 1), 11, 10),
    (D(2022, 10, 1), 10, 10),
    (D(2024, 1, 1), -9, 10),
    (D(2025, 6, 1), -10, 10),
]
ASSORE_TARGETS = [
    (D(2018, 6, 1), 60, "Création du dispositif d'hébergement accompagné", D(2018, 5, 15)),
    (
        D(2019, 5, 27),
        200,
        "Plan de mobilisation coordonnée sur la problématique du crack 2019-2021",
        D(2019, 5, 27),
    ),
    (
        D(2021, 9, 30),
        400,
        "Comité institutionnel du 30 septembre 2021 : renforcement très rapide",
        D(2021, 9, 30),
    ),
    (D(2022, 2, 1), 510, "Comité institutionnel : +70 places ASSORE", D(2022, 1, 20)),
    (D(2022, 11, 1), 610, "Comité institutionnel : extension du dispositif", D(2022, 10, 20)),
    (D(2024, 1, 1), 520, "Comité de suivi : redimensionnement du dispositif", D(2023, 12, 5)),
    (D(2025, 6, 1), 420, "Comité de suivi : feuille de route 2025", D(2025, 5, 15)),
]
# Hotels whose rooms Horizon Nord lends to Le Phare (a second structure of the same programme).
LENT_HOTELS = 4

# (name, kind, operator, cog, places, place kind, opened_on, closed_on, finess_et)
STRUCTURES = [
    (
        "Espace de repos de nuit Porte de la Villette",
        StructureKind.REST_NIGHT,
        "Horizon Nord",
        "75119",
        50,
        PlaceKind.SEAT,
        D(2021, 12, 15),
        None,
        True,
    ),
    (
        "Espace de repos de jour Aubervilliers",
        StructureKind.REST_DAY,
        "Aube Solidaire",
        "75119",
        30,
        PlaceKind.SEAT,
        D(2022, 3, 1),
        None,
        False,
    ),
    (
        "Espace de repos de jour Chapelle",
        StructureKind.REST_DAY,
        "Le Phare",
        "75118",
        25,
        PlaceKind.SEAT,
        D(2020, 11, 2),
        None,
        False,
    ),
    (
        "Espace de repos de nuit Rosa",
        StructureKind.REST_NIGHT,
        "Aube Solidaire",
        "75118",
        40,
        PlaceKind.SEAT,
        D(2023, 1, 9),
        None,
        False,
    ),
    (
        "LHSS Belleville",
        StructureKind.LHSS,
        "Trait d'Union",
        "75120",
        25,
        PlaceKind.BED,
        D(2022, 6, 1),
        None,
        True,
    ),
    ("LHSS Canal", StructureKind.LHSS, "Horizon Nord", "75110", 15, PlaceKind.BED, D(2023, 4, 3), None, True),
    (
        "LAM Tolbiac",
        StructureKind.LAM,
        "Trait d'Union",
        "75113",
        20,
        PlaceKind.BED,
        D(2022, 9, 1),
        None,
        True,
    ),
    (
        "CAARUD du 18e",
        StructureKind.CAARUD,
        "Équinoxe",
        "75118",
        20,
        PlaceKind.SEAT,
        D(2022, 4, 4),
        None,
        True,
    ),
    (
        "CAARUD Stalingrad",
        StructureKind.CAARUD,
        "Le Phare",
        "75119",
        15,
        PlaceKind.SEAT,
        D(2019, 1, 7),
        None,
        True,
    ),
    (
        "CSAPA Gare du Nord",
        StructureKind.CSAPA,
        "HNEP",
        "75110",
        12,
        PlaceKind.SEAT,
        D(2018, 1, 8),
        None,
        True,
    ),
    ("CSAPA Riquet", StructureKind.CSAPA, "Équinoxe", "75119", 10, PlaceKind.SEAT, D(2020, 2, 3), None, True),
    (
        "Halte soins addictions Nord",
        StructureKind.HSA,
        "HNEP",
        "75110",
        12,
        PlaceKind.SEAT,
        D(2018, 1, 8),
        None,
        True,
    ),
    (
        "Unité de soins Forceval",
        StructureKind.ONSITE_CARE,
        "Équinoxe",
        "75119",
        6,
        PlaceKind.SEAT,
        D(2021, 9, 24),
        D(2022, 10, 5),
        False,
    ),
    (
        "Unité de soins mobile Porte de la Chapelle",
        StructureKind.ONSITE_CARE,
        "Équinoxe",
        "75118",
        4,
        PlaceKind.SEAT,
        D(2022, 10, 6),
        None,
        False,
    ),
    (
        "EMPP Paris Nord",
        StructureKind.EMPP,
        "GHP Lutèce",
        "75119",
        0,
        PlaceKind.SEAT,
        D(2018, 1, 8),
        None,
        True,
    ),
    (
        "Unité psychiatrique d'accueil Lutèce",
        StructureKind.PSYCHIATRY,
        "GHP Lutèce",
        "75114",
        10,
        PlaceKind.BED,
        D(2021, 11, 15),
        None,
        True,
    ),
    (
        "CHRS Les Tilleuls",
        StructureKind.CHRS,
        "Aube Solidaire",
        "75120",
        30,
        PlaceKind.BED,
        D(2018, 1, 8),
        None,
        True,
    ),
]
OTHER_HOTEL_COGS = ["75110", "75118", "75119", "75120", "75111", "75112", "75113", "75114", "75117", "75115"]


def _siret(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(13))
    return body + luhn_key(body)


def _finess(rng: random.Random) -> str:
    body = "75" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return body + luhn_key(body)


@transaction.atomic
def seed_organizations_and_accounts(rng: random.Random) -> dict[str, Organization]:
    orgs = {}
    for name, short, kind in ORGANIZATIONS:
        org, created = Organization.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})
        if created and kind in FICTIONAL_KINDS:
            org.siret = _siret(rng)
            org.save(update_fields=["siret"])
        orgs[short] = org
    for role, org_short in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=str(role))
        if created:
            user.set_password(DEMO_PASSWORD)
            user.first_name = Role(role).label
            user.save()
        AccessGrant.objects.get_or_create(
            user=user,
            organization=orgs[org_short],
            role=role,
            defaults={"valid_from": D(2021, 1, 1), "status": GrantStatus.APPROVED},
        )
    expired, created = User.objects.get_or_create(username="ancien")
    if created:
        expired.set_password(DEMO_PASSWORD)
        expired.save()
        AccessGrant.objects.create(
            user=expired,
            organization=orgs["Équinoxe"],
            role=Role.MARAUDE,
            valid_from=D(2021, 1, 1),
            valid_until=D(2023, 12, 31),
            status=GrantStatus.APPROVED,
        )
    return orgs


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


def _hotel_schedule(rng: random.Random):
    """One (name, cog, rooms, opened, closed) per hotel from the waves; closings take the oldest first."""
    hotels, open_hotels, names = [], [], iter(HOTEL_WORDS)
    for day, delta, rooms in ASSORE_WAVES:
        if delta > 0:
            for _ in range(delta):
                cog = rng.choice(OTHER_HOTEL_COGS)
                hotel = {
                    "name": f"Hôtel {next(names)}",
                    "cog": cog,
                    "rooms": rooms,
                    "opened": day,
                    "closed": None,
                }
                hotels.append(hotel)
                open_hotels.append(hotel)
        else:
            for hotel in open_hotels[:-delta]:
                hotel["closed"] = day
            open_hotels = open_hotels[-delta:]
    return hotels


@transaction.atomic
def seed_registry(orgs: dict[str, Organization], rng: random.Random) -> None:
    if Structure.objects.exists():
        return
    assore, _ = Programme.objects.get_or_create(
        code="assore",
        defaults={
            "name": "ASSORE — hébergement accompagné en hôtel",
            "operator": orgs["Horizon Nord"],
            "description": "Chambres d'hôtel avec accompagnement sanitaire et social pour des consommateurs de crack.",
        },
    )
    assore.funders.set([orgs["ARS IDF"], orgs["Préfecture"], orgs["MILDECA"]])
    phase, _ = Programme.objects.get_or_create(
        code="phase",
        defaults={
            "name": "PHASE — hébergement et accompagnement",
            "operator": orgs["Trait d'Union"],
            "description": "Hébergement accompagné en hôtel avec un parcours de soins en addictologie.",
        },
    )
    phase.funders.set([orgs["ARS IDF"], orgs["Ville"]])
    for effective_on, places, decision, decided_on in ASSORE_TARGETS:
        CapacityTarget.objects.get_or_create(
            programme=assore,
            effective_on=effective_on,
            defaults={"places": places, "decision": decision, "decided_on": decided_on},
        )
    CapacityTarget.objects.get_or_create(
        programme=phase,
        effective_on=D(2020, 1, 1),
        defaults={"places": 30, "decision": "Convention ARS — Ville", "decided_on": D(2019, 11, 5)},
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
    for index, hotel in enumerate(_hotel_schedule(rng)):
        structure = lent if index < LENT_HOTELS else main
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
        D(2020, 1, 6),
        rng,
        programme=phase,
    )
    for word, cog in (("Les Glycines", "75120"), ("Le Belvédère", "75119"), ("Le Cosmos", "75111")):
        _add_places(
            phase_structure,
            10,
            PlaceKind.ROOM,
            start=D(2020, 1, 6),
            location=f"Hôtel {word} ({cog[-2:]}e)",
            prefix="Chambre",
            attributes=True,
        )

    for name, kind, operator, cog, count, place_kind, opened, closed, has_finess in STRUCTURES:
        structure = _structure(name, kind, orgs[operator], cog, opened, rng, closed=closed, finess=has_finess)
        if count:
            _add_places(
                structure,
                count,
                place_kind,
                start=opened,
                end=closed,
                attributes=kind in {StructureKind.LHSS, StructureKind.LAM},
            )


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
        opening_hours=hours,
        status=StructureStatus.CLOSED if closed else StructureStatus.OPEN,
        opened_on=opened,
        closed_on=closed,
        availability_mode=AvailabilityMode.DECLARED,
    )


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
