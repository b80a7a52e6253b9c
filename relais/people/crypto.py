"""Encryption at rest and the matching key. Both secrets come from the environment (settings)."""

import functools
import hashlib
import hmac
import re
import unicodedata

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

MASKED = "[masqué]"
# The matching key of an anonymised record: a random token, shared only by records that shared a key.
ANONYMISED_KEY_PREFIX = "anon-"
_PREFIX = "fernet:"


@functools.cache
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt(value: str) -> str:
    return _PREFIX + _fernet(settings.RELAIS_FIELD_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("valeur chiffrée inattendue")
    try:
        return _fernet(settings.RELAIS_FIELD_KEY).decrypt(token[len(_PREFIX) :].encode()).decode()
    except InvalidToken as exc:  # wrong key: refuse loudly rather than show garbage
        raise ValueError("clé de chiffrement RELAIS_FIELD_KEY incorrecte") from exc


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token: the database (and its dumps) never hold the clear value.

    Not searchable in SQL by design; lookups go through the matching key instead.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def normalise(text: str) -> str:
    """Lower case, no accents, letters and digits only: « Bébert-le Grand » → « bebertlegrand »."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", text)


def matching_key(*, alias: str, year_of_birth: int | None, sex: str) -> str:
    """HMAC-SHA256 of the normalised quasi-identifiers; empty without an alias (too weak to match)."""
    alias = normalise(alias)
    if not alias:
        return ""
    message = f"{alias}|{year_of_birth or ''}|{sex or ''}".encode()
    return hmac.new(settings.RELAIS_MATCHING_KEY.encode(), message, hashlib.sha256).hexdigest()


def mask_entirely(value: str) -> str:
    """django-auditlog mask: hide the whole value (its default shows half of it)."""
    return MASKED
