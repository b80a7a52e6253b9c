"""A real OpenID Connect provider (django-oauth-toolkit) that the ProConnect tests run on loopback.

Everything comes from the environment the test sets: database file, RSA key, issuer, claims.
"""

import json
import os
from pathlib import Path

SECRET_KEY = "test-provider-only-not-secret-0123456789-abcdefghijklmnop"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("PROVIDER_DB", ":memory:")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
# Its own cookie names: the browser of the tests talks to Relais and to it.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ.get("PROVIDER_RSA_KEY", ""),
    "OIDC_ISS_ENDPOINT": os.environ.get("PROVIDER_ISSUER", ""),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "Adresse électronique",
        "given_name": "Prénom",
        "usual_name": "Nom",
        "siret": "SIRET",
        "uid": "Identifiant",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validator.ProConnectLikeValidator",
}
# {username: {claim: value}}: what the provider says about each of its users (acr, amr, siret…).
PROVIDER_CLAIMS = json.loads(os.environ.get("PROVIDER_CLAIMS", "{}"))
# A file whose content the test writes to make the provider misbehave: "wrong_audience", "expired".
PROVIDER_MODE_FILE = os.environ.get("PROVIDER_MODE_FILE", "")
