"""French public identifiers: SIRET, FINESS, INSEE COG. Validators raise French messages."""

import re

from django.core.exceptions import ValidationError

ERROR_SIRET = "Le SIRET doit compter 14 chiffres et sa clé de contrôle (Luhn) doit être juste."
ERROR_FINESS = "Le numéro FINESS doit compter 9 caractères (département puis 7 chiffres) avec une clé juste."
ERROR_COG = (
    "Le code commune INSEE doit être un arrondissement de Paris (75101 à 75120) "
    "ou un code commune valide à 5 caractères."
)

PARIS_ARRONDISSEMENTS = {f"751{n:02d}": f"Paris {n}{'er' if n == 1 else 'e'}" for n in range(1, 21)}
_COG_RE = re.compile(r"^(?:(?:0[1-9]|[1-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-6]\d{2})$")
_FINESS_RE = re.compile(r"^(?:\d{2}|2[AB])\d{7}$")
# La Poste's establishments share one SIREN whose SIRETs follow another rule (sum divisible by 5).
_LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_key(digits: str) -> str:
    """The check digit to append to `digits` so that the whole passes Luhn."""
    for key in "0123456789":
        if luhn_valid(digits + key):
            return key
    raise AssertionError("unreachable")


def validate_siret(value: str) -> None:
    if not (len(value) == 14 and value.isdigit()):
        raise ValidationError(ERROR_SIRET, code="siret")
    if value.startswith(_LA_POSTE_SIREN):
        if sum(int(c) for c in value) % 5:
            raise ValidationError(ERROR_SIRET, code="siret")
    elif not luhn_valid(value):
        raise ValidationError(ERROR_SIRET, code="siret")


def validate_finess(value: str) -> None:
    if not _FINESS_RE.match(value or ""):
        raise ValidationError(ERROR_FINESS, code="finess")
    # Corsican numbers start with 2A/2B, which the key computes as 20.
    if not luhn_valid(value.replace("2A", "20", 1).replace("2B", "20", 1)):
        raise ValidationError(ERROR_FINESS, code="finess")


def validate_cog(value: str) -> None:
    if value.startswith("751") and value not in PARIS_ARRONDISSEMENTS:
        raise ValidationError(ERROR_COG, code="cog")
    if not _COG_RE.match(value or ""):
        raise ValidationError(ERROR_COG, code="cog")


def cog_label(value: str) -> str:
    return PARIS_ARRONDISSEMENTS.get(value, value)
