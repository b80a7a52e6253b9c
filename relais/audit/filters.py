"""The auditor's search of the access log."""

import django_filters

from relais.audit.enums import AccessCategory, AccessOutcome
from relais.utils.filters import FilterSet, PeriodFilterForm, period_filters


class AccessEventFilter(FilterSet):
    start, end = period_filters()
    username = django_filters.CharFilter(label="Utilisateur", max_length=150)
    category = django_filters.ChoiceFilter(label="Catégorie", choices=AccessCategory.choices, empty_label="Toutes")
    pseudonym = django_filters.CharFilter(label="Identifiant pseudonyme", max_length=64)
    outcome = django_filters.ChoiceFilter(label="Résultat", choices=AccessOutcome.choices, empty_label="Tous")

    class Meta(FilterSet.Meta):
        form = PeriodFilterForm
