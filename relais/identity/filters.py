"""Filters of the auditor's lists of sign-in security events and of break-glass accesses."""

import django_filters
from django import forms

from relais.identity.enums import SecurityEventKind
from relais.utils.filters import FilterSet


class SecurityEventFilter(FilterSet):
    type = django_filters.ChoiceFilter(
        label="Type", field_name="kind", choices=SecurityEventKind.choices, empty_label="Tous"
    )


class BreakGlassFilter(FilterSet):
    """`?a_examiner=1`: the accesses not reviewed yet; without it, all of them."""

    a_examiner = django_filters.BooleanFilter(
        label="À examiner seulement", widget=forms.CheckboxInput, method="unreviewed"
    )

    def unreviewed(self, queryset, name, value):
        return queryset.filter(reviewed_at__isnull=True) if value else queryset
