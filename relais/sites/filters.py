"""Filters of the sites list and of the availability board sorted by distance to a site, shared by
the pages and the API."""

import datetime
import functools

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from relais.sites.enums import ACTIVE_STATUSES, SiteKind, SiteStatus
from relais.sites.maps import site_point
from relais.sites.models import Site
from relais.structures.filters import AvailabilityFilter, arrondissement_filter
from relais.utils.filters import FilterSet

ACTIVE = "actifs"


@functools.lru_cache(maxsize=2)
def active_sites(day: datetime.date) -> QuerySet[Site]:
    """The occupied sites on `day`, by name: a queryset built once a day rather than on every board
    request (its status subqueries cost the board more than its own figures). Never evaluated here:
    each form field takes a copy (`ModelChoiceField` clones it), so every reading queries again."""
    return Site.objects.active(day).order_by("name")


class SiteFilter(FilterSet):
    """Sites by current status (or every occupied one), type and arrondissement; the queryset
    carries `status` (`Site.objects.with_status`)."""

    statut = django_filters.ChoiceFilter(
        label="Statut actuel",
        choices=[(ACTIVE, "Sites occupés (apparus, tolérés ou assignés)"), *SiteStatus.choices],
        empty_label="Tous",
        method="with_current_status",
    )
    type = django_filters.ChoiceFilter(field_name="kind", label="Type", choices=SiteKind.choices, empty_label="Tous")
    arrondissement = arrondissement_filter()

    def with_current_status(self, queryset, name, value):
        return queryset.filter(status__in=ACTIVE_STATUSES if value == ACTIVE else [value])


class BoardFilter(AvailabilityFilter):
    """The board's filters, and sorting by distance to an occupied site: to its point for the roles
    that see it, to the centre of its arrondissement for the others, so that the order does not reveal it."""

    site = django_filters.ModelChoiceFilter(
        label="Près du site",
        queryset=lambda request: active_sites(timezone.localdate()),
        empty_label="Aucun",
        method="near_site",
    )

    def near_site(self, queryset, name, value: Site):
        return queryset  # the site is a point to sort by: see `near`

    @property
    def near(self) -> tuple[float, float] | None:
        site = self.valid_value("site")
        if site is None:
            return super().near
        user = getattr(self.request, "user", None)
        return site_point(site, precise=bool(user and user.has_perm("sites.view_precise_points")))
