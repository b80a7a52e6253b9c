"""Checks that keep person-level data out of the sites domain, where only counts belong."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from relais.utils.identifiers import PARIS_ARRONDISSEMENTS, validate_cog

ERROR_IDENTITY = (
    "Ce texte semble désigner une personne ({reason}). Les sites ne contiennent que des comptages : "
    "décrivez la situation sans nom, surnom, date de naissance ni coordonnées."
)
ERROR_FUTURE_DAY = "La date ne peut pas être dans le futur."
ERROR_FUTURE_MOMENT = "La date et l'heure ne peuvent pas être dans le futur."
ERROR_GEOJSON = "La zone doit être un objet GeoJSON de type Polygon ou MultiPolygon aux coordonnées valides."
ERROR_OTHER_COGS = "Indiquez des codes commune INSEE séparés par des virgules (par exemple « 75118, 75119 »)."

CONDITIONS_MAX_LENGTH = 280
CONDITIONS_HELP = (
    "280 caractères au plus. N'écrivez jamais de nom, de surnom ni aucun élément qui permette "
    "de reconnaître une personne : uniquement l'état du site (propreté, tensions, météo, matériel)."
)

# Obvious ways of writing down who someone is. The check is deliberately simple: it catches the
# common slips (a civility followed by a name, "s'appelle", a birth date, a phone number, an
# e-mail address, a social-security number) without pretending to detect every name.
_IDENTITY_PATTERNS = [
    (
        re.compile(r"\b(?:M\.|Mme|Mlle|Mr|Monsieur|Madame|Mademoiselle)\s+[A-ZÀ-Ý]", re.UNICODE),
        "civilité suivie d'un nom",
    ),
    (
        re.compile(r"\b(?:s[\u2019']appelle|nommée?|surnommée?|prénom|prénommée?|alias)\b", re.IGNORECASE),
        "nom ou surnom",
    ),
    (re.compile(r"\bdite?\s+[«\"“]", re.IGNORECASE), "surnom"),
    (re.compile(r"\bnée?\s+(?:le|en)\s+\d", re.IGNORECASE), "date de naissance"),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]19\d{2}\b"), "date de naissance"),
    (re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b"), "numéro de téléphone"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "adresse électronique"),
    (re.compile(r"\b[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b"), "numéro de sécurité sociale"),
]


def identity_reason(text: str) -> str | None:
    for pattern, reason in _IDENTITY_PATTERNS:
        if pattern.search(text or ""):
            return reason
    return None


def validate_no_identity(text: str) -> None:
    reason = identity_reason(text)
    if reason:
        raise ValidationError(ERROR_IDENTITY.format(reason=reason), code="identity")


def validate_not_future_day(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(ERROR_FUTURE_DAY, code="future")


def validate_not_future_moment(value) -> None:
    if value and value > timezone.now():
        raise ValidationError(ERROR_FUTURE_MOMENT, code="future")


def validate_other_cogs(value: str) -> None:
    for code in (part.strip() for part in (value or "").split(",")):
        if not code:
            continue
        try:
            validate_cog(code)
        except ValidationError:
            raise ValidationError(ERROR_OTHER_COGS, code="cogs") from None


def _valid_ring(ring) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(
            isinstance(p, list)
            and len(p) >= 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p[:2])
            and -180 <= p[0] <= 180
            and -90 <= p[1] <= 90
            for p in ring
        )
        and ring[0][:2] == ring[-1][:2]
    )


def validate_area_geojson(value) -> None:
    """A GeoJSON Polygon or MultiPolygon (longitude, latitude), rings closed."""
    if value in (None, ""):
        return
    if not isinstance(value, dict):
        raise ValidationError(ERROR_GEOJSON, code="geojson")
    kind, coordinates = value.get("type"), value.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError(ERROR_GEOJSON, code="geojson")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon or not all(_valid_ring(ring) for ring in polygon):
            raise ValidationError(ERROR_GEOJSON, code="geojson")


def cog_list(main: str, others: str) -> list[str]:
    codes = [main] + [c.strip() for c in (others or "").split(",") if c.strip()]
    return list(dict.fromkeys(codes))


def cog_labels(codes: list[str]) -> str:
    return ", ".join(PARIS_ARRONDISSEMENTS.get(code, code) for code in codes)
