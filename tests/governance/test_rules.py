"""Who may, role by role (the predicates the views ask)."""

import pytest

from relais.users.enums import ALL_ROLES, OrganizationKind, Role
from tests.factories import OrganizationFactory, UserFactory
from tests.governance.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_governance_read_and_write(role):
    user = UserFactory(role=role)
    assert user.has_perm("governance.read") == (
        role in {Role.COORDINATION, Role.COMITE, Role.VILLE, Role.POLICE, Role.OPERATEUR, Role.SOIGNANT}
    )
    assert user.has_perm("governance.edit") == (role in {Role.COORDINATION, Role.COMITE})


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
@pytest.mark.parametrize("kind", sorted(OrganizationKind))
def test_who_gives_an_opinion_on_premises(role, kind):
    user = UserFactory(role=role, organization=OrganizationFactory(kind=kind))
    state = kind in {OrganizationKind.ARS, OrganizationKind.PREFECTURE, OrganizationKind.POLICE}
    assert user.has_perm("premises.review") == (state and role in {Role.COORDINATION, Role.COMITE, Role.POLICE})


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_premises_pipeline_permissions(role):
    proposal = ProposalFactory()
    own = role == Role.VILLE
    user = UserFactory(role=role, organization=proposal.proposed_by if own else None)
    assert user.has_perm("premises.read") == (role != Role.MARAUDE)
    assert user.has_perm("premises.propose") == (role == Role.VILLE)
    assert user.has_perm("premises.move") == (role == Role.COORDINATION)
    assert user.has_perm("premises.edit_proposal", proposal) == own
    assert user.has_perm("premises.document", proposal) == (role in {Role.VILLE, Role.COORDINATION})
    assert user.has_perm("premises.record_blocker", proposal) == (role in {Role.VILLE, Role.COORDINATION})


def test_expired_grant_gives_nothing():
    user = UserFactory(role=Role.COORDINATION, expired=True)
    assert not user.has_perm("governance.read")
    assert not user.has_perm("premises.read")
