import re

from tests.helpers import text_of


def page_text(response) -> str:
    """What a reader sees: tags removed, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split()).replace(" ,", ",")
