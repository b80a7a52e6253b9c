from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url

from relais.identity.sessions import session_expired

MESSAGE_EXPIRED = "Votre session a expiré : reconnectez-vous."


class SessionLifetimeMiddleware:
    """Sign out a session past its idle time or absolute lifetime (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_expired(request):
            logout(request)
            messages.info(request, MESSAGE_EXPIRED)
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
