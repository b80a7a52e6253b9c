"""Production: refuses to start without a real secret key; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DEMO_ACCESS_LOG_KEY,
    DEMO_CELL_KEY_SECRET,
    DEMO_FIELD_KEY_SEED,
    DEMO_MATCHING_KEY,
    DEMO_SECRET_KEYS,
    RELAIS_ACCESS_LOG_KEY,
    RELAIS_CELL_KEY_SECRET,
    RELAIS_FIELD_KEY,
    RELAIS_MATCHING_KEY,
    SECRET_KEY,
    demo_key,
    env_bool,
)

# Every key the demo and the tests use is public: production refuses each of them.
PUBLIC_KEYS = {
    DEMO_ACCESS_LOG_KEY,
    DEMO_CELL_KEY_SECRET,
    DEMO_MATCHING_KEY,
    demo_key(DEMO_FIELD_KEY_SEED),
    *DEMO_SECRET_KEYS,
}

if (
    len(SECRET_KEY) < 50
    or SECRET_KEY.startswith(("dev-", "test-", "django-insecure"))
    or any(public in SECRET_KEY for public in DEMO_SECRET_KEYS)
):
    raise ImproperlyConfigured("SECRET_KEY doit être une valeur secrète d'au moins 50 caractères.")

if RELAIS_FIELD_KEY in PUBLIC_KEYS:
    raise ImproperlyConfigured("RELAIS_FIELD_KEY est la clé publique de démonstration : donnez une clé secrète.")
try:
    from cryptography.fernet import Fernet

    Fernet(RELAIS_FIELD_KEY)
except ValueError as exc:
    raise ImproperlyConfigured(
        "RELAIS_FIELD_KEY doit être une clé Fernet (32 octets en base64 URL), par exemple "
        "celle de `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
    ) from exc
if len(RELAIS_MATCHING_KEY) < 32 or "demo" in RELAIS_MATCHING_KEY or RELAIS_MATCHING_KEY in PUBLIC_KEYS:
    raise ImproperlyConfigured("RELAIS_MATCHING_KEY doit être une valeur secrète d'au moins 32 caractères.")
if len(RELAIS_ACCESS_LOG_KEY) < 32 or "demo" in RELAIS_ACCESS_LOG_KEY or RELAIS_ACCESS_LOG_KEY in PUBLIC_KEYS:
    raise ImproperlyConfigured(
        "RELAIS_ACCESS_LOG_KEY (scellement du journal des accès) doit être une valeur secrète d'au moins 32 caractères."
    )
if len(RELAIS_CELL_KEY_SECRET) < 32 or "demo" in RELAIS_CELL_KEY_SECRET or RELAIS_CELL_KEY_SECRET in PUBLIC_KEYS:
    raise ImproperlyConfigured(
        "RELAIS_CELL_KEY_SECRET (clés de la perturbation des chiffres publiés) doit être une valeur secrète "
        "d'au moins 32 caractères."
    )

DEBUG = False
RELAIS_DEMO = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
