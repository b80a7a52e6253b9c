"""Filter of the accounts list (coordination resets a second factor there)."""

import django_filters
from django import forms

from relais.utils.filters import FilterSet


class UserFilter(FilterSet):
    q = django_filters.CharFilter(
        label="Identifiant",
        field_name="username",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
