"""JSON logs with a request id and no person data, the metrics behind their token, error reports scrubbed."""

import html
import io
import json
import logging
import uuid

import pytest
import sentry_sdk
from django.test import Client
from pythonjsonlogger.json import JsonFormatter
from sentry_sdk.transport import Transport

from relais.ops.sentry import event_scrub, sentry_init
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.people.test_sentinel import ALIAS, NOTE, _fill, _routes, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_logs():
    """The configured JSON console handler, written to a buffer, everything at DEBUG."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if isinstance(h.formatter, JsonFormatter))
    buffer = io.StringIO()
    previous_stream = handler.setStream(buffer)
    levels = {name: logging.getLogger(name).level for name in ("", "relais", "django")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield buffer
    handler.setStream(previous_stream)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_each_response_carries_a_request_id_and_accepts_only_an_id_like_one(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert uuid.UUID(generated)
    incoming = str(uuid.uuid4())
    assert client.get("/healthz", headers={"X-Request-ID": incoming})["X-Request-ID"] == incoming
    assert client.get("/healthz", headers={"X-Request-ID": "ab12cd34"})["X-Request-ID"] == "ab12cd34"
    for junk in ("<script>", "x", "a" * 200, "ok ok ok ok", f"{ALIAS}"):
        replaced = client.get("/healthz", headers={"X-Request-ID": junk})["X-Request-ID"]
        assert replaced != junk and uuid.UUID(replaced)


def test_logs_are_json_lines_with_the_request_id(client, json_logs):
    response = client.get("/healthz?personne=x")
    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    request_lines = [line for line in lines if line["logger"] == "relais.requests"]
    assert request_lines == [
        {
            "time": request_lines[0]["time"],
            "level": "INFO",
            "logger": "relais.requests",
            "message": "request",
            "request_id": response["X-Request-ID"],
            "method": "GET",
            "path": "/healthz",
            "status": 200,
            "duration_ms": request_lines[0]["duration_ms"],
        }
    ]


def test_a_full_sentinel_walk_logs_no_person_data(client, world, json_logs):  # noqa: F811
    walkers = [world["users"]["coordination"][0], world["users"]["soignant en charge"][0]]
    for user in walkers:
        client.force_login(user)
        for route in _routes():
            client.get(_fill(route, world["ids"]))
        client.get("/personnes/", {"q": ALIAS})  # a search for the person: its terms stay out of the logs
        client.get("/personnes/inconnue/", {"q": ALIAS})
    logs = html.unescape(json_logs.getvalue())
    assert logs.count('"message": "request"') > 50  # the walk was logged
    assert ALIAS not in logs
    assert NOTE not in logs
    assert "Sentinelle" not in logs and "SENTINELLE" not in logs


def test_metrics_answer_only_with_their_own_token(client, settings):
    settings.RELAIS_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.RELAIS_METRICS_TOKEN = "jeton-metriques-0123456789"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer faux"}).status_code == 401
    client.force_login(UserFactory(role=Role.ADMIN))  # a session is not enough
    assert client.get("/metrics").status_code == 401
    client.logout()
    response = client.get("/metrics", headers={"Authorization": "Bearer jeton-metriques-0123456789"})
    assert response.status_code == 200
    assert "django_http_requests_total_by_method_total" in response.content.decode()


class _Captured(Transport):
    envelopes: list = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


def test_errors_are_reported_and_logged_without_body_query_or_message(monkeypatch, json_logs):
    def fail():
        raise ValueError(f"{ALIAS} {NOTE}")

    monkeypatch.setattr("relais.www.core.views.readiness", fail)
    _Captured.envelopes = []
    sentry_init("https://public@sentry.invalid/1", transport=_Captured)
    try:
        response = Client(raise_request_exception=False).get("/readyz", {"q": ALIAS}, headers={"X-Note": "a"})
        sentry_sdk.flush()
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: reporting off again
    assert response.status_code == 500
    events = [item.payload.json for envelope in _Captured.envelopes for item in envelope.items if item.type == "event"]
    assert len(events) == 1
    dumped = json.dumps(events[0], ensure_ascii=False)
    assert events[0]["exception"]["values"][0]["type"] == "ValueError"
    assert ALIAS not in dumped and "Sentinelle" not in dumped and NOTE not in dumped
    logged = json.loads(next(line for line in json_logs.getvalue().splitlines() if "Internal Server Error" in line))
    assert (
        logged["exc_info"].endswith("builtins.ValueError")
        and 'raise ValueError(f"{ALIAS} {NOTE}")' in logged["exc_info"]
    )
    assert "Sentinelle" not in json_logs.getvalue() and "SENTINELLE" not in json_logs.getvalue()


def test_scrub_drops_bodies_queries_messages_and_breadcrumbs():
    event = {
        "request": {
            "url": "https://relais/p/?q=nom",
            "query_string": "q=nom",
            "data": {"alias": "nom"},
            "cookies": "s",
        },
        "exception": {"values": [{"type": "IntegrityError", "value": "Key (alias)=(nom)"}]},
        "breadcrumbs": {"values": [{"message": "nom"}]},
        "extra": {"alias": "nom"},
    }
    assert "nom" not in json.dumps(event_scrub(event, {}))
    assert event["exception"]["values"][0]["type"] == "IntegrityError"
