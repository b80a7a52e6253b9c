"""Capacity planning against hand-computed cases, the records it measures, and who reads it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.orientation.capacity import (
    Rates,
    back_test,
    erlang_b,
    erlang_c,
    flow_places,
    measured_counts,
    measured_rates,
    rest_space_need,
    simulate,
    steady_need,
)
from relais.stays.models import Stay
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import select_one, text
from tests.people.factories import ContactFactory, PersonFactory

TODAY = datetime.date(2026, 6, 1)


def _rates(arrivals=10.0, stay=12.0, returns=0.15):
    return Rates(arrivals, stay, returns, measured={}, since=TODAY, until=TODAY)


def test_erlang_formulas_match_hand_computed_values():
    assert erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang_b(2, 2.0) == pytest.approx(0.4)  # (2^2/2) / (1 + 2 + 2)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(2, 2.0) == 1.0  # the places cannot keep up
    assert rest_space_need(arrivals_per_night=2)["places"] == 5  # B(4,2)=0.095, B(5,2)=0.037


def test_flow_estimate_and_steady_need():
    # 150 people, 12 weeks, stays of 12 weeks: each place takes one person, then one more.
    assert flow_places(scene=150, weeks=12, rates=_rates()) == 75
    steady = steady_need(_rates(arrivals=10, stay=12, returns=0.0))
    assert steady["load"] == 120.0 and erlang_c(steady["places"], 120.0) <= 0.2 < erlang_c(steady["places"] - 1, 120.0)


def test_no_arrivals_need_no_place():
    # Nobody arrives: nobody waits and nobody is turned away, so no place (the formulas' floor of one
    # place is only for a positive load).
    assert steady_need(_rates(arrivals=0)) == {"places": 0, "load": 0.0, "wait_probability": 0.0, "mean_wait_days": 0.0}
    assert rest_space_need(arrivals_per_night=0) == {"places": 0, "turned_away": 0.0}
    assert steady_need(_rates(arrivals=0.01, stay=1, returns=0))["places"] == 1


def test_simulation_brackets_the_flow_estimate_and_is_repeatable():
    rates = _rates()
    assert simulate(scene=150, weeks=12, places=200, rates=rates, runs=20) == 1.0
    assert simulate(scene=150, weeks=12, places=40, rates=rates, runs=20) == 0.0
    middle = simulate(scene=150, weeks=12, places=75, rates=rates, runs=40)
    assert 0.2 < middle < 0.8
    assert simulate(scene=150, weeks=12, places=75, rates=rates, runs=40) == middle


@pytest.mark.django_db
def test_rates_are_measured_from_the_records_and_the_back_test_compares_with_what_happened():
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=30, availability_mode="computed")
    operator = UserFactory(operateur_of=hotel.operator)
    now = timezone.make_aware(datetime.datetime(2026, 5, 1, 12))
    for k in range(10):
        person = PersonFactory()
        ContactFactory(person=person, occurred_at=now - datetime.timedelta(days=30))
        Stay.objects.create(
            person=person,
            structure=hotel,
            admitted_by=operator,
            admitted_at=now - datetime.timedelta(days=28),
            exited_at=now - datetime.timedelta(days=14),
            exit_destination="street" if k < 3 else "housing",
        )
    rates = measured_rates(until=TODAY)
    assert rates.mean_stay_weeks == pytest.approx(2.0)
    assert rates.return_share == pytest.approx(0.3)
    assert rates.arrivals_per_week == pytest.approx(10 / 26)
    # Five persons in their stay on 1 May; four admitted in the two weeks after.
    for k in range(9):
        Stay.objects.create(
            person=PersonFactory(),
            structure=hotel,
            admitted_by=operator,
            admitted_at=now - datetime.timedelta(days=3) if k < 5 else now + datetime.timedelta(days=k),
        )
    result = back_test(at=datetime.date(2026, 5, 2), weeks=2)
    assert (result["occupied"], result["actual_admissions"]) == (5, 4)
    assert result["expected_admissions"] == round(5 * 2 / result["rates"].mean_stay_weeks)


@pytest.mark.django_db
def test_time_inside_is_the_real_time_across_a_change_of_clock():
    """The window from 1 June to 30 November 2026 (Paris) lasts 182 days and one hour: the clocks went back
    on 25 October. A stay open over the whole window spent all of it inside (the wall-clock difference of
    the window's two ends, 182 days, left the hour out)."""
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=30, availability_mode="computed")
    Stay.objects.create(
        person=PersonFactory(),
        structure=hotel,
        admitted_by=UserFactory(operateur_of=hotel.operator),
        admitted_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 12)),
    )
    counts = measured_counts(until=datetime.date(2026, 11, 30))
    assert counts.inside_weeks * 604800 == 182 * 86400 + 3600


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COORDINATION, Role.COMITE])
def test_coordination_and_comite_read_the_plan(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(
        reverse("orientation:capacity"), {"scene": 60, "weeks": 12, "rest_arrivals": 20, "back_test_on": "2026-01-05"}
    )
    assert response.status_code == 200
    assert "30 places" in text(select_one(response, "[data-testid=flow]"))  # default stays of 12 weeks
    assert "valeur par défaut" in text(select_one(response, "[data-testid=rates]"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MARAUDE, Role.OPERATEUR, Role.POLICE, Role.VILLE])
def test_other_roles_do_not_reach_the_plan(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("orientation:capacity")).status_code == 403
