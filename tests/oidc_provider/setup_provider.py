"""Create the provider's users and the Relais client (run with the provider's settings)."""

import json
import os
import sys

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

relais_url = sys.argv[1]
for username, claims in json.loads(os.environ["PROVIDER_CLAIMS"]).items():
    User.objects.create_user(username=username, password="mot-de-passe-fournisseur", email=claims.get("email", ""))
Application.objects.create(
    name="Relais",
    client_id="relais-test",
    client_secret="secret-relais-test",
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=f"{relais_url}/accounts/proconnect/retour/",
    post_logout_redirect_uris=f"{relais_url}/accounts/login/",
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
