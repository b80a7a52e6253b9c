"""ProConnect (OpenID Connect) sign-in with mozilla-django-oidc.

The provider's endpoints come from its discovery document (`PROCONNECT_ISSUER`), unless set one by
one. On top of the library: the ID token's audience, issuer and expiry are checked; signing in
never creates an account (an unknown email becomes an access request for coordination); and the
provider's word that more than one factor was used (`acr`, `amr`) stands for Relais's own.
"""

from functools import cache
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings

from relais.identity.models import AccessRequest
from relais.identity.second_factor import PROVIDER_MFA_SESSION_KEY
from relais.users.models import Organization

ACCESS_REQUEST_SESSION_KEY = "relais_access_request"
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.PROCONNECT_ISSUER)


@cache
def discovery(issuer: str) -> dict:
    response = requests.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=10)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ImproperlyConfigured("Le fournisseur d'identité annonce un autre émetteur que PROCONNECT_ISSUER.")
    return document


def oidc_setting(attr, *args):
    """mozilla-django-oidc's settings, the endpoints read from discovery when not set explicitly."""
    if attr in _DISCOVERED and not getattr(settings, attr, ""):
        return discovery(settings.PROCONNECT_ISSUER)[_DISCOVERED[attr]]
    return import_from_settings(attr, *args)


def claims_say_multi_factor(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return claims.get("acr") in settings.PROCONNECT_MFA_ACR_VALUES or "mfa" in amr


class ProConnectBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Endpoints are read when a ProConnect callback is handled, not at every password sign-in.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    # Authentication only: permissions come from the grant (GrantBackend). The library's backend is a
    # ModelBackend, whose permission cache on the user would otherwise hide the grant's.
    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def authenticate(self, request, **kwargs):
        if request is None or not enabled() or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """The library checks the signature only: the token must also be for us, from our provider, current."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("Algorithme de signature inattendu.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.PROCONNECT_ISSUER,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"Jeton d'identité refusé : {exc.__class__.__name__}") from exc

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (the userinfo JWT has no nonce)
            self.request.session[PROVIDER_MFA_SESSION_KEY] = claims_say_multi_factor(payload)
        return payload

    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        """Never an account: an access request that coordination sees."""
        siret = str(claims.get("siret") or "")
        request = AccessRequest.objects.create(
            email=claims.get("email", ""),
            first_name=claims.get("given_name", "")[:150],
            last_name=(claims.get("usual_name") or claims.get("family_name") or "")[:150],
            siret=siret[:14],
            organization=Organization.objects.filter(siret=siret).first() if siret else None,
        )
        self.request.session[ACCESS_REQUEST_SESSION_KEY] = request.pk
        self.request.session.save()
        return None


def provider_logout_url(request) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: end the ProConnect session too when the user came through it."""
    back = absolutify(request, reverse(settings.LOGOUT_REDIRECT_URL))
    id_token = request.session.get("oidc_id_token")
    if not id_token or not enabled():
        return back
    endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT")
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": back, "state": get_random_string(32)})
    return f"{endpoint}?{query}"


def provider_origins() -> list[str]:
    """The origins the browser is sent to by a form (sign-in button, sign-out): the issuer's, and
    those of endpoints set explicitly. Read from settings only: no network call on every page."""
    if not enabled():
        return []
    urls = [settings.PROCONNECT_ISSUER, settings.OIDC_OP_AUTHORIZATION_ENDPOINT]
    urls.append(getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", ""))
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
