from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from relais.identity import proconnect
from relais.identity.second_factor import has_second_factor, second_factor_missing
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
            if request.headers.get("HX-Request") == "true":
                # A fragment (the header's polled count) must not receive the login page: the whole page goes.
                return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SecondFactorMiddleware:
    """Send a signed-in user who owes a second factor to give it (or enrol) before anything else.

    Views marked `second_factor_exempt` (the second-factor pages, sign-out) and public views pass.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if getattr(view_func, "relais_second_factor_exempt", False) or getattr(view_func, "relais_public", False):
            return None
        if not second_factor_missing(request):
            return None
        target = "accounts:second_factor" if has_second_factor(request.user) else "accounts:second_factor_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def second_factor_exempt(view):
    view.relais_second_factor_exempt = True
    return view


class ProConnectFormActionMiddleware:
    """Let the page's forms lead to ProConnect: the sign-in button (a form) and the sign-out form are
    redirected to the provider, and Chromium applies the CSP `form-action` to those redirects too.
    Listed after CSPMiddleware, so that its update is read when the header is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = proconnect.provider_origins()
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response
