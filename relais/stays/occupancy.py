"""Live occupancy of computed-mode structures, for the availability board."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from relais.stays.models import Stay


def open_stays_count():
    """Open stays of the structure `OuterRef("pk")`: the board's occupancy in computed mode."""
    counts = (
        Stay.objects.filter(structure=OuterRef("pk"), exited_at__isnull=True)
        .order_by()
        .values("structure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
