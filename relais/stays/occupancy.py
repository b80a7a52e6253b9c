"""Occupancy of computed-mode structures: their open stays, for the one definition of occupied
(`relais.structures.models.with_availability`)."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from relais.stays.models import Stay


def open_stays_count(as_of=None, attribute: str | None = None):
    """Stays of the structure `OuterRef("pk")` open at `as_of` (None: now), on places with `attribute`
    if given: the occupancy in computed mode."""
    stays = Stay.objects.filter(structure=OuterRef("pk"))
    if as_of is None:
        stays = stays.filter(exited_at__isnull=True)
    else:
        stays = stays.filter(Q(exited_at__isnull=True) | Q(exited_at__gt=as_of), admitted_at__lte=as_of)
    if attribute is not None:
        stays = stays.filter(**{f"place__{attribute}": True})
    counts = stays.order_by().values("structure").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
