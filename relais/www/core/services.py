"""Running a domain service from a view: its French ValidationError lands on the form, or in the flash messages.

Services validate and raise `ValidationError`; they are atomic, so nothing is written when they refuse.
"""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def submit(form: forms.BaseForm, call: Callable[[], T]) -> T | None:
    """The service's result for a valid `form`, else None with the reasons on the form.

    An `error_dict` key of the service's ValidationError that names a form field goes on that field;
    every other error goes with the non-field errors. An unbound form (a GET) runs nothing and shows no error.
    """
    if not form.is_valid():
        return None
    try:
        return call()
    except ValidationError as exc:
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for field, errors in by_field.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def flash_submit(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    invalid: str = "",
    prefix: str = "",
) -> T | None:
    """`submit` for the pages that answer with a redirect: the reasons of a refusal become flash messages.

    Without a form the service has nothing to parse (a button). `invalid` replaces the form's own errors
    when its input does not parse; `prefix` names the object every message is about (a row of a table).
    """
    form = form if form is not None else forms.Form(data={})
    if invalid and not form.is_valid():
        messages.error(request, prefix + invalid)
        return None
    result = submit(form, call)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, prefix + error)
    return result
