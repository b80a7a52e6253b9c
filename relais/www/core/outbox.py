"""The answer to a form sent by the phone's outbox (`relais/outbox.js`): JSON rather than a page.

The outbox posts the same fields as the form, with the header below; it shows `message` on the
queued item and, when the item was sent from the page still open, goes on to `url`. Person data
never goes in `message` (display codes and structure names only)."""

from functools import wraps

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

OUTBOX_HEADER = "X-Relais-Outbox"


def from_outbox(request) -> bool:
    return request.headers.get(OUTBOX_HEADER) == "1"


def done(request, message: str, url: str):
    """Recorded (or found recorded by an earlier submission): a flash and a redirect, or JSON."""
    if from_outbox(request):
        return JsonResponse({"ok": True, "message": message, "url": url})
    messages.success(request, message)
    return redirect(url)


def refused(errors) -> JsonResponse:
    """Nothing recorded: the reasons, in French, for the queued item."""
    return JsonResponse({"ok": False, "message": " ".join(str(e) for e in errors)})


def form_errors(form) -> list[str]:
    """Every error of a form, each prefixed by its field's label."""
    errors = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors += [f"{label} : {error}" if label else error for error in field_errors]
    return errors


def clear_site_data(view):
    """Logging out erases what the phone keeps of Relais: the outbox (IndexedDB), the service worker
    and its copies. `relais/outbox.js` does it before logging out; this header covers a page without it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return wrapped
