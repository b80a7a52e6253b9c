import datetime

from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When

from relais.governance.enums import OPEN_ACTION_STATUSES, OPEN_MEASURE_STATUSES, TrackedStatus


class MeasureQuerySet(QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_MEASURE_STATUSES)

    def for_owner(self, organization):
        return self.filter(lead_organization=organization)

    def in_plan(self, plan):
        return self.filter(axis__plan=plan)

    def with_tracking(self, day: datetime.date):
        """`is_late` and `tracked_status` computed in SQL, so lists can sort late ones first."""
        late = Q(status__in=OPEN_MEASURE_STATUSES, due_on__lt=day)
        return self.annotate(
            is_late=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField()),
            tracked_status=Case(
                When(late, then=Value(TrackedStatus.LATE.value)), default=F("status"), output_field=CharField()
            ),
        )


class ActionQuerySet(QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def for_owner(self, organization):
        return self.filter(owner=organization)

    def in_plan(self, plan):
        """Actions of a measure of the plan, or of a decision about one."""
        return self.filter(Q(measure__axis__plan=plan) | Q(decision__measures__axis__plan=plan)).distinct()

    def with_tracking(self, day: datetime.date):
        late = Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=day)
        return self.annotate(
            is_late=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField()),
            tracked_status=Case(
                When(late, then=Value(TrackedStatus.LATE.value)), default=F("status"), output_field=CharField()
            ),
        )


class MeetingQuerySet(QuerySet):
    def upcoming(self, day: datetime.date):
        return self.filter(Q(held_on__gte=day) | Q(held_on__isnull=True))
