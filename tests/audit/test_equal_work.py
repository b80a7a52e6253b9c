"""A forbidden id and an absent one cost the same queries: no timing side channel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.users.enums import Role
from tests.factories import UserFactory
from tests.people.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def test_forbidden_and_absent_referrals_cost_the_same_queries(client):
    forbidden = ReferralFactory()
    client.force_login(UserFactory(role=Role.MARAUDE))
    client.get(reverse("people:referral_detail", args=[forbidden.pk + 1000]))  # warm the session and grant
    counts = []
    for pk in (forbidden.pk, forbidden.pk + 1000):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:referral_detail", args=[pk])).status_code == 404
        counts.append(len(queries))
    assert counts[0] == counts[1]
