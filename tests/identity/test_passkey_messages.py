"""What django-otp-webauthn says to users is in French: its scripts' messages (the JavaScript
catalog) and the errors its endpoints answer. The library ships no French: `locale/fr/`."""

import json
import re
from pathlib import Path

import django_otp_webauthn
import pytest
from django.urls import reverse

from relais.users.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _script_messages() -> set[str]:
    static = Path(django_otp_webauthn.__file__).parent / "static" / "django_otp_webauthn"
    found = set()
    for script in ("otp_webauthn_auth.js", "otp_webauthn_register.js"):
        found |= set(re.findall(r'gettext\("([^"]+)"\)', (static / script).read_text()))
    return found


def test_every_message_of_the_passkey_scripts_has_a_french_translation(client):
    messages = _script_messages()
    assert len(messages) > 20
    client.force_login(UserFactory(role=Role.SOIGNANT))
    script = client.get(reverse("otp_webauthn:js-i18n-catalog")).content.decode("utf-8")
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert [m for m in messages if not catalog.get(m) or catalog[m] == m] == []
    assert catalog["Register a Passkey"] == "Enregistrer une clé d'accès"


def test_the_endpoints_answer_in_french(client):
    client.force_login(UserFactory(role=Role.COMITE))  # no second factor asked of this role
    response = client.post(
        reverse("otp_webauthn:credential-authentication-complete"), "{}", content_type="application/json"
    )
    assert response.status_code >= 400
    detail = response.json()["detail"]
    assert detail in {"Opération expirée ou inconnue : recommencez depuis le début.", "Requête mal formée."}
