"""The one way a view runs a service for a form, and the one way it answers with a CSV file."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from relais.www.core.downloads import csv_download
from relais.www.core.services import flash_submit, submit


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def _refuse(error):
    def call():
        raise error

    return call


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_submit_returns_the_service_result_for_a_valid_form():
    form = NameForm({"name": "Ourcq"})
    assert submit(form, lambda: form.cleaned_data["name"].upper()) == "OURCQ"
    assert form.errors == {}


def test_submit_does_not_call_the_service_for_an_invalid_form():
    calls = []
    form = NameForm({"name": ""})
    assert submit(form, lambda: calls.append(1)) is None
    assert calls == []
    assert form.errors["name"]


def test_submit_puts_the_service_errors_on_the_fields_they_name_and_the_rest_on_the_form():
    form = NameForm({"name": "Ourcq"})
    error = ValidationError({"name": "Ce nom est pris.", "cog": "Code INSEE inconnu."})
    assert submit(form, _refuse(error)) is None
    assert form.errors["name"] == ["Ce nom est pris."]
    assert form.non_field_errors() == ["Code INSEE inconnu."]


def test_submit_puts_an_error_without_field_with_the_non_field_errors():
    form = NameForm({"name": "Ourcq"})
    assert submit(form, _refuse(ValidationError("Déjà clos."))) is None
    assert form.non_field_errors() == ["Déjà clos."]


def test_flash_submit_flashes_each_reason_with_the_prefix():
    request = _request()
    error = ValidationError({"name": "Ce nom est pris.", "cog": "Code INSEE inconnu."})
    assert flash_submit(request, _refuse(error), form=NameForm({"name": "Ourcq"}), prefix="Ourcq : ") is None
    assert [str(m) for m in get_messages(request)] == ["Ourcq : Ce nom est pris.", "Ourcq : Code INSEE inconnu."]


def test_flash_submit_replaces_the_parse_errors_by_the_message_given():
    request = _request()
    assert flash_submit(request, lambda: 1, form=NameForm({"name": ""}), invalid="Indiquez un nom.") is None
    assert [str(m) for m in get_messages(request)] == ["Indiquez un nom."]


def test_flash_submit_without_form_runs_the_service():
    request = _request()
    assert flash_submit(request, lambda: "fait") == "fait"
    assert list(get_messages(request)) == []


@pytest.mark.parametrize("formula", ["=1+1", "+70 places", "-2", "@SUM(A1)"])
def test_csv_download_writes_no_formula(formula):
    response = csv_download([["titre", "nombre"], [formula, -2], [None, 3.5]], filename="export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert response.content.decode("utf-8") == f"\ufefftitre;nombre\r\n'{formula};-2\r\n;3.5\r\n"
