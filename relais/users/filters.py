"""Filters of the accounts list (coordination resets a second factor there) and of the rights events."""

import django_filters
from django import forms
from django.db.models import Q

from relais.users.enums import RightsEventKind, Role
from relais.utils.filters import FilterSet, PeriodFilterForm, period_filters


class UserFilter(FilterSet):
    q = django_filters.CharFilter(
        label="Identifiant",
        field_name="username",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class RightsEventFilter(FilterSet):
    start, end = period_filters()
    username = django_filters.CharFilter(label="Compte (auteur ou concerné)", max_length=150, method="for_account")
    kind = django_filters.ChoiceFilter(label="Évènement", choices=RightsEventKind.choices, empty_label="Tous")
    role = django_filters.ChoiceFilter(label="Rôle", choices=Role.choices, empty_label="Tous")

    class Meta(FilterSet.Meta):
        form = PeriodFilterForm

    def for_account(self, queryset, name, value):
        return queryset.filter(Q(actor_username=value) | Q(subject_username=value))
