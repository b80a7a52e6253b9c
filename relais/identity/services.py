"""Coordination's actions on accounts; each one leaves a security event for the auditor."""

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone

from relais.identity.enums import SecurityEventKind
from relais.identity.models import AccessRequest, SecurityEvent


@transaction.atomic
def lockout_lift(*, actor, event: SecurityEvent) -> SecurityEvent:
    """End a lockout now: forget the failures of its account and address, and say who did it."""
    if event.username:
        axes_reset(username=event.username)
    if event.ip_address:
        axes_reset(ip=event.ip_address)
    now = timezone.now()
    SecurityEvent.objects.active_lockouts().filter(pk=event.pk).update(lifted_at=now)
    return SecurityEvent.objects.create(
        kind=SecurityEventKind.UNLOCK, actor=actor, username=event.username, ip_address=event.ip_address
    )


def access_request_handle(*, actor, access_request: AccessRequest) -> None:
    """Coordination answered the request (account created in the administration, or refused)."""
    AccessRequest.objects.filter(pk=access_request.pk, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=actor
    )
