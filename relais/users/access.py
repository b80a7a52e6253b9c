"""Which roles reach which view. Every view of the application declares it (a test checks)."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

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
