"""Generated counts on the demo sites (observations, on-site activity, police operations) and their history."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from relais.demo.seed_sites.timeline import DISPLACEMENTS, LIFECYCLE, SERVICES, SITES, D
from relais.sites.enums import (
    ActType,
    DayPeriod,
    OperationKind,
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

START = D(2018, 1, 1)


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
    for change in LIFECYCLE:
        if change.site != site:
            continue
        if change.status == SiteStatus.DISMANTLED:
            if opened is not None:
                spans.append((opened, change.day))
            opened = None
        elif opened is None:
            opened = change.day
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
    for record in SITES:
        sites[record.name] = Site.objects.create(
            name=record.name,
            kind=record.kind,
            cog=record.cog,
            latitude=record.latitude,
            longitude=record.longitude,
            description=record.description,
            created_at=_aware(START, 9, 0),
        )
    for change in LIFECYCLE:
        SiteStatusChange.objects.create(
            site=sites[change.site],
            status=change.status,
            effective_on=change.day,
            decision=change.decision,
            recorded_by=coordination,
            recorded_at=_aware(change.day, 18, 0),
        )
    for service in SERVICES:
        SiteService.objects.create(
            site=sites[service.site],
            kind=service.kind,
            structure=structures.get(service.structure) if service.structure else None,
            installed_on=service.installed_on,
            removed_on=service.removed_on,
        )
    for record in DISPLACEMENTS:
        displacement = Displacement.objects.create(
            site=sites[record.site],
            day=record.day,
            kind=record.kind,
            decision=record.decision,
            organization=orgs["ARS IDF"],
            recorded_by=coordination,
            recorded_at=_aware(record.day, 20, 0),
        )
        DisplacementDestination.objects.bulk_create(
            [
                DisplacementDestination(
                    displacement=displacement,
                    destination=moved.destination,
                    structure=structures.get(moved.structure) if moved.structure else None,
                    people=moved.people,
                )
                for moved in record.destinations
            ]
        )
        displacement.reappeared_at.set([sites[other] for other in record.reappeared_at])

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
