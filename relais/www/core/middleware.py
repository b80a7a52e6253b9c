from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


class NoStoreWhenAuthenticatedMiddleware:
    """Nothing a signed-in user sees is kept by the browser or a proxy: shared phones, logout.

    After the view, so that a user authenticated by an API key (set by the API view) counts too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class HtmxMessagesMiddleware:
    """Every htmx swap carries the flash messages its request produced, out of band into `#messages`.

    A fragment (a table row, a panel) has no messages block: without this a confirmation or a refusal
    would wait for the next full page, out of context. A full page that showed them already marks the
    storage as used, and nothing is added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.streaming:
            return response
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            return response
        storage = messages.get_messages(request)
        if storage.used or not len(storage):
            return response
        oob = render_to_string("core/_messages.html", {"messages": storage, "oob": True}, request=request)
        response.content += oob.encode()
        return response
