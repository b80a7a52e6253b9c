"""The capacity page for the comité: every count of persons through the publication, and what is derived
from them computed from the published counts (attack tests: the exact small counts coordination reads)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import assert_published, select_one, text
from tests.orientation.factories import hotel_with_stays
from tests.people.factories import ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db
AT = datetime.date(2026, 5, 2)


@pytest.fixture
def records():
    """Ten newcomers in the last 26 weeks (a small count: 1 to 10 is never published), three of them in a
    hotel on the back-test date; fourteen stays over the window, three ended back on the street."""
    now = timezone.now()
    at = timezone.make_aware(datetime.datetime.combine(AT, datetime.time(12)))
    for _ in range(10):
        person = PersonFactory()
        ContactFactory(person=person, occurred_at=now - datetime.timedelta(days=20))
    hotel_with_stays(housed_since=at - datetime.timedelta(days=3))


def _page(client, role):
    client.force_login(UserFactory(role=role))
    return client.get(
        reverse("orientation:capacity"),
        {"scene": 60, "weeks": 2, "rest_arrivals": 20, "back_test_on": AT.isoformat()},
    )


def _count(element, label) -> str:
    found = re.search(label + r" : (< 11|s|\d+)", text(element))
    assert found, text(element)
    return found.group(1)


def test_coordination_reads_the_exact_counts(client, records):
    page = _page(client, Role.COORDINATION)
    rates = select_one(page, "[data-testid=rates]")
    assert _count(rates, "Personnes rencontrées pour la première fois") == "10"
    assert _count(rates, "Admissions") == "14"
    assert _count(rates, "Sorties vers la rue") == "3"
    back = select_one(page, "[data-testid=back-test]")
    assert _count(back, "Places occupées") == "3"
    assert "Arrivées : 0,4 par semaine" in text(rates)  # 10 newcomers in 26 weeks


def test_what_the_comite_reads_is_computed_from_the_published_counts(client, records):
    rates = select_one(_page(client, Role.COMITE), "[data-testid=rates]")
    # Ten newcomers are not published (« < 11 »): the arrivals rate is not computed from them.
    assert "Arrivées : 10,0 par semaine (valeur par défaut" in text(rates)
    # Three exits to the street out of 14 are not published either: the returns rate is the default.
    assert "Retours à la rue : 15 % des sorties (valeur par défaut" in text(rates)


def test_the_comite_never_reads_a_small_count_and_reads_the_others_published(client, records):
    page = _page(client, Role.COMITE)
    rates = select_one(page, "[data-testid=rates]")
    assert_published(_count(rates, "Personnes rencontrées pour la première fois"), 10)
    assert_published(_count(rates, "Admissions"), 14)
    assert_published(_count(rates, "Sorties vers la rue"), 3)
    back = select_one(page, "[data-testid=back-test]")
    assert_published(_count(back, "Places occupées"), 3)
    assert "3 places occupées" not in text(back)
    # A rate resting on a count that is not published is replaced by its default, and said so.
    assert "valeur par défaut" in text(rates)
