import html

from bs4 import BeautifulSoup, Tag
from django.contrib.messages import get_messages
from django.test.html import parse_html


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    """The page as a reader sees it: HTML entities decoded."""
    return html.unescape(response.content.decode())


def parse(source) -> BeautifulSoup | Tag:
    """HTML as a tree: from a response, HTML text, or an element already parsed (returned as is).

    Python's own parser keeps a fragment as it is (an htmx `<tr>` stays a `<tr>`)."""
    if isinstance(source, Tag):
        return source
    markup = source if isinstance(source, str) else source.content.decode()
    return BeautifulSoup(markup, "html.parser")


def select(source, selector: str) -> list[Tag]:
    """Every element matching the CSS selector: `select(response, "#structure-3 td[data-testid=free]")`."""
    return parse(source).select(selector)


def select_one(source, selector: str) -> Tag:
    """The one element matching the CSS selector; fails when there are none or several."""
    found = select(source, selector)
    assert len(found) == 1, f"{len(found)} elements match {selector!r}, 1 expected"
    return found[0]


def text(element: Tag) -> str:
    """An element's text as read on screen: entities decoded, runs of white space as one space."""
    return " ".join(element.get_text(" ").split())


def texts(source, selector: str) -> list[str]:
    return [text(element) for element in select(source, selector)]


def _comparable(element: Tag):
    """The element as Django's HTML comparison sees it, less the per-response CSRF token."""
    for token in element.select("input[name=csrfmiddlewaretoken]"):
        token.decompose()
    return parse_html(str(element))


def assert_swap_matches_reload(fragment_response, page_response, selector: str) -> None:
    """What htmx swapped in is what a full reload shows: the fragment's element matching `selector`
    equals the page's one (same tags, attributes and text; white space and attribute order aside)."""
    assert fragment_response.status_code == 200
    assert page_response.status_code == 200
    swapped = select_one(fragment_response, selector)
    reloaded = select_one(page_response, selector)
    assert _comparable(swapped) == _comparable(reloaded), f"{selector!r} differs from the full page:\n{swapped}"


def assert_published(shown, true: int) -> None:
    """A person count as an outside audience reads it: never 1 to 10 exactly, within the noise otherwise."""
    from relais.indicators.publication import MASKED, MAX_NOISE, SMALL, THRESHOLD

    shown = str(shown).replace("\u202f", "")
    if true == 0:
        assert shown == "0", (shown, true)
    elif true < THRESHOLD:
        assert shown == SMALL, (shown, true)
    elif shown != MASKED:
        assert int(shown) >= THRESHOLD and abs(int(shown) - true) <= MAX_NOISE, (shown, true)
