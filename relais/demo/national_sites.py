"""National consumption sites: their lifecycle (appeared, tolerated or assigned by decision, dismantled,
sometimes back) and a weekly headcount observation while they are active, over ten years. Most sites
are in Paris (the north-east arrondissements first), the others in the network's cities. Counts only,
never a person.
"""

import datetime
import math
import random

from django.db import connection
from django.utils import timezone

from relais.demo.national_base import YEARS, Loader, field_organizations
from relais.demo.national_network import CITIES
from relais.sites.enums import ACTIVE_STATUSES, DayPeriod, SiteKind, SiteStatus
from relais.users.models import User
from relais.utils.geo import ARRONDISSEMENT_CENTRES

SITE_PREFIX = "Site national généré"
PARIS_SHARE = 0.6
# Where open scenes gather in Paris, and their weight.
PARIS_WEIGHTS = {"75118": 8, "75119": 7, "75110": 4, "75120": 3, "75117": 2, "75111": 2, "75112": 1, "75113": 1}
_SITES = "SELECT id FROM sites_site WHERE name LIKE %s"
# Every table that may hang on a site, children first: a new run removes a generated site entirely.
_CHILDREN = [
    f"DELETE FROM sites_displacementdestination WHERE displacement_id IN (SELECT id FROM sites_displacement WHERE site_id IN ({_SITES}))",  # noqa: S608
    f"DELETE FROM sites_displacement_reappeared_at WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_displacement_reappeared_at WHERE displacement_id IN (SELECT id FROM sites_displacement WHERE site_id IN ({_SITES}))",  # noqa: S608
    f"DELETE FROM sites_displacement WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_securityoperation WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_onsiteactivity WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_siteservice WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_siteobservation WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_sitestatuschange WHERE site_id IN ({_SITES})",  # noqa: S608
    f"DELETE FROM sites_site WHERE id IN ({_SITES})",  # noqa: S608
]


def remove_sites() -> None:
    with connection.cursor() as cursor:
        for sql in _CHILDREN:
            cursor.execute(sql, [f"{SITE_PREFIX}%"])


def _place(rng: random.Random) -> tuple[str, float, float]:
    if rng.random() < PARIS_SHARE:
        cog = rng.choices(list(PARIS_WEIGHTS), weights=list(PARIS_WEIGHTS.values()))[0]
        lat, lon = ARRONDISSEMENT_CENTRES[cog]
        return cog, lat + rng.gauss(0, 0.004), lon + rng.gauss(0, 0.006)
    lat, lon, dept, _ = rng.choices(CITIES, weights=[c[3] for c in CITIES])[0]
    return f"{dept}{rng.randint(1, 400):03d}", lat + rng.gauss(0, 0.03), lon + rng.gauss(0, 0.04)


def _lifecycle(rng: random.Random, first: datetime.date, today: datetime.date) -> list[tuple[datetime.date, str]]:
    """Dated statuses: appeared, then perhaps tolerated or assigned, perhaps dismantled and back."""
    span = (today - first).days
    day = first if rng.random() < 0.3 else first + datetime.timedelta(days=rng.randint(0, span - 30))
    steps = [(day, SiteStatus.APPEARED)]
    while day < today:
        day += datetime.timedelta(days=rng.randint(30, 900))
        if day > today:
            break
        last = steps[-1][1]
        if last == SiteStatus.DISMANTLED:
            if rng.random() < 0.4:
                steps.append((day, SiteStatus.APPEARED))
            else:
                break
        elif last == SiteStatus.APPEARED and rng.random() < 0.5:
            steps.append((day, rng.choice([SiteStatus.TOLERATED, SiteStatus.ASSIGNED])))
        else:
            steps.append((day, SiteStatus.DISMANTLED))
    return steps


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def write_sites(*, loader: Loader, count: int, seed: int, user: User) -> dict[str, int]:
    """Replaces the generated sites by `count` new ones; returns the rows written per table."""
    rng = random.Random(f"{seed}:sites")
    remove_sites()
    observers = [o.pk for o in field_organizations() if o.short_name.startswith("RNGM")]
    now = timezone.now()
    today = timezone.localdate()
    first = today - datetime.timedelta(days=365 * YEARS)
    site_id = loader.next_id("sites_site")
    sites, statuses, observations = [], [], []
    for n in range(count):
        sid = site_id + n
        cog, lat, lon = _place(rng)
        steps = _lifecycle(rng, first, today)
        kind = rng.choices([SiteKind.OPEN_SCENE, SiteKind.HISTORIC, SiteKind.OTHER], weights=[6, 2, 2])[0]
        created = min(_noon(steps[0][0]), now)
        sites.append(
            (sid, f"{SITE_PREFIX} {n + 1:03d}", kind, "", cog, "", round(lat, 6), round(lon, 6), None, created)
        )
        decisions = {SiteStatus.ASSIGNED: "Arrêté préfectoral (généré)", SiteStatus.DISMANTLED: "Évacuation (générée)"}
        statuses += [
            (sid, status, day, decisions.get(status, ""), user.pk, min(_noon(day), now)) for day, status in steps
        ]
        # A weekly count while active; the level drifts from week to week (a few large scenes).
        level = rng.lognormvariate(math.log(200 if n < max(count // 10, 1) else 30), 0.5)
        observer = rng.choice(observers)
        for (start, status), (end, _) in zip(
            steps, [*steps[1:], (today + datetime.timedelta(days=1), None)], strict=True
        ):
            if status not in ACTIVE_STATUSES:
                continue
            week = start
            while week < end:
                at = datetime.datetime.combine(week, datetime.time(0), tzinfo=datetime.UTC) + datetime.timedelta(
                    hours=rng.uniform(0, 24 * 6)
                )
                if at > now:
                    break
                level = min(max(level * rng.lognormvariate(0, 0.12), 2), 900)
                low, high = int(level * rng.uniform(0.7, 0.9)), math.ceil(level * rng.uniform(1.05, 1.4))
                period = DayPeriod.DAY if 7 <= at.hour < 20 else DayPeriod.NIGHT
                recorded = min(at + datetime.timedelta(minutes=rng.randint(5, 600)), now)
                observations.append((sid, at, period, low, max(low, high), observer, "", user.pk, recorded))
                week += datetime.timedelta(days=7)
    written = {
        "sites": loader.write(
            "sites_site",
            [
                "id",
                "name",
                "kind",
                "description",
                "cog",
                "other_cogs",
                "latitude",
                "longitude",
                "area_geojson",
                "created_at",
            ],
            sites,
        )
    }
    status_id = loader.next_id("sites_sitestatuschange")
    written["site_status_changes"] = loader.write(
        "sites_sitestatuschange",
        ["id", "site_id", "status", "effective_on", "decision", "recorded_by_id", "recorded_at"],
        ((status_id + i, *row) for i, row in enumerate(statuses)),
    )
    observation_id = loader.next_id("sites_siteobservation")
    written["site_observations"] = loader.write(
        "sites_siteobservation",
        [
            "id",
            "site_id",
            "observed_at",
            "period",
            "headcount_min",
            "headcount_max",
            "organization_id",
            "conditions",
            "recorded_by_id",
            "recorded_at",
        ],
        ((observation_id + i, *row) for i, row in enumerate(observations)),
    )
    for table in ("sites_site", "sites_sitestatuschange", "sites_siteobservation"):
        loader.reset_sequence(table)
    loader.analyze("sites_site", "sites_sitestatuschange", "sites_siteobservation")
    return written
