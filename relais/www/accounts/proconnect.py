"""ProConnect's pages: the library's views, reading the provider's endpoints from discovery."""

import logging

from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.views.generic import View
from mozilla_django_oidc import views as oidc_views

from relais.identity.models import AccessRequest
from relais.identity.proconnect import ACCESS_REQUEST_SESSION_KEY, enabled, oidc_setting
from relais.users.access import public

logger = logging.getLogger(__name__)


class LoginView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        # The library reads the provider's endpoints here; only once ProConnect is configured (in get).
        View.__init__(self, **kwargs)

    def get(self, request):
        if not enabled():
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not enabled():
            raise Http404
        # A token refused (signature, audience, issuer, expiry, nonce, state) is a failed sign-in.
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            logger.warning("ProConnect sign-in refused: %s", exc)
            return self.login_failure()


class LogoutView(oidc_views.OIDCLogoutView):
    """Sign out of Relais and, after a ProConnect sign-in, of ProConnect too."""

    get_settings = staticmethod(oidc_setting)


@public
def failure(request):
    """After ProConnect: an unknown email is told whom to ask; any other failure, to try again."""
    pk = request.session.pop(ACCESS_REQUEST_SESSION_KEY, None)
    access_request = AccessRequest.objects.filter(pk=pk).first() if pk else None
    return render(request, "accounts/proconnect_failure.html", {"access_request": access_request}, status=403)
