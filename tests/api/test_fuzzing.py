"""Schemathesis generates requests from our OpenAPI schema: never a 500, never a response off-schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from relais.users.enums import Role
from tests.factories import StructureFactory

ROLES = [Role.COORDINATION, Role.OPERATEUR, Role.POLICE]


# Loaded at collection: the schema view is public and touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


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
