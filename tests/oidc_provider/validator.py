from pathlib import Path

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def _mode() -> str:
    path = Path(settings.PROVIDER_MODE_FILE) if settings.PROVIDER_MODE_FILE else None
    return path.read_text().strip() if path and path.exists() else ""


class ProConnectLikeValidator(OAuth2Validator):
    """ProConnect's claims (email, given_name, usual_name, siret, acr, amr) in the ID token."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        claims = dict(settings.PROVIDER_CLAIMS.get(request.user.username, {}))
        if _mode() == "wrong_audience":
            claims["aud"] = "un-autre-service"
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        if _mode() == "expired":
            claims["exp"] = claims["auth_time"] - 3600
        return claims, expiration
