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
