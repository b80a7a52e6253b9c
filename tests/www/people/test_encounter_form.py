"""The maraude's encounter form: the time of the encounter, and only the fields of the « Qui ? » mode."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relais.people.models import Contact
from relais.people.services import ERROR_CONTACT_IN_FUTURE, ERROR_CONTACT_TOO_OLD, contact_record
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, select_one

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))  # winter time
NIGHT = datetime.datetime(2026, 11, 30, 1, 30, tzinfo=PARIS)


def _post(client, **data):
    return client.post(
        reverse("people:contact_create"),
        {
            "location_label": "Porte de la Villette",
            "cog": "75119",
            "who": "anonymous",
            "people_count": 3,
            "sex": "unknown",
            **data,
        },
    )


def test_the_form_groups_its_fields_by_mode_and_asks_the_time(client):
    client.force_login(UserFactory(role=Role.MARAUDE))
    page = client.get(reverse("people:contact_create"))
    assert select_one(page, "input[name=heure]")["type"] == "time"
    modes = {section["data-who"]: section for section in select(page, "[data-who]")}
    assert set(modes) == {"anonymous", "known", "new", "known new"}
    assert select_one(modes["anonymous"], "input[name=people_count]")
    assert select_one(modes["known"], "input[name=code]")
    assert select_one(modes["new"], "input[name=alias]")
    assert select_one(modes["known new"], "input[name=then_refer]")
    assert select_one(page, "script[src$='relais/encounter.js']")


@time_machine.travel(NIGHT, tick=False)
def test_an_encounter_earlier_in_the_night_keeps_its_time(client):
    client.force_login(UserFactory(role=Role.MARAUDE))
    assert _post(client, heure="23:40").status_code == 302  # before midnight: yesterday
    assert _post(client, heure="00:50").status_code == 302
    assert _post(client).status_code == 302  # empty: now
    times = [timezone.localtime(c.occurred_at).strftime("%d %H:%M") for c in Contact.objects.order_by("pk")]
    assert times == ["29 23:40", "30 00:50", "30 01:30"]


def test_the_service_refuses_an_encounter_in_the_future_or_too_old():
    user = UserFactory(role=Role.MARAUDE)
    now = timezone.now()
    for at, message in (
        (now + datetime.timedelta(hours=1), ERROR_CONTACT_IN_FUTURE),
        (now - datetime.timedelta(hours=25), ERROR_CONTACT_TOO_OLD),
    ):
        with pytest.raises(ValidationError) as refused:
            contact_record(by=user, location_label="Stalingrad", occurred_at=at, people_count=2)
        assert refused.value.message_dict == {"occurred_at": [message]}
    assert not Contact.objects.exists()
