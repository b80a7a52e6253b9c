"""The measures list's and the tracker's FilterSets."""

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.governance.filters import MeasureFilter, TrackerFilter
from relais.governance.models import Action, Measure
from relais.users.enums import Role
from tests.factories import OrganizationFactory, UserFactory
from tests.governance.factories import ActionFactory, MeasureFactory, PlanFactory
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def test_measure_filter_by_plan_and_tracked_status():
    late = MeasureFactory(late=True)
    MeasureFactory(axis=late.axis)
    MeasureFactory(late=True)
    measures = Measure.objects.with_tracking(timezone.localdate())
    assert list(MeasureFilter({"plan": late.axis.plan_id, "statut": "late"}, queryset=measures).qs) == [late]
    wrong = MeasureFilter({"plan": "999999", "statut": "late"}, queryset=measures)
    assert wrong.qs.count() == 2
    assert wrong.errors == {"plan": ["« 999999 » ne fait pas partie des valeurs proposées pour ce filtre."]}


def test_tracker_filter_applies_to_measures_and_actions():
    ville = OrganizationFactory()
    plan = PlanFactory()
    mine = MeasureFactory(lead_organization=ville, axis__plan=plan)
    MeasureFactory(lead_organization=ville)
    my_action = ActionFactory(owner=ville, measure=mine)
    ActionFactory(owner=ville)
    filters = TrackerFilter({"responsable": ville.pk, "plan": plan.pk}, queryset=Measure.objects.all())
    assert list(filters.qs) == [mine]
    assert list(filters.filter_queryset(Action.objects.all())) == [my_action]
    assert filters.valid_value("responsable") == ville


def test_tracker_page_names_a_wrong_organisation(client):
    MeasureFactory()
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("governance:tracker"), {"responsable": "abc"})
    assert response.status_code == 200
    assert len(response.context["measure_rows"]) == 1
    assert "« abc » ne fait pas partie des valeurs proposées pour ce filtre." in text_of(response)
