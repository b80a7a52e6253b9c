"""The dashboards' date, period and organisation form."""

import datetime

import pytest
from django.utils import timezone

from relais.indicators.dashboards import Filters
from relais.indicators.filters import ERROR_FUTURE, DashboardFilterForm
from relais.users.models import Organization
from tests.factories import OrganizationFactory


def test_valid_date_and_period():
    filters = Filters.from_query({"au": "31/12/2020", "periode": "24"})
    assert (filters.day, filters.months, filters.error) == (datetime.date(2020, 12, 31), 24, "")


def test_wrong_values_give_today_the_default_period_and_say_why():
    filters = Filters.from_query({"au": "demain", "periode": "999"})
    assert (filters.day, filters.months) == (timezone.localdate(), 12)
    assert filters.error == (
        "La date « demain » n'est pas une date valide (jj/mm/aaaa) : les chiffres sont ceux d'aujourd'hui. "
        "La période « 999 » n'est pas proposée : les évolutions portent sur 12 mois."
    )
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert Filters.from_query({"au": future}).error == ERROR_FUTURE


@pytest.mark.django_db
def test_the_organisation_is_offered_only_when_there_is_a_choice():
    assert "organisation" not in DashboardFilterForm().fields
    organization = OrganizationFactory()
    form = DashboardFilterForm(initial={"organisation": organization}, organizations=Organization.objects.all())
    html = form["organisation"].as_field_group()
    assert 'class="fr-select-group"' in html
    assert f'<option value="{organization.pk}" selected>' in html
