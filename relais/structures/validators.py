import re

from django.core.exceptions import ValidationError
from opening_hours import OpeningHours, ParserError

ERROR_OPENING_HOURS = "Horaires illisibles : utilisez la syntaxe OpenStreetMap, par exemple « Mo-Fr 09:00-18:00 »."


def validate_opening_hours(value: str) -> None:
    if not value:
        return
    try:
        OpeningHours(value)
    except ParserError as exc:
        raise ValidationError(ERROR_OPENING_HOURS, code="opening_hours") from exc


ERROR_PHONE = "Numéro illisible : dix chiffres (01 40 00 00 00) ou format international (+33 1 40 00 00 00)."
PHONE = re.compile(r"(0\d|\+\d{2,3} ?\d)([ .]?\d{2}){4}")


def validate_phone(value: str) -> None:
    if value and not PHONE.fullmatch(value.strip()):
        raise ValidationError(ERROR_PHONE, code="phone")
