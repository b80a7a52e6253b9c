"""Filters of the measures list and of the commitments tracker."""

import django_filters

from relais.governance.enums import TrackedStatus
from relais.governance.models import Plan
from relais.users.models import Organization
from relais.utils.filters import FilterSet


class PlanFilter(FilterSet):
    """Measures or actions of a plan (both querysets have `in_plan`)."""

    plan = django_filters.ModelChoiceFilter(
        label="Plan",
        queryset=Plan.objects.order_by("starts_on", "name"),
        empty_label="Tous les plans",
        method="in_plan",
    )

    def in_plan(self, queryset, name, value):
        return queryset.in_plan(value)


class MeasureFilter(PlanFilter):
    """The measures list, also by tracked status (late is computed: `Measure.objects.with_tracking`)."""

    statut = django_filters.ChoiceFilter(
        label="Statut",
        field_name="tracked_status",
        choices=[(v, label) for v, label in TrackedStatus.choices if v not in ("todo", "cancelled", "reached")],
        empty_label="Tous",
    )


class TrackerFilter(PlanFilter):
    """The tracker's open measures and actions, also by organisation in charge: one form for both
    querysets (`filter_queryset(actions)`), both having `for_owner`."""

    responsable = django_filters.ModelChoiceFilter(
        label="Responsable",
        queryset=Organization.objects.order_by("name"),
        empty_label="Toutes les organisations",
        method="for_owner",
    )

    def for_owner(self, queryset, name, value):
        return queryset.for_owner(value)
