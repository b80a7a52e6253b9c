"""What the map shows: structures with their free places, and sites either at their precise point
(roles on the ground) or grouped at the centre of their arrondissement (everyone else)."""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from relais.sites.enums import ACTIVE_STATUSES, SiteStatus
from relais.sites.models import Site
from relais.structures.models import Structure
from relais.utils.geo import ARRONDISSEMENT_CENTRES
from relais.utils.identifiers import PARIS_ARRONDISSEMENTS

PARIS_CENTRE = (48.8716, 2.3600)


def structure_markers(day: datetime.date, structures: QuerySet[Structure], publish=list) -> list[dict]:
    """The operating and located ones of `structures` (a filter bar's choice); `publish` (given by the
    page, from the publication of its reader's figures) turns their occupancy into what the reader may see."""
    structures = structures.operating().filter(latitude__isnull=False, longitude__isnull=False)
    # Today from the live rows; another day from the history, with the same definition.
    live = day == timezone.localdate()
    structures = publish(
        (structures.with_live_availability() if live else structures.with_availability(day)).order_by("kind", "name")
    )
    return [
        {
            "type": "structure",
            "name": s.name,
            "kind": s.kind,
            "kind_label": s.get_kind_display(),
            "places_open": s.places_open,
            "free": s.free if s.free is None else max(s.free, 0),
            "lat": s.latitude,
            "lon": s.longitude,
            "url": reverse("registry:structure_detail", args=[s.pk]),
        }
        for s in structures
    ]


def _site_status(site) -> tuple[str, str]:
    status = site.status or SiteStatus.APPEARED
    return status, SiteStatus(status).label


def site_markers(day: datetime.date, *, precise: bool) -> list[dict]:
    sites = list(Site.objects.with_status(day).with_last_observation().filter(status__isnull=False).order_by("name"))
    if precise:
        markers = []
        for site in sites:
            status, label = _site_status(site)
            point = (
                (site.latitude, site.longitude) if site.latitude is not None else ARRONDISSEMENT_CENTRES.get(site.cog)
            )
            if point is None:
                continue
            markers.append(
                {
                    "type": "site",
                    "name": site.name,
                    "status": status,
                    "status_label": label,
                    "active": status in ACTIVE_STATUSES,
                    "approximate": site.latitude is None,
                    "area": site.area_geojson,
                    "headcount": _headcount(site),
                    "lat": point[0],
                    "lon": point[1],
                    "url": reverse("sites:detail", args=[site.pk]),
                }
            )
        return markers
    groups: dict[str, list] = defaultdict(list)
    for site in sites:
        groups[site.cog].append(site)
    markers = []
    for cog, members in sorted(groups.items()):
        centre = ARRONDISSEMENT_CENTRES.get(cog)
        if centre is None:
            continue
        active = [s for s in members if s.status in ACTIVE_STATUSES]
        markers.append(
            {
                "type": "arrondissement",
                "name": PARIS_ARRONDISSEMENTS.get(cog, cog),
                "cog": cog,
                "sites": len(members),
                "active_sites": len(active),
                "active": bool(active),
                "headcount": sum(s.last_max or 0 for s in active) if active else None,
                "site_names": [s.name for s in members],
                "lat": centre[0],
                "lon": centre[1],
                "url": reverse("sites:list") + f"?arrondissement={cog}",
            }
        )
    return markers


def _headcount(site) -> str | None:
    if site.last_max is None:
        return None
    if site.last_min == site.last_max:
        return str(site.last_max)
    return f"{site.last_min}\u2013{site.last_max}"


def site_point(site: Site, *, precise: bool) -> tuple[float, float] | None:
    """Where a site is, for sorting by distance: its point, or its arrondissement's centre."""
    if precise and site.latitude is not None:
        return site.latitude, site.longitude
    return ARRONDISSEMENT_CENTRES.get(site.cog)


def map_data(
    *,
    day: datetime.date,
    precise: bool,
    tiles_url: str,
    tiles_attribution: str = "",
    structures: QuerySet[Structure],
    publish=list,
) -> dict:
    return {
        "centre": PARIS_CENTRE,
        "zoom": 13,
        "tiles": tiles_url,
        "attribution": tiles_attribution,
        "precise": precise,
        "structures": structure_markers(day, structures, publish),
        "sites": site_markers(day, precise=precise),
    }
