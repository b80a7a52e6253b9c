"""Playwright driving Debian's Chromium (never a browser downloaded by the test tool)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("RELAIS_REQUIRE_BROWSER"):
            pytest.fail(
                "Chromium est introuvable alors que RELAIS_REQUIRE_BROWSER est demandé (apt-get install chromium)."
            )
        pytest.skip("Chromium absent : installez le paquet Debian chromium pour les tests navigateur.")
    # Playwright runs an event loop in this thread; the ORM calls of the test itself stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    external = []
    page.on(
        "request", lambda request: external.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    page.external_requests = external
    yield page
    context.close()


def log_in(page, username, password="motdepasse-de-test"):
    page.goto("/accounts/login/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
