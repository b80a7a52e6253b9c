import pytest

from relais.users.enums import Role
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_organisation_running_a_structure_is_any_for_coordination_its_own_for_an_operator():
    own, other = OrganizationFactory(), OrganizationFactory()
    operator = UserFactory(role=Role.OPERATEUR, organization=own)
    assert operator.has_perm("structures.assign_operator", own)
    assert not operator.has_perm("structures.assign_operator", other)
    coordination = UserFactory(role=Role.COORDINATION)
    assert coordination.has_perm("structures.assign_operator", other)
    for role in (Role.MARAUDE, Role.COMITE, Role.POLICE):
        assert not UserFactory(role=role, organization=own).has_perm("structures.assign_operator", own)
