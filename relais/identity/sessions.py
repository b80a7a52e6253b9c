"""Sessions that end: after an idle time for person-data roles, always after an absolute lifetime.

Each session carries when it signed in, when it was last used and when its user last proved who
they are (password, second factor); `require_recent_auth` asks again before the riskiest actions.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from relais.identity.client_ip import client_ip
from relais.identity.enums import SecurityEventKind
from relais.identity.models import SecurityEvent, UserSession
from relais.users.access import AUTH_AT, session_now
from relais.users.enums import PERSON_DATA_ROLES

LOGIN_AT, SEEN_AT = "relais_login_at", "relais_seen_at"
# Writing the last activity at most once a minute keeps a request from always writing the session.
SEEN_PRECISION = timedelta(minutes=1)
# Sent by requests the page makes on its own (the header's notification count): not the user's activity.
BACKGROUND_HEADER = "X-Relais-Background"


def session_started(request, user) -> None:
    """At sign-in (user_logged_in): stamp the session and list it among the user's sessions."""
    now = session_now()
    request.session[LOGIN_AT] = request.session[SEEN_AT] = request.session[AUTH_AT] = now
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "ip_address": client_ip(request) or None,
        },
    )


def session_ended(request) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def idle_timeout(user) -> timedelta | None:
    if getattr(user, "role", None) in PERSON_DATA_ROLES:
        return timedelta(minutes=settings.RELAIS_IDLE_TIMEOUT_MINUTES)
    return None


def session_expired(request) -> bool:
    """True when the signed-in session is past its idle time or its absolute lifetime."""
    session, now = request.session, session_now()
    login_at = session.setdefault(LOGIN_AT, now)
    seen_at = session.get(SEEN_AT, now)
    if now - login_at > settings.RELAIS_SESSION_MAX_HOURS * 3600:
        return True
    idle = idle_timeout(request.user)
    if idle is not None and now - seen_at > idle.total_seconds():
        return True
    if request.headers.get(BACKGROUND_HEADER) == "1":
        return False  # a poll keeps no idle session alive
    if now - seen_at >= SEEN_PRECISION.total_seconds():
        session[SEEN_AT] = now
        UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
    return False


def active_sessions(user):
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=live)


@transaction.atomic
def sign_out_everywhere(*, user) -> int:
    """End every session of the user, this one included, and leave a trace for the auditor."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    SecurityEvent.objects.create(kind=SecurityEventKind.SIGN_OUT_EVERYWHERE, actor=user, username=user.get_username())
    return len(keys)


def auth_confirmed(request) -> None:
    request.session[AUTH_AT] = session_now()
