"""Schemathesis generates requests from our OpenAPI schema: never a 500, never a response off-schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from relais.users.enums import Role
from tests.factories import StructureFactory

ROLES = [Role.COORDINATION, Role.OPERATEUR, Role.POLICE]


# Loaded at collection: the schema view is public and touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application directly, whose request signals would close the test
    transaction's connection (Django's test client disconnects them the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_keys(key_for):
    """One key per role; the operator's organisation runs a structure so that its writes are reachable."""
    structure = StructureFactory(places=4, occupied=1)
    keys = {}
    for role in ROLES:
        api = key_for(role, structure.operator if role == Role.OPERATEUR else None)
        keys[role] = api._credentials["HTTP_AUTHORIZATION"]
    return keys


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_and_keeps_to_its_schema(case, role_keys):
    for key in role_keys.values():
        response = case.call(headers={"Authorization": key})
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
