"""API rate limits: counted in a table shared by every worker, one statement per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.api.models import RateWindow
from relais.api.throttling import SessionRateThrottle, window_hits
from relais.users.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_request_counts_itself_in_one_statement(client):
    user = UserFactory(role=Role.COMITE)
    client.force_login(user)
    client.get(reverse("v1:availability-list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("v1:availability-list")).status_code == 200
    throttle = [q["sql"] for q in queries.captured_queries if RateWindow._meta.db_table in q["sql"]]
    assert len(throttle) == 1
    assert not any("relais_cache" in q["sql"] for q in queries.captured_queries)
    assert RateWindow.objects.get(key=f"throttle_session_{user.pk}").hits == 2


def test_the_session_limit_answers_429_then_lets_the_next_window_in(client, monkeypatch):
    monkeypatch.setattr(SessionRateThrottle, "THROTTLE_RATES", {"session": "3/minute"})
    client.force_login(UserFactory(role=Role.COMITE))
    other = type(client)()
    other.force_login(UserFactory(role=Role.COMITE))
    url = reverse("v1:availability-list")
    answers = [client.get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 120
    assert other.get(url).status_code == 200  # each caller its own count


def test_the_previous_window_weighs_in_proportion_to_what_is_left_of_it():
    # 60 s windows: 10 hits in the one from 600 s, then the next one (from 660 s) counts them as previous.
    assert window_hits("k", 60, now=600.0) == (1, 0)
    for second in range(9):
        window_hits("k", 60, now=601.0 + second)
    assert window_hits("k", 60, now=690.0) == (1, 10)
    assert window_hits("k", 60, now=691.0) == (2, 10)
    # A window with nothing before it: the older count no longer matters.
    assert window_hits("k", 60, now=900.0) == (1, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="unlogged tables are PostgreSQL's")
def test_the_counts_are_not_written_ahead_on_postgresql():
    # A count lost in a crash costs nothing; a WAL flush at each API request costs milliseconds.
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [RateWindow._meta.db_table])
        assert cursor.fetchone() == ("u",)


def test_a_long_identity_is_counted_under_a_key_that_fits():
    ident = "throttle_session_" + "203.0.113.7," * 40  # a forwarded chain longer than the column
    assert window_hits(ident, 60, now=0.0) == (1, 0)
    assert window_hits(ident, 60, now=1.0) == (2, 0)
    assert window_hits(ident + "x", 60, now=1.0) == (1, 0)
