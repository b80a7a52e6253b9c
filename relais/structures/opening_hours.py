"""Opening hours in the OpenStreetMap syntax (the data·inclusion schema's), read in French."""

import re

OPENING_HOURS_FR = {
    "Mo": "lun",
    "Tu": "mar",
    "We": "mer",
    "Th": "jeu",
    "Fr": "ven",
    "Sa": "sam",
    "Su": "dim",
    "PH": "jours fériés",
    "off": "fermé",
    "24/7": "24 h/24, 7 j/7",
}
OPENING_HOURS_WORDS = re.compile(r"24/7|\b(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|off)\b")


def opening_hours_in_french(text: str) -> str:
    """ "Mo-Fr 09:00-18:00" → "lun-ven 09:00-18:00"."""
    return OPENING_HOURS_WORDS.sub(lambda m: OPENING_HOURS_FR[m.group(0)], text)
