"""Break-glass: a soignant, maraude or operateur reaches one person outside their scope, briefly.

The person becomes visible to the user through `PersonQuerySet.visible_to` while the access lasts
(RELAIS_BREAK_GLASS_MINUTES); each page read is logged as any other access, and the auditor
reviews every break-glass in its own list.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relais.identity.enums import SecurityEventKind
from relais.identity.models import BreakGlassAccess, SecurityEvent
from relais.notifications.events import on_break_glass
from relais.users.enums import Role

BREAK_GLASS_ROLES = frozenset({Role.SOIGNANT, Role.MARAUDE, Role.OPERATEUR})
ERROR_REASON = (
    "Indiquez le motif de l'urgence (au moins 20 caractères) : il sera lu par le délégué à la protection des données."
)
ERROR_ROLE = "Votre rôle ne permet pas le bris de glace."
MIN_REASON_LENGTH = 20


@transaction.atomic
def break_glass_open(*, user, person, reason: str) -> BreakGlassAccess:
    if user.role not in BREAK_GLASS_ROLES:
        raise ValidationError(ERROR_ROLE)
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": ERROR_REASON})
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=user,
        person=person,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(minutes=settings.RELAIS_BREAK_GLASS_MINUTES),
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.BREAK_GLASS, actor=user, username=user.get_username(), until=access.expires_at
    )
    on_break_glass(access)
    return access


def break_glass_review(*, access: BreakGlassAccess, reviewer, comment: str) -> None:
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        reviewed_at=timezone.now(), reviewed_by=reviewer, review_comment=comment.strip()
    )


# person id → expiry timestamp, kept in the session so that the banner costs no query.
SESSION_KEY = "relais_break_glass"


def break_glass_remember(request, access: BreakGlassAccess) -> None:
    opened = request.session.get(SESSION_KEY, {})
    opened[str(access.person_id)] = access.expires_at.timestamp()
    request.session[SESSION_KEY] = opened


def break_glass_banner_until(request, person_id):
    """When the page shows a person reached by break-glass: the access's end, for the banner."""
    expires = request.session.get(SESSION_KEY, {}).get(str(person_id)) if person_id else None
    if expires is None or expires <= timezone.now().timestamp():
        return None
    return timezone.datetime.fromtimestamp(expires, tz=timezone.get_current_timezone())
