"""The CSP lets the sign-in button and the sign-out form lead to ProConnect, and nowhere else.

Chromium applies `form-action` to the redirects that follow a form: with `'self'` only, the
ProConnect button (a form) and the sign-out (a form whose answer goes to the provider's
end_session endpoint) stopped in the browser (tests/browser/test_proconnect_browser.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _form_action(response) -> list[str]:
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    return directives["form-action"].split()


def test_form_action_names_the_provider_when_proconnect_is_on(client, settings):
    settings.PROCONNECT_ISSUER = "https://auth.proconnect.example/api/v2"
    settings.OIDC_RP_CLIENT_ID = "relais"
    assert _form_action(client.get(reverse("login"))) == ["'self'", "https://auth.proconnect.example"]


def test_form_action_is_self_only_without_proconnect(client, settings):
    settings.PROCONNECT_ISSUER = ""
    assert _form_action(client.get(reverse("login"))) == ["'self'"]
