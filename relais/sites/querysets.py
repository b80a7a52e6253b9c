import datetime

from django.db.models import DateField, DateTimeField, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from relais.sites.enums import ACTIVE_STATUSES


class SiteQuerySet(QuerySet):
    def with_status(self, day: datetime.date | None = None):
        """`status` and `status_since`: the last lifecycle step in force on `day` (today by default)."""
        from relais.sites.models import SiteStatusChange

        day = day or timezone.localdate()
        latest = SiteStatusChange.objects.filter(site=OuterRef("pk"), effective_on__lte=day).order_by(
            "-effective_on", "-pk"
        )
        return self.annotate(
            status=Subquery(latest.values("status")[:1]),
            status_since=Subquery(latest.values("effective_on")[:1], output_field=DateField()),
        )

    def with_last_observation(self):
        """The latest headcount estimate: `last_observed_at`, `last_min`, `last_max`."""
        from relais.sites.models import SiteObservation

        latest = SiteObservation.objects.filter(site=OuterRef("pk")).order_by("-observed_at", "-pk")
        return self.annotate(
            last_observed_at=Subquery(latest.values("observed_at")[:1], output_field=DateTimeField()),
            last_min=Subquery(latest.values("headcount_min")[:1], output_field=IntegerField()),
            last_max=Subquery(latest.values("headcount_max")[:1], output_field=IntegerField()),
        )

    def active(self, day: datetime.date | None = None):
        return self.with_status(day).filter(status__in=ACTIVE_STATUSES)

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)
