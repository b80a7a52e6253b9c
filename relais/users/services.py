import datetime
from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relais.users.enums import PERSON_DATA_ROLES, GrantStatus, RightsEventKind, Role
from relais.users.models import AccessGrant, RightsEvent
from relais.users.roles import ROLE_PERMISSIONS


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Make one group per role carry exactly the permissions the code gives it."""
    counts = {}
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
        counts[str(role)] = len(permissions)
    return counts


ERROR_NOT_PROPOSED = "Cette habilitation n'est plus en attente d'approbation."
ERROR_APPROVER_ROLE = "Seule la coordination approuve une habilitation donnant accès aux données individuelles."
ERROR_APPROVER_SELF = (
    "Vous ne pouvez pas approuver une habilitation pour vous-même ni une habilitation que vous avez proposée."
)
ERROR_APPROVER_ORGANIZATION = (
    "L'habilitation doit être approuvée par la coordination d'une autre organisation que celle qui l'a proposée."
)
ERROR_ALREADY_ENDED = "Cette habilitation est déjà refusée ou révoquée."


# Called with each new RightsEvent, in its transaction: the layers above plug in here (notifications).
RIGHTS_EVENT_LISTENERS: list[Callable[[RightsEvent], None]] = []


def rights_event_record(*, kind: str, actor, grant: AccessGrant, key_prefix: str = "") -> RightsEvent:
    """Append one rights event: the auditor follows every proposal, decision, key and revocation."""
    actor_grant = actor.active_grant if actor is not None else None
    event = RightsEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        actor_organization=actor_grant.organization.name if actor_grant else "",
        subject_username=grant.user.get_username(),
        organization=grant.organization.name,
        role=grant.role,
        grant=grant,
        key_prefix=key_prefix,
    )
    for listener in RIGHTS_EVENT_LISTENERS:
        listener(event)
    return event


@transaction.atomic
def grant_propose(
    *,
    user,
    organization,
    role: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    by,
    key_prefix: str = "",
) -> AccessGrant:
    """A new grant. One reaching person data waits for a second person (grant_approve); any other
    is in force at once, as the roles without person data already go through the admin alone."""
    grant = AccessGrant(
        user=user, organization=organization, role=role, valid_from=valid_from, valid_until=valid_until, proposed_by=by
    )
    grant.full_clean()
    if role in PERSON_DATA_ROLES:
        grant.save()
        rights_event_record(kind=RightsEventKind.GRANT_PROPOSED, actor=by, grant=grant, key_prefix=key_prefix)
    else:
        grant.status, grant.decided_by, grant.decided_at = GrantStatus.APPROVED, by, timezone.now()
        grant.save()
        rights_event_record(kind=RightsEventKind.GRANT_APPROVED, actor=by, grant=grant, key_prefix=key_prefix)
    return grant


def _check_approver(grant: AccessGrant, by) -> None:
    if grant.status != GrantStatus.PROPOSED:
        raise ValidationError(ERROR_NOT_PROPOSED)
    if by.role != Role.COORDINATION:
        raise ValidationError(ERROR_APPROVER_ROLE)
    if by.pk in {grant.user_id, grant.proposed_by_id}:
        raise ValidationError(ERROR_APPROVER_SELF)
    proposer = grant.proposed_by
    if proposer is not None and proposer.organization is not None and proposer.organization == by.organization:
        raise ValidationError(ERROR_APPROVER_ORGANIZATION)


def _decide(grant: AccessGrant, *, status: str, by) -> None:
    grant.status, grant.decided_by, grant.decided_at = status, by, timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])


def _key_prefix(grant: AccessGrant) -> str:
    return getattr(getattr(grant.user, "api_key", None), "prefix", "")


@transaction.atomic
def grant_approve(*, grant: AccessGrant, by) -> AccessGrant:
    """Coordination of another organisation than the proposer's puts a proposed grant in force."""
    grant = AccessGrant.objects.select_for_update().select_related("user", "organization").get(pk=grant.pk)
    _check_approver(grant, by)
    _decide(grant, status=GrantStatus.APPROVED, by=by)
    rights_event_record(kind=RightsEventKind.GRANT_APPROVED, actor=by, grant=grant, key_prefix=_key_prefix(grant))
    return grant


@transaction.atomic
def grant_refuse(*, grant: AccessGrant, by) -> AccessGrant:
    """Any coordination user may refuse a proposal; it then never gives anything."""
    grant = AccessGrant.objects.select_for_update().select_related("user", "organization").get(pk=grant.pk)
    if grant.status != GrantStatus.PROPOSED:
        raise ValidationError(ERROR_NOT_PROPOSED)
    if by.role != Role.COORDINATION:
        raise ValidationError(ERROR_APPROVER_ROLE)
    _decide(grant, status=GrantStatus.REFUSED, by=by)
    rights_event_record(kind=RightsEventKind.GRANT_REFUSED, actor=by, grant=grant, key_prefix=_key_prefix(grant))
    return grant


@transaction.atomic
def grant_revoke(*, grant: AccessGrant, by) -> None:
    """End a grant for good (proposed or in force); a new right is a new proposal."""
    grant = AccessGrant.objects.select_for_update().select_related("user", "organization").get(pk=grant.pk)
    if grant.status in {GrantStatus.REFUSED, GrantStatus.REVOKED}:
        raise ValidationError(ERROR_ALREADY_ENDED)
    _decide(grant, status=GrantStatus.REVOKED, by=by)
    rights_event_record(kind=RightsEventKind.GRANT_REVOKED, actor=by, grant=grant, key_prefix=_key_prefix(grant))
