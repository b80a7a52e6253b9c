"""Sign-in failures: delays that double with each lockout instead of a lockout an attacker can hold.

django-axes counts failures per account and, separately, per client address
(`AXES_LOCKOUT_PARAMETERS`). After `AXES_FAILURE_LIMIT` failures it refuses further attempts for
the cool-off computed here: `RELAIS_LOCKOUT_BASE_MINUTES`, doubled for every lockout of the same
account or address in the last 24 hours, at most 24 hours. Guessing from rotating addresses is
thus slowed on the account; a shared address slows only its own guesses.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from relais.identity.enums import SecurityEventKind
from relais.identity.models import SecurityEvent

MAX_COOL_OFF = timedelta(hours=24)


def _same_account_or_address(username: str, ip_address: str) -> Q | None:
    match = Q()
    if username:
        match |= Q(username=username)
    if ip_address:
        match |= Q(ip_address=ip_address)
    return match or None


def _recent_lockouts(username: str, ip_address: str) -> int:
    match = _same_account_or_address(username, ip_address)
    if match is None:
        return 0
    since = timezone.now() - timedelta(hours=24)
    return SecurityEvent.objects.filter(match, kind=SecurityEventKind.LOCKOUT, occurred_at__gte=since).count()


def cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: the window in which failures count, and the lockout that follows."""
    base = timedelta(minutes=settings.RELAIS_LOCKOUT_BASE_MINUTES)
    if request is None:
        return base
    username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "") if request.method == "POST" else ""
    lockouts = _recent_lockouts(username, getattr(request, "axes_ip_address", ""))
    # The lockout in force is one of them: its own cool-off is base * 2**(n-1).
    return min(base * 2 ** max(0, lockouts - 1), MAX_COOL_OFF)


def lockout_record(*, username: str, ip_address: str, request=None) -> SecurityEvent | None:
    """Record a lockout once (axes signals again at every refused attempt while it lasts)."""
    now = timezone.now()
    match = _same_account_or_address(username, ip_address)
    if match is not None and SecurityEvent.objects.active_lockouts().filter(match).exists():
        return None
    event = SecurityEvent.objects.create(
        kind=SecurityEventKind.LOCKOUT, username=username or "", ip_address=ip_address or None, until=now
    )
    event.until = now + cool_off(request)
    event.save(update_fields=["until"])
    return event
