"""Demo consumption sites: the public sequence of scenes (colline de la Chapelle, Stalingrad, Jardins
d'Éole, Forceval / place Auguste-Baron from 24 September 2021 to 5 October 2022, then later places)
with generated, plausible counts from 2018 to today. Counts only: no person appears anywhere.

Reproduces the public figures: Forceval 150 to 200 people in February 2022 and 300 to 400 in September
2022; 37 people taken to a rest space at its evacuation on 5 October 2022. Dates before Forceval
follow the public sequence approximately; every count is generated.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from relais.sites.enums import (
    ActType,
    DayPeriod,
    Destination,
    DisplacementKind,
    OperationKind,
    ServiceKind,
    SiteKind,
    SiteStatus,
)
from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
    SiteService,
    SiteStatusChange,
)
from relais.structures.models import Structure
from relais.users.enums import Role
from relais.users.models import Organization, User

D = datetime.date
START = D(2018, 1, 1)

# name, kind, cog, (lat, lon), description
SITES = [
    (
        "Colline de la Chapelle",
        SiteKind.HISTORIC,
        "75118",
        (48.8990, 2.3640),
        "Talus entre la porte de la Chapelle et le boulevard périphérique",
    ),
    (
        "Place de la Bataille-de-Stalingrad",
        SiteKind.HISTORIC,
        "75119",
        (48.8843, 2.3699),
        "Place et abords de la rotonde, quai de Seine",
    ),
    ("Jardins d'Éole", SiteKind.OPEN_SCENE, "75118", (48.8868, 2.3626), "Jardin public, côté rue d'Aubervilliers"),
    (
        "Forceval / place Auguste-Baron",
        SiteKind.OPEN_SCENE,
        "75119",
        (48.8985, 2.3885),
        "Rue Forceval et square entre la porte de la Villette et le boulevard périphérique",
    ),
    ("Porte d'Aubervilliers", SiteKind.OTHER, "75119", (48.9020, 2.3700), "Abords de la porte et du tramway"),
    (
        "Porte de la Chapelle — abords du périphérique",
        SiteKind.OPEN_SCENE,
        "75118",
        (48.8993, 2.3590),
        "Sous les bretelles du boulevard périphérique",
    ),
]
# (site, day, status, decision)
LIFECYCLE = [
    ("Colline de la Chapelle", D(2018, 1, 1), SiteStatus.APPEARED, "Site historique, occupé avant 2018"),
    ("Colline de la Chapelle", D(2019, 6, 27), SiteStatus.DISMANTLED, "Évacuation décidée par le préfet de police"),
    ("Colline de la Chapelle", D(2019, 7, 15), SiteStatus.APPEARED, ""),
    ("Colline de la Chapelle", D(2019, 11, 6), SiteStatus.DISMANTLED, "Évacuation et travaux de fermeture du talus"),
    ("Place de la Bataille-de-Stalingrad", D(2019, 11, 7), SiteStatus.APPEARED, ""),
    ("Place de la Bataille-de-Stalingrad", D(2021, 5, 17), SiteStatus.DISMANTLED, "Évacuation de la place"),
    ("Jardins d'Éole", D(2021, 5, 17), SiteStatus.APPEARED, ""),
    (
        "Jardins d'Éole",
        D(2021, 5, 20),
        SiteStatus.TOLERATED,
        "Décision conjointe préfecture de police et Ville de Paris : accueil dans le jardin",
    ),
    ("Jardins d'Éole", D(2021, 9, 24), SiteStatus.DISMANTLED, "Évacuation du jardin vers la rue Forceval"),
    (
        "Forceval / place Auguste-Baron",
        D(2021, 9, 24),
        SiteStatus.ASSIGNED,
        "Décision du préfet de police du 24/09/2021 : regroupement rue Forceval",
    ),
    (
        "Forceval / place Auguste-Baron",
        D(2022, 10, 5),
        SiteStatus.DISMANTLED,
        "Évacuation du site décidée par le préfet de police",
    ),
    ("Porte d'Aubervilliers", D(2022, 10, 6), SiteStatus.APPEARED, ""),
    ("Porte d'Aubervilliers", D(2023, 6, 20), SiteStatus.DISMANTLED, "Évacuation des abords de la porte"),
    ("Porte de la Chapelle — abords du périphérique", D(2022, 10, 10), SiteStatus.APPEARED, ""),
]
# (site, day, kind, decision, [(destination, structure name or None, people)], reappeared at)
DISPLACEMENTS = [
    (
        "Colline de la Chapelle",
        D(2019, 6, 27),
        DisplacementKind.EVACUATION,
        "Évacuation décidée par le préfet de police",
        [
            (Destination.ASSORE_PHASE, "ASSORE — hébergement accompagné en hôtel", 42),
            (Destination.HOSPITAL, None, 5),
            (Destination.REFUSED, None, 28),
            (Destination.UNKNOWN, None, 55),
        ],
        ["Colline de la Chapelle"],
    ),
    (
        "Colline de la Chapelle",
        D(2019, 11, 6),
        DisplacementKind.EVACUATION,
        "Évacuation et travaux de fermeture du talus",
        [
            (Destination.ASSORE_PHASE, "ASSORE — hébergement accompagné en hôtel", 35),
            (Destination.OTHER_STRUCTURE, "CSAPA Gare du Nord", 6),
            (Destination.REFUSED, None, 30),
            (Destination.UNKNOWN, None, 49),
        ],
        ["Place de la Bataille-de-Stalingrad"],
    ),
    (
        "Place de la Bataille-de-Stalingrad",
        D(2021, 5, 17),
        DisplacementKind.EVACUATION,
        "Évacuation de la place",
        [
            (Destination.ASSORE_PHASE, "ASSORE — hébergement accompagné en hôtel", 18),
            (Destination.REST_SPACE, "Espace de repos de jour Chapelle", 9),
            (Destination.UNKNOWN, None, 63),
        ],
        ["Jardins d'Éole"],
    ),
    (
        "Jardins d'Éole",
        D(2021, 9, 24),
        DisplacementKind.EVACUATION,
        "Évacuation du jardin vers la rue Forceval",
        [
            (Destination.ASSORE_PHASE, "ASSORE — hébergement accompagné en hôtel", 24),
            (Destination.HOSPITAL, None, 3),
            (Destination.REFUSED, None, 35),
            (Destination.UNKNOWN, None, 58),
        ],
        ["Forceval / place Auguste-Baron"],
    ),
    (
        "Forceval / place Auguste-Baron",
        D(2022, 10, 5),
        DisplacementKind.EVACUATION,
        "Évacuation du site décidée par le préfet de police",
        [
            (Destination.REST_SPACE, "Espace de repos de nuit Porte de la Villette", 37),
            (Destination.ASSORE_PHASE, "ASSORE — hébergement accompagné en hôtel", 18),
            (Destination.HOSPITAL, "Unité psychiatrique d'accueil Lutèce", 6),
            (Destination.REFUSED, None, 41),
            (Destination.UNKNOWN, None, 48),
        ],
        ["Porte d'Aubervilliers", "Porte de la Chapelle — abords du périphérique"],
    ),
    (
        "Porte d'Aubervilliers",
        D(2023, 6, 20),
        DisplacementKind.SHELTERING,
        "Mise à l'abri coordonnée par la préfecture",
        [
            (Destination.REST_SPACE, "Espace de repos de nuit Rosa", 14),
            (Destination.ASSORE_PHASE, "ASSORE — hébergement accompagné en hôtel", 11),
            (Destination.UNKNOWN, None, 20),
        ],
        ["Porte de la Chapelle — abords du périphérique"],
    ),
]
# (site, kind, care-unit structure or None, installed, removed)
SERVICES = [
    ("Jardins d'Éole", ServiceKind.WATER, None, D(2021, 6, 1), D(2021, 9, 24)),
    ("Forceval / place Auguste-Baron", ServiceKind.WATER, None, D(2021, 10, 1), D(2022, 10, 5)),
    ("Forceval / place Auguste-Baron", ServiceKind.TOILETS, None, D(2021, 10, 1), D(2022, 10, 5)),
    (
        "Forceval / place Auguste-Baron",
        ServiceKind.CARE_UNIT,
        "Unité de soins Forceval",
        D(2021, 10, 5),
        D(2022, 10, 5),
    ),
    (
        "Porte de la Chapelle — abords du périphérique",
        ServiceKind.CARE_UNIT,
        "Unité de soins mobile Porte de la Chapelle",
        D(2022, 10, 10),
        None,
    ),
]


CONDITIONS = [
    "Site calme",
    "Pluie, abris de fortune",
    "Tensions en fin de journée",
    "Forte chaleur, besoin d'eau",
    "Matériel de réduction des risques distribué",
    "Nombreux déchets, nettoyage demandé",
    "Froid, peu de personnes en journée",
    "Présence policière, dispersion partielle",
]


def headcount(site: str, day: datetime.date, rng: random.Random) -> tuple[int, int]:
    """A plausible day-time estimate (low, high) for `site` on `day`."""
    if site == "Forceval / place Auguste-Baron":
        if day.month == 2 and day.year == 2022:
            return rng.randint(150, 168), rng.randint(182, 200)  # public figure: 150 to 200
        if day.month == 9 and day.year == 2022:
            return rng.randint(300, 330), rng.randint(368, 400)  # public figure: 300 to 400
        if day < D(2022, 1, 1):
            base = 110 + (day - D(2021, 9, 24)).days // 3
        elif day < D(2022, 4, 1):
            base = 160
        elif day < D(2022, 9, 1):
            base = 180 + (day - D(2022, 4, 1)).days * 130 // 153
        else:
            base = 280
    else:
        base = {
            "Colline de la Chapelle": 110,
            "Place de la Bataille-de-Stalingrad": 70,
            "Jardins d'Éole": 140,
            "Porte d'Aubervilliers": 45,
            "Porte de la Chapelle — abords du périphérique": 60,
        }[site]
    low = max(5, int(base * rng.uniform(0.8, 0.95)))
    return low, low + max(5, int(base * rng.uniform(0.15, 0.35)))


def _active_spans(site: str, today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """Days on which people were on the site: from each arrival to the next dismantling (excluded)."""
    spans, opened = [], None
    for name, day, status, _ in LIFECYCLE:
        if name != site:
            continue
        if status == SiteStatus.DISMANTLED:
            if opened is not None:
                spans.append((opened, day))
            opened = None
        elif opened is None:
            opened = day
    if opened is not None:
        spans.append((opened, today))
    return spans


def _days(span):
    day = span[0]
    while day < span[1]:
        yield day
        day += datetime.timedelta(days=1)


def _aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def seed_sites(orgs: dict[str, Organization]) -> None:
    if Site.objects.exists():
        return
    rng = random.Random("relais-sites")  # own generator: independent of what the other seeds draw
    today = timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[Role.COORDINATION, Role.MARAUDE, Role.POLICE, Role.SOIGNANT])
    }
    coordination, maraude = users.get(Role.COORDINATION), users.get(Role.MARAUDE)
    police, soignant = users.get(Role.POLICE), users.get(Role.SOIGNANT)
    structures = {s.name: s for s in Structure.objects.all()}

    sites = {}
    for name, kind, cog, (lat, lon), description in SITES:
        sites[name] = Site.objects.create(
            name=name,
            kind=kind,
            cog=cog,
            latitude=lat,
            longitude=lon,
            description=description,
            created_at=_aware(START, 9, 0),
        )
    for name, day, status, decision in LIFECYCLE:
        SiteStatusChange.objects.create(
            site=sites[name],
            status=status,
            effective_on=day,
            decision=decision,
            recorded_by=coordination,
            recorded_at=_aware(day, 18, 0),
        )
    for name, kind, structure, installed, removed in SERVICES:
        SiteService.objects.create(
            site=sites[name],
            kind=kind,
            structure=structures.get(structure) if structure else None,
            installed_on=installed,
            removed_on=removed,
        )
    for name, day, kind, decision, destinations, reappeared in DISPLACEMENTS:
        displacement = Displacement.objects.create(
            site=sites[name],
            day=day,
            kind=kind,
            decision=decision,
            organization=orgs["ARS IDF"],
            recorded_by=coordination,
            recorded_at=_aware(day, 20, 0),
        )
        DisplacementDestination.objects.bulk_create(
            [
                DisplacementDestination(
                    displacement=displacement,
                    destination=destination,
                    structure=structures.get(structure) if structure else None,
                    people=people,
                )
                for destination, structure, people in destinations
            ]
        )
        displacement.reappeared_at.set([sites[other] for other in reappeared])

    observations, activities, operations = [], [], []
    for name, site in sites.items():
        for span in _active_spans(name, today):
            for day in _days(span):
                if day >= today:
                    break
                weekday = day.weekday()
                low, high = headcount(name, day, rng)
                mid = (low + high) // 2
                # Observations a few times a week: Monday and Friday by day, Wednesday by night.
                if weekday in (0, 4):
                    observations.append(
                        SiteObservation(
                            site=site,
                            observed_at=_aware(day, 10, 30),
                            period=DayPeriod.DAY,
                            headcount_min=low,
                            headcount_max=high,
                            conditions=rng.choice(CONDITIONS) if rng.random() < 0.4 else "",
                            organization=orgs["Équinoxe"],
                            recorded_by=maraude,
                        )
                    )
                elif weekday == 2:
                    night_low = int(low * rng.uniform(1.05, 1.2))
                    night_high = max(night_low, int(high * rng.uniform(1.05, 1.2)))
                    if day.year == 2022 and day.month in (2, 9) and name.startswith("Forceval"):
                        night_low, night_high = low, high  # keep the public ranges at night too
                    observations.append(
                        SiteObservation(
                            site=site,
                            observed_at=_aware(day, 22, 45),
                            period=DayPeriod.NIGHT,
                            headcount_min=night_low,
                            headcount_max=night_high,
                            conditions=rng.choice(CONDITIONS) if rng.random() < 0.4 else "",
                            organization=orgs["Équinoxe"],
                            recorded_by=maraude,
                        )
                    )
                # On-site acts: the outreach team six days a week, the hospital team daily at Forceval.
                teams = []
                if weekday != 6:
                    teams.append((orgs["Équinoxe"], maraude, 1.0))
                if name.startswith("Forceval"):
                    teams.append((orgs["HNEP"], soignant, 0.6))
                for org, user, share in teams:
                    activities.append(
                        OnSiteActivity(
                            site=site,
                            day=day,
                            organization=org,
                            recorded_by=user,
                            recorded_at=_aware(day, 19, 0),
                            **_acts(mid * share, rng),
                        )
                    )
                # Police: about one operation a week, more at Forceval.
                if rng.random() < (0.3 if name.startswith("Forceval") else 0.14):
                    operations.append(_operation(site, day, mid, orgs["PP"], police, rng))
    SiteObservation.objects.bulk_create(observations, batch_size=500)
    OnSiteActivity.objects.bulk_create(activities, batch_size=500)
    SecurityOperation.objects.bulk_create(operations, batch_size=500)


def _acts(people: float, rng: random.Random) -> dict[str, int]:
    rates = {
        ActType.FIRST_AID: 0.03,
        ActType.NURSING_CARE: 0.06,
        ActType.MEDICAL_CONSULTATION: 0.02,
        ActType.HARM_REDUCTION_KITS: 0.35,
        ActType.CRACK_PIPES: 0.45,
        ActType.ORIENTATIONS: 0.02,
        ActType.EMERGENCY_CALLS: 0.006,
    }
    return {act.value: max(0, round(people * rate * rng.uniform(0.6, 1.4))) for act, rate in rates.items()}


def _operation(site, day, people, org, user, rng: random.Random) -> SecurityOperation:
    kind = rng.choices(
        [OperationKind.SECURING, OperationKind.ANTI_TRAFFICKING, OperationKind.DEALING_POINT],
        weights=[5, 3, 1],
    )[0]
    arrests = rng.randint(0, 3) if kind == OperationKind.SECURING else rng.randint(2, 12)
    custody = rng.randint(0, arrests)
    return SecurityOperation(
        site=site,
        day=day,
        kind=kind,
        arrests=arrests,
        custody=custody,
        seizure_grams=round(rng.uniform(0, 8) * (4 if kind != OperationKind.SECURING else 1), 1),
        seizure_euros=rng.randint(0, 40) * (50 if kind != OperationKind.SECURING else 10),
        kitchens_dismantled=rng.randint(1, 3) if kind == OperationKind.DEALING_POINT else 0,
        officers_engaged=rng.randint(10, 30) + people // 10,
        organization=org,
        recorded_by=user,
        recorded_at=_aware(day, 23, 0),
    )
