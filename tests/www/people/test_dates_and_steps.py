"""Date inputs carry ISO values browsers accept; a refused step or consent says which field is wrong."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

import relais.www
from relais.pathways.models import PathwayStep
from relais.people.models import Consent
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, select_one, text
from tests.people.factories import PathwayStepFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _www_forms():
    for module_info in pkgutil.walk_packages(relais.www.__path__, "relais.www."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_every_date_input_of_the_pages_renders_an_iso_value():
    """`<input type="date" value="30/11/2026">` is empty in every browser: the value must be 2026-11-30."""
    checked = 0
    for form_class in _www_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                html = field.widget.render(name, datetime.date(2026, 11, 30))
                assert 'value="2026-11-30"' in html, f"{form_class.__name__}.{name}: {html}"
                checked += 1
    assert checked > 10


@pytest.fixture
def soignant_and_person(client):
    person = PersonFactory()
    user = UserFactory(role=Role.SOIGNANT, organization=person.created_by_organization)
    client.force_login(user)
    return user, person


def test_the_person_page_prefills_today_in_iso(client, soignant_and_person):
    _, person = soignant_and_person
    page = client.get(reverse("people:person_detail", args=[person.pk]))
    today = timezone.localdate().isoformat()
    assert select_one(page, "input[name=on]")["value"] == today
    assert select_one(page, "input[name=given_on]")["value"] == today


def _field_error(response, name):
    group = select_one(response, f"form [name={name}]").find_parent(class_="fr-input-group")
    return text(select_one(group, ".fr-error-text"))


def test_a_step_with_an_unreadable_date_says_so_at_the_date_field(client, soignant_and_person):
    _, person = soignant_and_person
    response = client.post(
        reverse("people:step_add", args=[person.pk]), {"kind": "csapa", "on": "30/13/2026", "status": "planned"}
    )
    assert response.status_code == 200
    assert _field_error(response, "on") == "Saisissez une date valide."
    assert select_one(response, "form [name=on]")["aria-invalid"] == "true"
    assert not PathwayStep.objects.exists()


def test_a_consent_dated_tomorrow_says_so_at_the_date_field(client, soignant_and_person):
    _, person = soignant_and_person
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("people:consent_add", args=[person.pk]), {"purpose": "coordination", "given_on": tomorrow.isoformat()}
    )
    assert _field_error(response, "given_on") == "La date de recueil ne peut pas être dans le futur."
    assert not Consent.objects.exists()


def test_a_done_step_dated_in_the_future_is_refused(client, soignant_and_person):
    _, person = soignant_and_person
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("people:step_add", args=[person.pk]), {"kind": "housing", "on": tomorrow.isoformat(), "status": "done"}
    )
    assert _field_error(response, "on") == "Une étape réalisée ne peut pas être datée dans le futur."
    assert not PathwayStep.objects.exists()
    # Planned for tomorrow is what a plan is.
    client.post(
        reverse("people:step_add", args=[person.pk]),
        {"kind": "housing", "on": tomorrow.isoformat(), "status": "planned"},
    )
    assert PathwayStep.objects.get().status == "planned"


def test_a_future_step_cannot_be_marked_done(client, soignant_and_person):
    user, person = soignant_and_person
    step = PathwayStepFactory(
        person=person,
        organization=user.organization,
        recorded_by=user,
        status="planned",
        on=timezone.localdate() + datetime.timedelta(days=3),
    )
    response = client.post(
        reverse("people:step_update", args=[step.pk]), {"status": "done", "outcome": ""}, follow=True
    )
    assert "Une étape réalisée ne peut pas être datée dans le futur." in [
        text(m) for m in select(response, "#messages p")
    ]
    step.refresh_from_db()
    assert step.status == "planned"
