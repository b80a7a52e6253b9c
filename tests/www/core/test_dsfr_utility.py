"""The pages load a subset of the DSFR's utility stylesheet: it must hold every utility class in use."""

import runpy
from pathlib import Path

from tests.helpers import select

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "dsfr_utility_subset.py"


def test_the_utility_subset_is_up_to_date():
    """A template using a new icon fails here until `make dsfr-utility` is run."""
    script = runpy.run_path(str(SCRIPT))
    assert script["TARGET"].read_text() == script["build"](), "lancez make dsfr-utility"
    assert ".fr-icon-phone-line" in script["TARGET"].read_text()


def test_pages_load_the_subset_not_the_whole_sheet(client):
    page = client.get("/accounts/login/")
    hrefs = [link["href"] for link in select(page, "link[rel=stylesheet]")]
    assert "/static/relais/dsfr-utility.css" in hrefs
    assert not any("utility.min.css" in href for href in hrefs)
