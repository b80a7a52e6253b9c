"""Filters of the premises pipeline: by step, the proposals still waiting for opinions after the
deadline, those of the user's organisation (the tags above the list)."""

import django_filters
from django import forms

from relais.premises.enums import ProposalStatus
from relais.utils.filters import FilterSet


class ProposalFilter(FilterSet):
    """On `PremisesProposal.objects.with_review_state(...)` (which gives `is_overdue`); needs `request`
    for `mes`."""

    etape = django_filters.ChoiceFilter(label="Étape", field_name="status", choices=ProposalStatus.choices)
    en_retard = django_filters.BooleanFilter(label="Avis en retard", widget=forms.CheckboxInput, method="overdue")
    mes = django_filters.BooleanFilter(
        label="Proposées par mon organisation", widget=forms.CheckboxInput, method="mine"
    )

    def overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=True) if value else queryset

    def mine(self, queryset, name, value):
        return queryset.filter(proposed_by=self.request.user.organization) if value else queryset
