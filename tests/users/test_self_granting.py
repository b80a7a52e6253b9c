"""Rights that cannot be self-granted: the admin role can propose, never give itself person data."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from relais.api.models import ApiKey
from relais.users.enums import Role
from relais.users.models import AccessGrant, RightsEvent
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.helpers import messages_of, select_one, text, text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, synced_roles):
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    client.admin = admin
    return client


def _propose(client, user, role, organization=None):
    return client.post(
        reverse("admin:users_accessgrant_add"),
        {
            "user": user.pk,
            "organization": (organization or OrganizationFactory()).pk,
            "role": role,
            "valid_from": timezone.localdate().isoformat(),
        },
        follow=True,
    )


def _create_key(client, role):
    response = client.post(
        reverse("admin:api_apikey_add"),
        {"name": "Logiciel", "organization": OrganizationFactory().pk, "role": role},
        follow=True,
    )
    notice = next(m for m in messages_of(response) if "ne sera plus jamais affichée" in m)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {notice.rsplit(' ', 1)[-1]}")
    return api, ApiKey.objects.get()


def test_admin_cannot_grant_itself_coordination(admin_client):
    assert _propose(admin_client, admin_client.admin, Role.COORDINATION).status_code == 200
    admin_client.admin.refresh_from_db()
    assert admin_client.get(reverse("people:person_list")).status_code == 403
    grant = AccessGrant.objects.get(role=Role.COORDINATION)
    assert grant.status == AccessGrant.Status.PROPOSED and grant.proposed_by == admin_client.admin


def test_admin_cannot_turn_a_grant_into_coordination(admin_client):
    own = admin_client.admin.grants.get()
    admin_client.post(
        reverse("admin:users_accessgrant_change", args=[own.pk]),
        {
            "user": own.user_id,
            "organization": own.organization_id,
            "role": Role.COORDINATION,
            "valid_from": own.valid_from.isoformat(),
        },
    )
    own.refresh_from_db()
    assert own.role == Role.ADMIN
    assert admin_client.get(reverse("people:person_list")).status_code == 403


def test_a_coordination_key_reads_nothing_until_a_coordinator_of_another_organisation_approves(admin_client, client):
    api, key = _create_key(admin_client, Role.COORDINATION)
    assert api.get(reverse("v1:person-list")).status_code == 403
    grant = key.user.grants.get()
    same_org = UserFactory(role=Role.COORDINATION, organization=admin_client.admin.organization)
    other = UserFactory(role=Role.COORDINATION)
    admin_client.logout()
    client.force_login(same_org)
    client.post(reverse("grants:approve", args=[grant.pk]))
    assert api.get(reverse("v1:person-list")).status_code == 403
    client.force_login(other)
    response = client.get(reverse("grants:pending"))
    assert key.name in text_of(response)
    client.post(reverse("grants:approve", args=[grant.pk]))
    assert api.get(reverse("v1:person-list")).status_code == 200
    kinds = list(RightsEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["grant_proposed", "key_created", "grant_approved"]


def test_a_key_grant_cannot_be_edited_after_creation(admin_client):
    api, key = _create_key(admin_client, Role.POLICE)
    grant = key.user.grants.get()
    admin_client.post(
        reverse("admin:users_accessgrant_change", args=[grant.pk]),
        {
            "user": grant.user_id,
            "organization": grant.organization_id,
            "role": Role.COORDINATION,
            "valid_from": grant.valid_from.isoformat(),
        },
    )
    grant.refresh_from_db()
    assert grant.role == Role.POLICE == key.role
    assert api.get(reverse("v1:person-list")).status_code == 403


def test_nobody_approves_their_own_grant(admin_client, client):
    coordinator = UserFactory(role=Role.COORDINATION)
    _propose(admin_client, coordinator, Role.COORDINATION, coordinator.organization)
    proposal = AccessGrant.objects.get(status=AccessGrant.Status.PROPOSED)
    client.force_login(coordinator)
    response = client.post(reverse("grants:approve", args=[proposal.pk]), follow=True)
    assert "vous-même" in " ".join(messages_of(response))
    proposal.refresh_from_db()
    assert proposal.status == AccessGrant.Status.PROPOSED


def test_a_refused_grant_gives_nothing_and_the_auditor_sees_every_step(admin_client, client):
    marauder = UserFactory()
    _propose(admin_client, marauder, Role.MARAUDE)
    proposal = AccessGrant.objects.get(status=AccessGrant.Status.PROPOSED)
    client.force_login(UserFactory(role=Role.COORDINATION))
    client.post(reverse("grants:refuse", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == AccessGrant.Status.REFUSED
    client.force_login(marauder)
    assert client.get(reverse("people:person_list")).status_code == 403

    client.force_login(UserFactory(role=Role.AUDITEUR))
    response = client.get(reverse("audit:rights"))
    assert response.status_code == 200
    assert [e.kind for e in response.context["page"]] == ["grant_refused", "grant_proposed"]
    response = client.get(reverse("audit:rights"), {"kind": "grant_refused"})
    assert [e.subject_username for e in response.context["page"]] == [marauder.username]
    assert texts(response, "tbody tr td:nth-of-type(5)") == [marauder.username]
    # By account, the author's or the one concerned: the marauder is concerned by both steps.
    response = client.get(reverse("audit:rights"), {"username": marauder.username})
    assert [e.kind for e in response.context["page"]] == ["grant_refused", "grant_proposed"]
    response = client.get(reverse("audit:rights"), {"username": "personne"})
    assert texts(response, "tbody td") == ["Aucun évènement."]
    # A wrong search shows why, and nothing.
    response = client.get(reverse("audit:rights"), {"start": "2030-01-02", "end": "2030-01-01"})
    assert text(select_one(response, "#id_end-desc-error")) == "La date de fin doit suivre la date de début."
    assert list(response.context["page"]) == []


def test_non_person_roles_need_no_second_person_but_are_logged(admin_client):
    user = UserFactory()
    _propose(admin_client, user, Role.POLICE)
    user = type(user).objects.get(pk=user.pk)
    assert user.role == Role.POLICE
    assert RightsEvent.objects.get().kind == "grant_approved"


def test_revoking_a_grant_is_logged_and_ends_it(admin_client):
    user = UserFactory(role=Role.POLICE)
    grant = user.grants.get()
    admin_client.post(
        reverse("admin:users_accessgrant_changelist"),
        {"action": "revoke", "_selected_action": [grant.pk]},
    )
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.REVOKED
    assert type(user).objects.get(pk=user.pk).role is None
    assert RightsEvent.objects.get().kind == "grant_revoked"


def test_only_auditor_reads_rights_events(client):
    for role in Role:
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("audit:rights")).status_code == (200 if role == Role.AUDITEUR else 403)


def test_the_superuser_flag_widens_no_object_rule(client):
    marauder = UserFactory(role=Role.OPERATEUR, is_superuser=True, is_staff=True)
    foreign = StructureFactory()
    assert not marauder.has_perm("structures.manage_structure", foreign)
    client.force_login(marauder)
    response = client.post(reverse("board:declare", args=[foreign.pk]), {"inchange": "1"})
    assert response.status_code in {403, 404}
    assert client.get(reverse("admin:index")).status_code == 302
