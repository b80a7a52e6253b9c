"""Which roles reach which view. Every view of the application declares it (a test checks)."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

ERROR_NO_GRANT = (
    "Votre habilitation n'est plus en vigueur. Demandez à l'administrateur de votre organisation de la renouveler."
)
ERROR_ROLE = "Votre rôle ne donne pas accès à cette page."


def require_roles(*roles):
    """Let through only users whose grant in force has one of `roles`; others get 403 (objects: 404)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            grant = request.user.active_grant
            if grant is None:
                return render(request, "core/no_grant.html", {"message": ERROR_NO_GRANT}, status=403)
            if grant.role not in allowed:
                raise PermissionDenied(ERROR_ROLE)
            return view(request, *args, **kwargs)

        wrapped.relais_roles = allowed
        return wrapped

    return decorator


def public(view):
    """A page reachable without login (health check, accessibility statement, open data)."""
    view = login_not_required(view)
    view.relais_public = True
    return view


def signed_in(view):
    """A page of the signed-in user's own account (sessions, second factor): any role, even none."""
    from relais.users.enums import ALL_ROLES

    view.relais_roles = ALL_ROLES
    return view


# When the user last proved who they are (sign-in, or confirmation by password and second factor).
AUTH_AT = "relais_auth_at"


def session_now() -> float:
    return timezone.now().timestamp()


def recently_authenticated(request) -> bool:
    auth_at = request.session.get(AUTH_AT)
    return auth_at is not None and session_now() - auth_at <= settings.RELAIS_REAUTH_MINUTES * 60


def require_recent_auth(view):
    """Before a merge, an export or a grant change: the user proved who they are a few minutes ago.

    Otherwise they confirm (password, and second factor when they have one) and come back: a
    GET to the same page, a POST to the page it was sent from.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if recently_authenticated(request):
            return view(request, *args, **kwargs)
        if request.method == "GET":
            back = request.get_full_path()
        else:
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                back = settings.LOGIN_REDIRECT_URL
        return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': back})}")

    return wrapped
